import { afterAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { createCaller, expectErrorBody, readJson, startTestSandbox } from './helpers.js';

const started: Sandbox[] = [];
async function start(opts: Parameters<typeof startTestSandbox>[0] = {}) {
  const sandbox = await startTestSandbox(opts);
  started.push(sandbox);
  return sandbox;
}
afterAll(() => Promise.all(started.map((s) => s.close())));

describe('authentication', () => {
  it('needs the bearer token on API routes, not on /oauth/v1/token or /_sandbox', async () => {
    const sandbox = await start({ token: 'pat-sandbox-fixed' });
    expect(sandbox.token).toBe('pat-sandbox-fixed');
    const anonymous = createCaller(sandbox, '');
    const wrong = createCaller(sandbox, 'pat-other');
    for (const call of [anonymous, wrong]) {
      const res = await call('GET', '/crm/v3/objects/contacts');
      expect(res.status).toBe(401);
      expectErrorBody(res.body, 'INVALID_AUTHENTICATION');
      expect(res.body.message).toMatch(/^Authentication credentials not found/);
      expect((await call('POST', '/crm/objects/2026-03/contacts/search', {})).status).toBe(401);
    }
    expect((await anonymous('GET', '/_sandbox/health')).status).toBe(200);
    expect((await createCaller(sandbox)('GET', '/crm/v3/objects/contacts')).status).toBe(200);
    const generated = await start();
    expect(generated.token).toMatch(/^pat-sandbox-[0-9a-f]{32}$/);
  });

  it('in OAuth mode issues expiring tokens, refreshes them, and refuses the static token', async () => {
    const clock = { now: Date.now() };
    const oauth = { clientId: 'client-1', clientSecret: 'secret-1', refreshToken: 'refresh-1' };
    const sandbox = await start({ oauth, now: () => clock.now, knobs: { oauthTokenTtlSec: 60 } });
    expect((await createCaller(sandbox)('GET', '/crm/v3/objects/contacts')).status).toBe(401);

    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: 'client-1',
      client_secret: 'secret-1',
      refresh_token: 'refresh-1',
    });
    const refresh = async (body: URLSearchParams) =>
      fetch(`${sandbox.url}/oauth/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const issued = await refresh(form);
    expect(issued.status).toBe(200);
    const token = await readJson(issued);
    expect(token).toMatchObject({
      access_token: expect.any(String),
      refresh_token: 'refresh-1',
      expires_in: 60,
      token_type: 'bearer',
    });

    const call = createCaller(sandbox, token.access_token);
    expect((await call('GET', '/crm/v3/objects/contacts')).status).toBe(200);
    clock.now += 61_000;
    const expired = await call('GET', '/crm/v3/objects/contacts');
    expect(expired.status).toBe(401);
    expectErrorBody(expired.body, 'EXPIRED_AUTHENTICATION');

    const again = await readJson(await refresh(form));
    expect(
      (await createCaller(sandbox, again.access_token)('GET', '/crm/v3/objects/contacts')).status,
    ).toBe(200);
    const direct = sandbox.control.issueAccessToken();
    expect(
      (await createCaller(sandbox, direct.access_token)('GET', '/crm/v3/properties/contacts'))
        .status,
    ).toBe(200);

    for (const [field, error] of [
      ['refresh_token', 'BAD_REFRESH_TOKEN'],
      ['client_secret', 'BAD_CLIENT_SECRET'],
      ['client_id', 'BAD_CLIENT_ID'],
    ] as const) {
      const bad = new URLSearchParams(form);
      bad.set(field, 'wrong');
      const res = await refresh(bad);
      expect(res.status).toBe(400);
      expect(await readJson(res)).toMatchObject({
        status: error,
        message: expect.any(String),
        correlationId: expect.any(String),
      });
    }
  });
});

describe('rate limits', () => {
  it('runs a rolling burst bucket with HubSpot’s headers and 429 body', async () => {
    const clock = { now: Date.UTC(2025, 5, 1, 10) };
    const sandbox = await start({
      now: () => clock.now,
      tierLimits: { starter: { burst: 5, daily: 1000 } },
      knobs: { limits: { enabled: true, tier: 'starter' } },
    });
    const call = createCaller(sandbox);
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call('GET', '/crm/v3/objects/contacts?limit=1');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-hubspot-ratelimit-max')).toBe('5');
      expect(res.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
      expect(res.headers.get('x-hubspot-ratelimit-daily')).toBe('1000');
      remaining.push(
        `${res.headers.get('x-hubspot-ratelimit-remaining')}/${res.headers.get('x-hubspot-ratelimit-daily-remaining')}`,
      );
    }
    expect(remaining).toEqual(['4/999', '3/998', '2/997', '1/996', '0/995']);
    const limited = await call('GET', '/crm/objects/2026-03/contacts?limit=1');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    // Search is outside the burst bucket and carries no limit headers.
    const search = await call('POST', '/crm/v3/objects/contacts/search', { limit: 1 });
    expect(search.status).toBe(200);
    expect(search.headers.get('x-hubspot-ratelimit-max')).toBeNull();
    clock.now += 10_000;
    expect((await call('GET', '/crm/v3/objects/contacts?limit=1')).status).toBe(200);
    expect(sandbox.control.stats().rateLimited).toEqual({
      TEN_SECONDLY_ROLLING: 1,
      SECONDLY: 0,
      DAILY: 0,
    });
  });

  it('limits search to 5 a second with policy SECONDLY', async () => {
    const clock = { now: Date.UTC(2025, 5, 1, 10) };
    const sandbox = await start({
      now: () => clock.now,
      knobs: { limits: { enabled: true, tier: 'enterprise' } },
    });
    const call = createCaller(sandbox);
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await call('POST', '/crm/objects/2026-03/contacts/search', { limit: 1 })).status,
      );
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const res = await call('POST', '/crm/v3/objects/companies/search', {});
    expect(res.body).toMatchObject({
      errorType: 'RATE_LIMIT',
      policyName: 'SECONDLY',
      message: 'You have reached your secondly limit.',
    });
    clock.now += 1_000;
    expect((await call('POST', '/crm/v3/objects/contacts/search', {})).status).toBe(200);
  });

  it('stops at the daily quota (search counts toward it) until midnight UTC', async () => {
    const clock = { now: Date.UTC(2025, 5, 1, 23, 59) };
    const sandbox = await start({
      now: () => clock.now,
      tierLimits: { professional: { daily: 4 } },
      knobs: { limits: { enabled: true, tier: 'professional' } },
    });
    const call = createCaller(sandbox);
    expect((await call('POST', '/crm/v3/objects/contacts/search', {})).status).toBe(200);
    for (let i = 0; i < 3; i++)
      expect((await call('GET', '/crm/v3/properties/contacts')).status).toBe(200);
    const over = await call('GET', '/crm/v3/properties/contacts');
    expect(over.status).toBe(429);
    expect(over.body.policyName).toBe('DAILY');
    expect(over.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('0');
    clock.now += 60_000;
    expect((await call('GET', '/crm/v3/properties/contacts')).status).toBe(200);
  });

  it('sends no daily headers for the oauth tier, and no limit 429s when limits are off', async () => {
    const sandbox = await start({
      tierLimits: { oauth: { burst: 2 } },
      knobs: { limits: { enabled: true, tier: 'oauth' } },
    });
    const call = createCaller(sandbox);
    const first = await call('GET', '/crm/v3/objects/contacts?limit=1');
    expect(first.headers.get('x-hubspot-ratelimit-max')).toBe('2');
    expect(first.headers.get('x-hubspot-ratelimit-daily')).toBeNull();
    expect(first.headers.get('x-hubspot-ratelimit-daily-remaining')).toBeNull();
    await call('GET', '/crm/v3/objects/contacts?limit=1');
    expect((await call('GET', '/crm/v3/objects/contacts?limit=1')).status).toBe(429);
    const patched = await fetch(`${sandbox.url}/_sandbox/knobs`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ limits: { enabled: false } }),
    });
    expect((await readJson(patched)).limits.enabled).toBe(false);
    for (let i = 0; i < 10; i++)
      expect((await call('GET', '/crm/v3/objects/contacts?limit=1')).status).toBe(200);
    for (let i = 0; i < 10; i++)
      expect((await call('POST', '/crm/v3/objects/contacts/search', {})).status).toBe(200);
  });
});
