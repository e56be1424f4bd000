import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import { createHubSpotClient } from '../../../src/hubspot/client.js';
import {
  RequestLimiter,
  defaultLimiterSettings,
  type LimiterClock,
} from '../../../src/hubspot/limiter.js';
import type { Priority } from '../../../src/hubspot/types.js';
import { json, startFakeHubSpot, type FakeHubSpot } from './fake-hubspot.js';

let server: FakeHubSpot;
beforeAll(async () => {
  server = await startFakeHubSpot();
});
afterAll(() => server.close());

/** A clock whose sleeps end only when the test says so. */
function manualClock(): LimiterClock & { release(): void; pending: number } {
  const waiting: Array<() => void> = [];
  return {
    now: () => Date.now(),
    sleep: () => new Promise<void>((resolve) => waiting.push(resolve)),
    release() {
      for (const resolve of waiting.splice(0)) resolve();
    },
    get pending() {
      return waiting.length;
    },
  };
}

const tick = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

describe('pacing through the client', () => {
  it('lets a live call overtake queued backfill calls', async () => {
    server.requests.length = 0;
    server.handle(() => ({ delayMs: 20, then: json({}) }));
    const client = createHubSpotClient(
      {
        baseUrl: server.url,
        apiVersion: 'legacy',
        auth: { kind: 'static', token: new Secret('t') },
        budgetShare: 1,
        tier: 'professional',
        requestTimeoutMs: 30_000,
        pacing: true,
      },
      { limits: { burst: { max: 10, intervalMs: 1_000 }, safety: 1, maxConcurrent: 1 } },
    );
    const send = (priority: Priority, name: string) =>
      client.request({ method: 'GET', path: `/${name}`, priority });
    const calls = [1, 2, 3, 4, 5, 6, 7].map((n) => send('backfill', `backfill${n}`));
    while (server.requests.length === 0) await tick(5);
    // The backfill queue is waiting now; a live call arriving later overtakes it.
    calls.push(send('live', 'live'));
    await Promise.all(calls);
    const order = server.requests.map((r) => r.path.slice(1));
    // Only the backfill running, and the one bottleneck had already lined up, go first.
    expect(order.indexOf('live')).toBeLessThanOrEqual(2);
    expect(order.slice(order.indexOf('live') + 1).length).toBeGreaterThanOrEqual(5);
    await client.close();
  });

  it('never lets a rolling window hold more requests than the limit', async () => {
    server.requests.length = 0;
    server.handle(() => json({}));
    const client = createHubSpotClient(
      {
        baseUrl: server.url,
        apiVersion: 'legacy',
        auth: { kind: 'static', token: new Secret('t') },
        budgetShare: 1,
        tier: 'professional',
        requestTimeoutMs: 30_000,
        pacing: true,
      },
      { limits: { burst: { max: 10, intervalMs: 1_000 } } },
    );
    await Promise.all(
      Array.from({ length: 22 }, () =>
        client.request({ method: 'GET', path: '/x', priority: 'backfill' }),
      ),
    );
    const times = server.requests.map((r) => r.at).sort((a, b) => a - b);
    let worst = 0;
    for (const [index, start] of times.entries()) {
      worst = Math.max(worst, times.slice(index).filter((t) => t < start + 1_000).length);
    }
    expect(worst).toBeLessThanOrEqual(10);
    expect(client.stats().limiter.standard.spacingMs).toBe(Math.ceil(1_000 / 9));
    await client.close();
  });

  it('adopts the Max and Interval headers, slows on a low Remaining and recovers', async () => {
    server.requests.length = 0;
    let remaining = 15;
    server.handle(() =>
      json({}, 200, {
        'x-hubspot-ratelimit-max': '20',
        'x-hubspot-ratelimit-interval-milliseconds': '1000',
        'x-hubspot-ratelimit-remaining': String(remaining),
      }),
    );
    const clock = manualClock();
    const client = createHubSpotClient(
      {
        baseUrl: server.url,
        apiVersion: 'legacy',
        auth: { kind: 'static', token: new Secret('t') },
        budgetShare: 1,
        tier: 'starter',
        requestTimeoutMs: 30_000,
        pacing: true,
      },
      { sleep: clock.sleep },
    );
    const call = () => client.request({ method: 'GET', path: '/x', priority: 'live' });
    expect(client.stats().limiter.standard).toMatchObject({ max: 100, intervalMs: 10_000 });
    await call();
    expect(client.stats().limiter.standard).toMatchObject({
      max: 20,
      intervalMs: 1_000,
      spacingMs: 56,
      factor: 1,
    });
    remaining = 1;
    await call();
    const slowed = client.stats().limiter.standard;
    expect(slowed.factor).toBeCloseTo(0.7);
    expect(slowed.spacingMs).toBe(Math.ceil(1_000 / (20 * 0.9 * 0.7)));
    expect(slowed.pausedForMs).toBeGreaterThan(0);
    clock.release();
    await tick();
    remaining = 19;
    await call();
    expect(client.stats().limiter.standard.factor).toBeCloseTo(0.75);
    await client.close();
  });
});

