import pRetry from 'p-retry';
import { HubSpotApiError, RatePolicy, isHubSpotApiError, isHubSpotNetworkError } from './errors.js';

/** Statuses HubSpot documents as transient. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([
  423, 429, 500, 502, 503, 504, 521, 523, 524,
]);

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The burst window to wait out on an exhausted TEN_SECONDLY_ROLLING bucket. */
  burstWindowMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  burstWindowMs: 10_000,
};

export interface RetryPlan {
  delayMs: number;
  reason: string;
}

/** Exponential backoff with "equal jitter": half fixed, half random. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * How long to wait before retrying `error` (after attempt number `attempt`), or undefined
 * when it must not be retried.
 */
export function planRetry(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): RetryPlan | undefined {
  const jitter = () => Math.round(250 * random());
  if (isHubSpotApiError(error)) {
    if (!RETRYABLE_STATUSES.has(error.status)) return undefined;
    if (error.status === 429) return planRateLimitRetry(error, attempt, policy, random, jitter);
    if (error.status === 423) {
      return {
        delayMs: Math.max(2_000 + jitter(), backoffDelay(attempt, policy, random)),
        reason: '423 locked',
      };
    }
    return { delayMs: backoffDelay(attempt, policy, random), reason: `${error.status}` };
  }
  if (isHubSpotNetworkError(error)) {
    return { delayMs: backoffDelay(attempt, policy, random), reason: error.code };
  }
  return undefined;
}

function planRateLimitRetry(
  error: HubSpotApiError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  jitter: () => number,
): RetryPlan | undefined {
  const policyName = error.policyName ?? 'unknown';
  if (policyName === RatePolicy.DAILY) return undefined;
  const reason = `429 ${policyName}`;
  if (error.retryAfterMs !== undefined) {
    return { delayMs: error.retryAfterMs + jitter(), reason: `${reason} (Retry-After)` };
  }
  if (policyName === RatePolicy.SECONDLY) return { delayMs: 1_000 + jitter(), reason };
  if (policyName === RatePolicy.TEN_SECONDLY_ROLLING && bucketExhausted(error)) {
    return { delayMs: policy.burstWindowMs + jitter(), reason };
  }
  // A 429 whose headers show room left is not the bucket: back off briefly.
  return { delayMs: Math.max(1_000, backoffDelay(attempt, policy, random)), reason };
}

/** True unless the 429 itself reported remaining room in the bucket. */
export function bucketExhausted(error: HubSpotApiError): boolean {
  return error.rateLimitRemaining === undefined || error.rateLimitRemaining <= 0;
}

export interface RetryHooks {
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  signal?: AbortSignal;
  onRetry?: (info: { error: Error; attempt: number; delayMs: number; reason: string }) => void;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the policy's attempts
 * are spent (then the last error is thrown). p-retry counts; our plan decides and sleeps.
 */
export async function runWithRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<T> {
  return pRetry(attempt, {
    retries: Math.max(0, policy.maxAttempts - 1),
    minTimeout: 0,
    factor: 1,
    randomize: false,
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    shouldRetry: async ({ error, attemptNumber }) => {
      const plan = planRetry(error, attemptNumber, policy, hooks.random);
      if (!plan) return false;
      hooks.onRetry?.({ error, attempt: attemptNumber, ...plan });
      await hooks.sleep(plan.delayMs, hooks.signal);
      return true;
    },
  });
}
