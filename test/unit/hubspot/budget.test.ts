import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DailyBudget } from '../../../src/hubspot/budget.js';
import { DailyLimitError } from '../../../src/hubspot/errors.js';
import { createTestClient, json, startFakeHubSpot, type FakeHubSpot } from './fake-hubspot.js';

describe('DailyBudget', () => {
  it('allows share × quota calls, then throws a DailyLimitError naming --budget-share', () => {
    const budget = new DailyBudget({ share: 0.5, dailyLimit: 10, now: () => 0 });
    for (let i = 0; i < 5; i += 1) budget.reserve();
    const error = (() => {
      try {
        budget.reserve();
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DailyLimitError);
    expect(error).toMatchObject({
      code: 'HUBSPOT_DAILY_LIMIT',
      reason: 'share',
      used: 5,
      allowed: 5,
    });
    expect((error as Error).message).toContain('--budget-share');
    expect(budget.state()).toMatchObject({ used: 5, allowed: 5, exhausted: 'share' });
  });

  it('takes the quota from the -Daily header', () => {
    const budget = new DailyBudget({ share: 0.01, dailyLimit: 625_000, now: () => 0 });
    budget.observe({ daily: 1_000, dailyRemaining: 990 });
    expect(budget.allowed).toBe(10);
  });

  it('has no limit without a daily quota (public OAuth apps)', () => {
    const budget = new DailyBudget({ share: 0.1, dailyLimit: null, now: () => 0 });
    for (let i = 0; i < 1_000; i += 1) budget.reserve();
    expect(budget.state()).toMatchObject({ used: 1_000, allowed: null });
  });

  it('lets one probe through per interval while spent, and resumes when the day resets', () => {
    let now = 0;
    const budget = new DailyBudget({
      share: 0.5,
      dailyLimit: 4,
      now: () => now,
      probeIntervalMs: 60_000,
    });
    budget.observe({ daily: 4, dailyRemaining: 4 });
    budget.reserve();
    budget.observe({ dailyRemaining: 3 });
    budget.reserve();
    budget.observe({ dailyRemaining: 2 });
    expect(() => budget.reserve()).toThrow(DailyLimitError);
    now += 59_999;
    expect(() => budget.reserve()).toThrow(DailyLimitError);
    now += 1;
    expect(() => budget.reserve()).not.toThrow(); // the probe
    budget.observe({ dailyRemaining: 1 }); // no reset yet
    expect(() => budget.reserve()).toThrow(DailyLimitError);
    now += 60_000;
    expect(() => budget.reserve()).not.toThrow(); // the next probe
    budget.observe({ daily: 2_000_000, dailyRemaining: 2_000_000 }); // reset: remaining jumped
    expect(budget.state()).toMatchObject({ used: 0 });
    expect(budget.state().exhausted).toBeUndefined();
    budget.reserve();
  });

  it('treats small rises of -Daily-Remaining as answers arriving out of order', () => {
    const budget = new DailyBudget({ share: 1, dailyLimit: 625_000, now: () => 0 });
    budget.observe({ dailyRemaining: 500_000 });
    budget.reserve();
    budget.observe({ dailyRemaining: 500_008 });
    expect(budget.state().used).toBe(1);
  });

  it('stops when the portal reports no daily calls left, or after a 429 DAILY', () => {
    const budget = new DailyBudget({ share: 1, dailyLimit: 100, now: () => 0 });
    budget.observe({ dailyRemaining: 0 });
    expect(budget.state().exhausted).toBe('portal');
    const other = new DailyBudget({ share: 1, dailyLimit: 100, now: () => 0 });
    other.markPortalSpent();
    expect(() => other.reserve()).toThrow(expect.objectContaining({ reason: 'portal' }));
  });
});

describe('the daily share through the client', () => {
  let server: FakeHubSpot;
  beforeAll(async () => {
    server = await startFakeHubSpot(() =>
      json({}, 200, {
        'x-hubspot-ratelimit-daily': '100',
        'x-hubspot-ratelimit-daily-remaining': '90',
      }),
    );
  });
  afterAll(() => server.close());

  it('stops sending once this process has used its share', async () => {
    const client = createTestClient(server, { now: () => 0 }, { budgetShare: 0.05 });
    const outcomes: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      outcomes.push(
        await client.request({ method: 'GET', path: '/x', priority: 'backfill' }).then(
          () => 'ok',
          (error: unknown) => (error instanceof DailyLimitError ? error.reason : 'other'),
        ),
      );
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'share', 'share']);
    // 100 × 0.05 = 5 calls; the rest never reach HubSpot.
    expect(server.requests).toHaveLength(5);
    expect(client.stats()).toMatchObject({
      dailyUsed: 5,
      daily: { allowed: 5, exhausted: 'share' },
    });
    await client.close();
  });
});
