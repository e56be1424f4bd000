import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DailyLimitError,
  HubSpotApiError,
  HubSpotErrorCode,
  isHubSpotApiError,
  isHubSpotNetworkError,
} from '../../../src/hubspot/errors.js';
import type { HubSpotClient } from '../../../src/hubspot/client.js';
import {
  apiError,
  createTestClient,
  json,
  rateLimited,
  recordSleeps,
  startFakeHubSpot,
  type FakeHubSpot,
  type SleepRecorder,
} from './fake-hubspot.js';

let server: FakeHubSpot;
let sleeps: SleepRecorder;
let client: HubSpotClient;
/** delayMs of each retry event. */
let retryDelays: number[];

beforeAll(async () => {
  server = await startFakeHubSpot();
});
afterAll(() => server.close());

function fresh(deps: Parameters<typeof createTestClient>[1] = {}): HubSpotClient {
  server.requests.length = 0;
  server.handle(() => json({ ok: true }));
  sleeps = recordSleeps();
  client = createTestClient(server, { sleep: sleeps.sleep, ...deps });
  retryDelays = [];
  client.events.on('retry', ({ delayMs }) => void retryDelays.push(delayMs));
  return client;
}

afterEach(() => client?.close());

const get = (c: HubSpotClient) =>
  c.request<{ ok: boolean }>({
    method: 'GET',
    path: '/crm/objects/2026-03/contacts',
    priority: 'live',
  });

