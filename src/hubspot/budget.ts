import { DailyLimitError } from './errors.js';
import type { RateLimitHeaders } from './headers.js';

export interface DailyBudgetOptions {
  /** This process's fraction of the portal's daily quota. */
  share: number;
  /** The tier's quota until a `-Daily` header says otherwise; null = no daily quota. */
  dailyLimit: number | null;
  now: () => number;
  /** While spent, one call per this interval goes through to see whether the day has reset. */
  probeIntervalMs?: number;
}

export interface DailyBudgetState {
  used: number;
  allowed: number | null;
  dailyLimit: number | null;
  portalRemaining?: number;
  exhausted?: 'share' | 'portal';
}

/**
 * Counts this process's calls against its share of the daily quota. HubSpot resets the quota
 * at midnight in the account's time zone, which we cannot know, so a reset is detected from
 * `-Daily-Remaining` jumping up; while spent, an occasional probe call looks for that jump.
 */
export class DailyBudget {
  readonly #share: number;
  readonly #now: () => number;
  readonly #probeIntervalMs: number;
  #dailyLimit: number | null;
  #used = 0;
  #portalRemaining: number | undefined;
  #exhausted: 'share' | 'portal' | undefined;
  #lastProbeAt = Number.NEGATIVE_INFINITY;

  constructor(options: DailyBudgetOptions) {
    this.#share = options.share;
    this.#dailyLimit = options.dailyLimit;
    this.#now = options.now;
    this.#probeIntervalMs = options.probeIntervalMs ?? 600_000;
  }

  get allowed(): number | null {
    return this.#dailyLimit === null ? null : Math.floor(this.#dailyLimit * this.#share);
  }

  /** Throws DailyLimitError when the share (or the portal's quota) is spent, bar a due probe. */
  reserve(): void {
    const allowed = this.allowed;
    if (!this.#exhausted && allowed !== null && this.#used >= allowed) this.#markSpent('share');
    if (this.#exhausted) {
      const now = this.#now();
      if (now - this.#lastProbeAt < this.#probeIntervalMs) {
        throw new DailyLimitError(this.#exhausted, this.#used, allowed);
      }
      this.#lastProbeAt = now;
    }
    this.#used += 1;
  }

  observe(headers: RateLimitHeaders): void {
    if (headers.daily !== undefined && headers.daily > 0) this.#dailyLimit = headers.daily;
    const remaining = headers.dailyRemaining;
    if (remaining === undefined) return;
    const previous = this.#portalRemaining;
    this.#portalRemaining = remaining;
    // Answers arrive out of order, so small rises are noise; a large one is the daily reset.
    const noise = Math.max(1_000, (this.#dailyLimit ?? 0) * 0.01);
    if (previous !== undefined && remaining > previous + noise) this.#reset();
    else if (this.#exhausted === 'portal' && remaining > 0) this.#reset();
    else if (remaining === 0 && !this.#exhausted) this.#markSpent('portal');
  }

  /** HubSpot answered 429 DAILY. */
  markPortalSpent(): void {
    this.#markSpent('portal');
  }

  // The answer that told us is as fresh as a probe, so the first probe waits an interval.
  #markSpent(reason: 'share' | 'portal'): void {
    this.#exhausted = reason;
    this.#lastProbeAt = this.#now();
  }

  #reset(): void {
    this.#used = 0;
    this.#exhausted = undefined;
    this.#lastProbeAt = Number.NEGATIVE_INFINITY;
  }

  state(): DailyBudgetState {
    const state: DailyBudgetState = {
      used: this.#used,
      allowed: this.allowed,
      dailyLimit: this.#dailyLimit,
    };
    if (this.#portalRemaining !== undefined) state.portalRemaining = this.#portalRemaining;
    if (this.#exhausted) state.exhausted = this.#exhausted;
    return state;
  }
}
