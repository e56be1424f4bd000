import type { DailyBudgetState } from './budget.js';
import type { RateLimitHeaders } from './headers.js';
import type { PacerState } from './limiter.js';

export interface HubSpotStats {
  /** Requests sent over the wire (every attempt of every call). */
  requests: number;
  /** Answers by HTTP status, plus `network` and `timeout` for calls with no answer. */
  byStatus: Record<string, number>;
  retries: number;
  rateLimited429: number;
  /** 429s by `policyName` (`unknown` when the body named none). */
  byPolicy: Record<string, number>;
  /** Calls counted against this process's share of the daily quota. */
  dailyUsed: number;
  daily: DailyBudgetState;
  lastRateLimit?: RateLimitHeaders & { at: number };
  tokenRefreshes: number;
  limiter: { standard: PacerState; search: PacerState };
}

export class StatsRecorder {
  requests = 0;
  readonly byStatus: Record<string, number> = {};
  retries = 0;
  rateLimited429 = 0;
  readonly byPolicy: Record<string, number> = {};
  tokenRefreshes = 0;
  lastRateLimit: (RateLimitHeaders & { at: number }) | undefined;

  recordAnswer(status: number | 'network' | 'timeout'): void {
    this.requests += 1;
    const key = String(status);
    this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
  }

  recordRateLimited(policyName: string | undefined): void {
    this.rateLimited429 += 1;
    const key = policyName ?? 'unknown';
    this.byPolicy[key] = (this.byPolicy[key] ?? 0) + 1;
  }

  recordHeaders(headers: RateLimitHeaders, at: number): void {
    if (Object.keys(headers).length > 0) this.lastRateLimit = { ...headers, at };
  }

  snapshot(
    daily: DailyBudgetState,
    limiter: { standard: PacerState; search: PacerState },
  ): HubSpotStats {
    const stats: HubSpotStats = {
      requests: this.requests,
      byStatus: { ...this.byStatus },
      retries: this.retries,
      rateLimited429: this.rateLimited429,
      byPolicy: { ...this.byPolicy },
      dailyUsed: daily.used,
      daily,
      tokenRefreshes: this.tokenRefreshes,
      limiter,
    };
    if (this.lastRateLimit) stats.lastRateLimit = { ...this.lastRateLimit };
    return stats;
  }
}