describe('the rolling-window guard', () => {
  it('keeps the server-side window within the limit whatever the latency', async () => {
    // HubSpot counts a request at some moment between our send and its answer: model that.
    server.requests.length = 0;
    const stamps: number[] = [];
    server.handle(async () => {
      const delay = Math.random() * 150;
      await tick(delay);
      stamps.push(Date.now());
      await tick(Math.random() * 50);
      return json({ total: 0, results: [] });
    });
    const client = createHubSpotClient(
      {
        baseUrl: server.url,
        apiVersion: 'legacy',
        auth: { kind: 'static', token: new Secret('t') },
        budgetShare: 1,
        tier: 'professional',
        requestTimeoutMs: 30_000,
        pacing: true,
      },
      { limits: { search: { max: 5, intervalMs: 500 } } },
    );
    const body = { filterGroups: [], sorts: [], properties: [], limit: 1 };
    await Promise.all(
      Array.from({ length: 25 }, () =>
        client.request({
          method: 'POST',
          path: '/crm/v3/objects/contacts/search',
          body,
          kind: 'search',
          priority: 'backfill',
        }),
      ),
    );
    stamps.sort((a, b) => a - b);
    for (const [index, start] of stamps.entries()) {
      expect(stamps.slice(index).filter((t) => t < start + 500).length).toBeLessThanOrEqual(5);
    }
    await client.close();
  });
});

describe('RequestLimiter', () => {
  it('pauses one bucket without holding the other, and keeps priority order over a pause', async () => {
    const clock = manualClock();
    const limiter = new RequestLimiter(
      { ...defaultLimiterSettings('professional'), pacing: false },
      clock,
    );
    const ran: string[] = [];
    limiter.pause('standard', 10_000);
    const run = (priority: Priority, name: string) =>
      limiter.schedule('standard', priority, async () => void ran.push(name));
    const standard = [
      run('backfill', 'backfill1'),
      run('backfill', 'backfill2'),
      run('sweep', 'sweep'),
      run('straggler', 'straggler'),
      run('live', 'live'),
    ];
    await limiter.schedule('search', 'backfill', async () => void ran.push('search'));
    await tick();
    expect(ran).toEqual(['search']);
    expect(limiter.state().standard.queued).toBe(5);
    expect(limiter.state().standard.pausedForMs).toBeGreaterThan(9_000);
    expect(limiter.state().search.pausedForMs).toBe(0);
    clock.release();
    await Promise.all(standard);
    expect(ran).toEqual(['search', 'live', 'straggler', 'sweep', 'backfill1', 'backfill2']);
    await limiter.stop();
  });

  it('keeps the longer of two overlapping pauses', async () => {
    const clock = manualClock();
    const limiter = new RequestLimiter(defaultLimiterSettings('professional'), clock);
    limiter.pause('search', 5_000);
    limiter.pause('search', 1_000);
    expect(limiter.state().search.pausedForMs).toBeGreaterThan(4_000);
    await limiter.stop();
  });

  it('rejects work still queued when stopped', async () => {
    const clock = manualClock();
    const limiter = new RequestLimiter(defaultLimiterSettings('professional'), clock);
    limiter.pause('standard', 10_000);
    const queued = limiter.schedule('standard', 'live', async () => 'ran');
    await limiter.stop();
    await expect(queued).rejects.toThrow();
  });

  it('paces search at 5 per second, outside the burst bucket', () => {
    const limiter = new RequestLimiter(defaultLimiterSettings('professional'), manualClock());
    expect(limiter.state().search).toMatchObject({ max: 5, intervalMs: 1_000, spacingMs: 200 });
    expect(limiter.state().standard).toMatchObject({ max: 190, intervalMs: 10_000, spacingMs: 59 });
    void limiter.stop();
  });
});