describe('retries', () => {
  it('waits out the window after an exhausted TEN_SECONDLY_ROLLING 429, then succeeds', async () => {
    fresh();
    server.queue(rateLimited('TEN_SECONDLY_ROLLING', { 'x-hubspot-ratelimit-remaining': '0' }));
    const response = await get(client);
    expect(response.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
    expect(retryDelays).toHaveLength(1);
    expect(retryDelays[0]).toBeGreaterThanOrEqual(10_000);
    // Everyone queued on the bucket was held for the window too, not just this call.
    expect(sleeps.delays).toContain(10_000);
    const stats = client.stats();
    expect(stats).toMatchObject({
      requests: 2,
      retries: 1,
      rateLimited429: 1,
      byPolicy: { TEN_SECONDLY_ROLLING: 1 },
    });
    expect(stats.byStatus).toEqual({ '429': 1, '200': 1 });
  });

  it('retries a TEN_SECONDLY 429 that shows room left after a short backoff', async () => {
    fresh();
    server.queue(
      rateLimited('TEN_SECONDLY_ROLLING', {
        'x-hubspot-ratelimit-remaining': '120',
        'x-hubspot-ratelimit-max': '190',
      }),
    );
    await get(client);
    expect(retryDelays[0]).toBeGreaterThanOrEqual(1_000);
    expect(retryDelays[0]).toBeLessThan(10_000);
    expect(client.stats().limiter.standard.pausedForMs).toBe(0);
  });

  it('waits about a second after a SECONDLY 429', async () => {
    fresh();
    server.queue(rateLimited('SECONDLY'));
    await get(client);
    expect(retryDelays[0]).toBeGreaterThanOrEqual(1_000);
    expect(retryDelays[0]).toBeLessThan(1_500);
    expect(client.stats().byPolicy).toEqual({ SECONDLY: 1 });
  });

  it('honours Retry-After', async () => {
    fresh();
    server.queue(
      rateLimited('TEN_SECONDLY_ROLLING', {
        'retry-after': '3',
        'x-hubspot-ratelimit-remaining': '0',
      }),
    );
    await get(client);
    expect(retryDelays[0]).toBeGreaterThanOrEqual(3_000);
    expect(retryDelays[0]).toBeLessThan(3_500);
  });

  it('stops on a DAILY 429 with a DailyLimitError, and fails fast afterwards', async () => {
    fresh();
    server.queue(rateLimited('DAILY'));
    const error = await get(client).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DailyLimitError);
    expect(error).toMatchObject({ code: HubSpotErrorCode.DAILY_LIMIT, reason: 'portal' });
    expect((error as DailyLimitError).cause).toBeInstanceOf(HubSpotApiError);
    expect(server.requests).toHaveLength(1);
    await expect(get(client)).rejects.toBeInstanceOf(DailyLimitError);
    expect(server.requests).toHaveLength(1);
    expect(sleeps.delays).toEqual([]);
  });

  it.each([500, 502, 503, 504, 521, 523, 524])(
    'retries %i and returns the data',
    async (status) => {
      fresh();
      server.queue(apiError(status, 'INTERNAL_ERROR'));
      await expect(get(client)).resolves.toMatchObject({ body: { ok: true } });
      expect(server.requests).toHaveLength(2);
    },
  );

  it('waits at least 2 s on 423', async () => {
    fresh();
    server.queue(apiError(423, 'LOCKED'));
    await get(client);
    expect(retryDelays[0]).toBeGreaterThanOrEqual(2_000);
  });

  it('retries a dropped socket', async () => {
    fresh();
    server.queue({ drop: true }, { drop: true });
    await expect(get(client)).resolves.toMatchObject({ body: { ok: true } });
    expect(server.requests).toHaveLength(3);
    expect(client.stats().byStatus).toEqual({ network: 2, '200': 1 });
  });

  it('times out a slow answer and retries it', async () => {
    fresh({ timeoutMs: 100 });
    server.queue({ delayMs: 1_000, then: json({ late: true }) });
    await expect(get(client)).resolves.toMatchObject({ body: { ok: true } });
    expect(client.stats().byStatus).toEqual({ timeout: 1, '200': 1 });
  });

  it('gives up after the retry budget with the last error', async () => {
    fresh({ retry: { maxAttempts: 8 } });
    server.handle(() => apiError(503, 'SERVICE_UNAVAILABLE'));
    const error = await get(client).catch((caught: unknown) => caught);
    expect(isHubSpotApiError(error) && error.status).toBe(503);
    expect(server.requests).toHaveLength(8);
    expect(retryDelays).toHaveLength(7);
    expect(client.stats().retries).toBe(7);
  });

  it('fails fast on other 4xx with category, correlationId, subCategory and errors', async () => {
    fresh();
    server.queue(
      apiError(400, 'VALIDATION_ERROR', {
        subCategory: 'crm.search.TOO_MANY_FILTERS',
        errors: [{ message: 'too many', code: 'TOO_MANY' }],
      }),
    );
    const error = await get(client).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubSpotApiError);
    expect(error).toMatchObject({
      code: HubSpotErrorCode.API,
      status: 400,
      category: 'VALIDATION_ERROR',
      correlationId: 'corr-400',
      subCategory: 'crm.search.TOO_MANY_FILTERS',
      errors: [{ message: 'too many', code: 'TOO_MANY' }],
      method: 'GET',
      path: '/crm/objects/2026-03/contacts',
    });
    expect((error as Error).message).toContain('400 VALIDATION_ERROR');
    expect((error as Error).message).toContain('corr-400');
    expect(server.requests).toHaveLength(1);
    expect(sleeps.delays).toEqual([]);
  });

  it('reads a non-JSON error body without failing', async () => {
    fresh();
    server.queue({ status: 404, raw: '<html>not here</html>' });
    await expect(get(client)).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('<html>'),
    });
  });

  it('rejects a 2xx answer that is not JSON as a bad response', async () => {
    fresh();
    server.queue({ status: 200, raw: 'oops' });
    await expect(get(client)).rejects.toMatchObject({ code: HubSpotErrorCode.BAD_RESPONSE });
  });

  it('aborts a call waiting to retry', async () => {
    const controller = new AbortController();
    fresh({
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason));
          controller.abort(new Error('shutdown'));
        }),
    });
    server.handle(() => apiError(503, 'SERVICE_UNAVAILABLE'));
    await expect(
      client.request({ method: 'GET', path: '/x', priority: 'live', signal: controller.signal }),
    ).rejects.toThrow('shutdown');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a URL HubSpot would answer 414, before sending', async () => {
    fresh();
    const properties = Array.from({ length: 2_000 }, (_, i) => `property_number_${i}`).join(',');
    await expect(
      client.request({ method: 'GET', path: '/x', qs: { properties }, priority: 'live' }),
    ).rejects.toMatchObject({ code: HubSpotErrorCode.URL_TOO_LONG });
    expect(server.requests).toHaveLength(0);
  });

  it('maps a refused connection to a retryable network error', async () => {
    const dead = await startFakeHubSpot();
    await dead.close();
    const local = createTestClient(dead, { retry: { maxAttempts: 2 } });
    const error = await local
      .request({ method: 'GET', path: '/x', priority: 'live' })
      .catch((e: unknown) => e);
    expect(isHubSpotNetworkError(error)).toBe(true);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(local.stats().byStatus).toEqual({ network: 2 });
    await local.close();
  });
});
