import { describe, expect, it } from 'vitest';
import {
  HubSpotApiError,
  HubSpotAuthError,
  HubSpotNetworkError,
  HubSpotTimeoutError,
  DailyLimitError,
} from '../../../src/hubspot/errors.js';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  planRetry,
  runWithRetries,
} from '../../../src/hubspot/retry.js';

const policy = DEFAULT_RETRY_POLICY;
const mid = () => 0.5;
const api = (
  status: number,
  extra: Partial<ConstructorParameters<typeof HubSpotApiError>[0]> = {},
) => new HubSpotApiError({ status, method: 'GET', path: '/x', message: 'm', ...extra });

describe('planRetry', () => {
  it('waits out the 10 s window on an exhausted TEN_SECONDLY_ROLLING bucket', () => {
    const plan = planRetry(
      api(429, { policyName: 'TEN_SECONDLY_ROLLING', rateLimitRemaining: 0 }),
      1,
      policy,
      mid,
    );
    expect(plan?.delayMs).toBeGreaterThanOrEqual(10_000);
    expect(plan?.delayMs).toBeLessThanOrEqual(10_250);
    const noHeaders = planRetry(api(429, { policyName: 'TEN_SECONDLY_ROLLING' }), 1, policy, mid);
    expect(noHeaders?.delayMs).toBeGreaterThanOrEqual(10_000);
  });

  it('backs off briefly on a TEN_SECONDLY 429 whose headers show room left', () => {
    const plan = planRetry(
      api(429, { policyName: 'TEN_SECONDLY_ROLLING', rateLimitRemaining: 50 }),
      1,
      policy,
      mid,
    );
    expect(plan?.delayMs).toBeGreaterThanOrEqual(1_000);
    expect(plan?.delayMs).toBeLessThan(10_000);
  });

  it('waits about a second on SECONDLY', () => {
    const plan = planRetry(api(429, { policyName: 'SECONDLY' }), 1, policy, mid);
    expect(plan?.delayMs).toBeGreaterThanOrEqual(1_000);
    expect(plan?.delayMs).toBeLessThanOrEqual(1_250);
  });

  it('honours Retry-After over the policy', () => {
    const plan = planRetry(
      api(429, { policyName: 'TEN_SECONDLY_ROLLING', retryAfterMs: 3_000 }),
      1,
      policy,
      mid,
    );
    expect(plan?.delayMs).toBeGreaterThanOrEqual(3_000);
    expect(plan?.delayMs).toBeLessThanOrEqual(3_250);
  });

  it('never retries DAILY', () => {
    expect(planRetry(api(429, { policyName: 'DAILY' }), 1, policy, mid)).toBeUndefined();
  });

  it('waits at least 2 s on 423', () => {
    for (const random of [() => 0, () => 0.99]) {
      expect(planRetry(api(423), 1, policy, random)!.delayMs).toBeGreaterThanOrEqual(2_000);
    }
  });

  it.each([500, 502, 503, 504, 521, 523, 524])('retries %i with backoff', (status) => {
    expect(planRetry(api(status), 3, policy, mid)?.delayMs).toBe(backoffDelay(3, policy, mid));
  });

  it.each([400, 401, 403, 404, 409, 414, 501])('fails fast on %i', (status) => {
    expect(planRetry(api(status), 1, policy, mid)).toBeUndefined();
  });

  it('retries network errors and timeouts, not auth, daily or unknown errors', () => {
    expect(
      planRetry(new HubSpotNetworkError('GET', '/x', 'ECONNRESET'), 1, policy, mid),
    ).toBeDefined();
    expect(planRetry(new HubSpotTimeoutError('GET', '/x', 100), 1, policy, mid)).toBeDefined();
    expect(planRetry(new HubSpotAuthError('no'), 1, policy, mid)).toBeUndefined();
    expect(planRetry(new DailyLimitError('share', 1, 1), 1, policy, mid)).toBeUndefined();
    expect(planRetry(new Error('bug'), 1, policy, mid)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt, with jitter between half and all of the ceiling, capped', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(250);
    expect(backoffDelay(1, policy, () => 1)).toBe(500);
    expect(backoffDelay(4, policy, () => 0)).toBe(2_000);
    expect(backoffDelay(4, policy, () => 1)).toBe(4_000);
    expect(backoffDelay(20, policy, () => 1)).toBe(policy.maxDelayMs);
  });
});

describe('runWithRetries', () => {
  it('stops after maxAttempts and throws the last error', async () => {
    let calls = 0;
    const delays: number[] = [];
    const promise = runWithRetries(
      async () => {
        calls += 1;
        throw api(503, { message: `attempt ${calls}` });
      },
      { ...policy, maxAttempts: 4 },
      { sleep: async (ms) => void delays.push(ms), random: mid },
    );
    await expect(promise).rejects.toMatchObject({
      status: 503,
      message: expect.stringContaining('attempt 4'),
    });
    expect(calls).toBe(4);
    expect(delays).toHaveLength(3);
  });

  it('aborts a retry sleep with the signal reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stopping');
    const promise = runWithRetries(
      async () => {
        throw api(503);
      },
      policy,
      {
        signal: controller.signal,
        random: mid,
        sleep: (_ms, signal) =>
          new Promise((_resolve, reject) => {
            signal?.addEventListener('abort', () => reject(signal.reason));
            controller.abort(reason);
          }),
      },
    );
    await expect(promise).rejects.toBe(reason);
  });
});
