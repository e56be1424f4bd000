import type { Knobs, Tier } from '../portal/types.js';
import type { RatePolicy } from './stats.js';

export interface TierLimits {
  /** Requests per rolling burst interval (the "ten-secondly" bucket). */
  burst: number;
  intervalMs: number;
  /** Requests per UTC day, or null when the tier has no daily quota (public OAuth apps). */
  daily: number | null;
  /** Search requests per rolling second, per account. */
  searchPerSecond: number;
}

const TEN_SECONDS = 10_000;

// HubSpot's published limits per tier (docs/BEHAVIOR.md, "Rate limits"). `addon` is Enterprise plus one API-limit add-on.
export const TIER_LIMITS: Readonly<Record<Tier, TierLimits>> = Object.freeze({
  free: { burst: 100, intervalMs: TEN_SECONDS, daily: 250_000, searchPerSecond: 5 },
  starter: { burst: 100, intervalMs: TEN_SECONDS, daily: 250_000, searchPerSecond: 5 },
  professional: { burst: 190, intervalMs: TEN_SECONDS, daily: 625_000, searchPerSecond: 5 },
  enterprise: { burst: 190, intervalMs: TEN_SECONDS, daily: 1_000_000, searchPerSecond: 5 },
  addon: { burst: 250, intervalMs: TEN_SECONDS, daily: 2_000_000, searchPerSecond: 5 },
  oauth: { burst: 110, intervalMs: TEN_SECONDS, daily: null, searchPerSecond: 5 },
});

export type TierOverrides = Partial<Record<Tier, Partial<TierLimits>>>;

export type RequestKind = 'standard' | 'search';

export type LimitDecision =
  | { allowed: true; headers: Record<string, string> }
  | { allowed: false; policy: RatePolicy; retryAfterMs: number; headers: Record<string, string> };

export interface RateLimiter {
  consume(kind: RequestKind, limits: Knobs['limits']): LimitDecision;
  limitsFor(tier: Tier): TierLimits;
  reset(): void;
}

const DAY_MS = 86_400_000;

/** Rolling windows over accepted requests; rejected ones count nowhere, as at HubSpot. */
export function createRateLimiter(now: () => number, overrides: TierOverrides = {}): RateLimiter {
  const burst = createRollingWindow();
  const search = createRollingWindow();
  let day = -1;
  let dailyUsed = 0;

  function limitsFor(tier: Tier): TierLimits {
    return { ...TIER_LIMITS[tier], ...overrides[tier] };
  }

  function buildHeaders(tier: TierLimits, at: number): Record<string, string> {
    const headers: Record<string, string> = {
      'x-hubspot-ratelimit-max': String(tier.burst),
      'x-hubspot-ratelimit-remaining': String(
        Math.max(0, tier.burst - burst.count(at, tier.intervalMs)),
      ),
      'x-hubspot-ratelimit-interval-milliseconds': String(tier.intervalMs),
    };
    if (tier.daily !== null) {
      headers['x-hubspot-ratelimit-daily'] = String(tier.daily);
      headers['x-hubspot-ratelimit-daily-remaining'] = String(Math.max(0, tier.daily - dailyUsed));
    }
    return headers;
  }

  return {
    limitsFor,
    reset() {
      burst.clear();
      search.clear();
      dailyUsed = 0;
    },
    consume(kind, knobs) {
      const at = now();
      const today = Math.floor(at / DAY_MS);
      if (today !== day) {
        day = today;
        dailyUsed = 0;
      }
      const tier = limitsFor(knobs.tier);
      const window = kind === 'search' ? search : burst;
      const intervalMs = kind === 'search' ? 1_000 : tier.intervalMs;
      const max = kind === 'search' ? tier.searchPerSecond : tier.burst;
      if (knobs.enabled) {
        const rejection = findRejection();
        if (rejection) {
          const headers = kind === 'search' ? {} : buildHeaders(tier, at);
          return { allowed: false, ...rejection, headers };
        }
      }
      window.add(at, intervalMs);
      dailyUsed += 1;
      return { allowed: true, headers: kind === 'search' ? {} : buildHeaders(tier, at) };

      function findRejection(): { policy: RatePolicy; retryAfterMs: number } | undefined {
        if (tier.daily !== null && dailyUsed >= tier.daily) {
          return { policy: 'DAILY', retryAfterMs: (today + 1) * DAY_MS - at };
        }
        if (window.count(at, intervalMs) >= max) {
          const policy = kind === 'search' ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING';
          return { policy, retryAfterMs: window.oldest() + intervalMs - at };
        }
        return undefined;
      }
    },
  };
}

/** Timestamps of accepted requests, oldest first; expired ones are dropped lazily. */
function createRollingWindow() {
  let stamps: number[] = [];
  let head = 0;
  function prune(at: number, intervalMs: number): void {
    while (head < stamps.length && (stamps[head] as number) <= at - intervalMs) head += 1;
    if (head > 1024 && head * 2 > stamps.length) {
      stamps = stamps.slice(head);
      head = 0;
    }
  }
  return {
    add(at: number, intervalMs: number) {
      prune(at, intervalMs);
      stamps.push(at);
    },
    count(at: number, intervalMs: number): number {
      prune(at, intervalMs);
      return stamps.length - head;
    },
    oldest(): number {
      return stamps[head] ?? 0;
    },
    clear() {
      stamps = [];
      head = 0;
    },
  };
}
