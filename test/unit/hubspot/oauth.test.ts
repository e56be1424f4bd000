import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import type { OAuthAuth } from '../../../src/config/types.js';
import { createHubSpotClient, type HubSpotClient } from '../../../src/hubspot/client.js';
import { HubSpotAuthError } from '../../../src/hubspot/errors.js';
import {
  apiError,
  json,
  recordSleeps,
  startFakeHubSpot,
  type FakeHubSpot,
  type RecordedRequest,
} from './fake-hubspot.js';

let server: FakeHubSpot;
let now = 0;
let issued = 0;
/** Access tokens the fake server accepts, with their expiry on the fake clock. */
let valid: Map<string, number>;

beforeAll(async () => {
  server = await startFakeHubSpot();
});
afterAll(() => server.close());

function setup(
  options: {
    expiresIn?: number;
    accessToken?: string;
    tokenReplies?: Array<() => ReturnType<typeof json>>;
  } = {},
): HubSpotClient {
  server.requests.length = 0;
  now = 1_000_000;
  issued = 0;
  valid = new Map();
  if (options.accessToken) valid.set(options.accessToken, Number.POSITIVE_INFINITY);
  const tokenReplies = [...(options.tokenReplies ?? [])];
  server.handle(async (request) => {
    if (request.path === '/oauth/v1/token') {
      const scripted = tokenReplies.shift();
      if (scripted) return scripted();
      // A little latency, so concurrent callers overlap with the refresh.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const token = `access-${++issued}`;
      valid.set(token, now + (options.expiresIn ?? 1800) * 1000);
      return json({
        access_token: token,
        refresh_token: 'refresh-1',
        expires_in: options.expiresIn ?? 1800,
        token_type: 'bearer',
      });
    }
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const expiresAt = valid.get(token);
    if (expiresAt === undefined) return apiError(401, 'INVALID_AUTHENTICATION');
    if (now >= expiresAt) return apiError(401, 'EXPIRED_AUTHENTICATION');
    return json({ token });
  });
  const auth: OAuthAuth = {
    kind: 'oauth',
    refreshToken: new Secret('refresh-1'),
    clientId: 'client-1',
    clientSecret: new Secret('secret-1'),
    ...(options.accessToken ? { accessToken: new Secret(options.accessToken) } : {}),
  };
  return createHubSpotClient(
    {
      baseUrl: server.url,
      apiVersion: '2026-03',
      auth,
      budgetShare: 1,
      tier: 'oauth',
      requestTimeoutMs: 30_000,
      pacing: true,
    },
    { limits: 'off', now: () => now, sleep: recordSleeps().sleep, random: () => 0.5 },
  );
}

const call = (client: HubSpotClient) =>
  client.request<{ token: string }>({
    method: 'GET',
    path: '/crm/objects/2026-03/contacts',
    priority: 'live',
  });
const tokenCalls = () =>
  server.requests.filter((r: RecordedRequest) => r.path === '/oauth/v1/token');

describe('OAuth', () => {
  it('refreshes before the first call when it has no access token, with a form body', async () => {
    const client = setup();
    await expect(call(client)).resolves.toMatchObject({ body: { token: 'access-1' } });
    const [refresh] = tokenCalls();
    expect(refresh!.method).toBe('POST');
    expect(refresh!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(refresh!.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(refresh!.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-1',
      client_id: 'client-1',
      client_secret: 'secret-1',
    });
    expect(client.stats().tokenRefreshes).toBe(1);
    await client.close();
  });

  it('refreshes ahead of expiry: under 5 minutes left, not before', async () => {
    const client = setup();
    await call(client);
    now += (1800 - 301) * 1000;
    await expect(call(client)).resolves.toMatchObject({ body: { token: 'access-1' } });
    now += 2_000;
    await expect(call(client)).resolves.toMatchObject({ body: { token: 'access-2' } });
    expect(tokenCalls()).toHaveLength(2);
    await client.close();
  });

  it('refreshes halfway through a token that lives less than 10 minutes', async () => {
    const client = setup({ expiresIn: 60 });
    await call(client);
    now += 29_000;
    await expect(call(client)).resolves.toMatchObject({ body: { token: 'access-1' } });
    now += 2_000;
    await expect(call(client)).resolves.toMatchObject({ body: { token: 'access-2' } });
    await client.close();
  });

  it('refreshes once for many concurrent calls (single flight)', async () => {
    const client = setup();
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(client)));
    expect(new Set(answers.map((a) => a.body.token))).toEqual(new Set(['access-1']));
    expect(tokenCalls()).toHaveLength(1);
    await client.close();
  });

  it('on a 401 EXPIRED_AUTHENTICATION refreshes once and retries, once for all callers', async () => {
    const client = setup({ accessToken: 'given-token' });
    await expect(call(client)).resolves.toMatchObject({ body: { token: 'given-token' } });
    valid.set('given-token', now); // expires now, unknown to the client
    const answers = await Promise.all(Array.from({ length: 5 }, () => call(client)));
    expect(answers.every((a) => a.body.token === 'access-1')).toBe(true);
    expect(tokenCalls()).toHaveLength(1);
    // Each call is sent at most twice: once rejected, once with the refreshed token.
    expect(server.requests.filter((r) => r.path !== '/oauth/v1/token').length).toBeLessThanOrEqual(
      1 + 5 + 5,
    );
    await client.close();
  });

  it('does not loop when the refreshed token is rejected too', async () => {
    const client = setup();
    const issue = (() => {
      let n = 0;
      return () =>
        json({ access_token: `doomed-${++n}`, refresh_token: 'refresh-1', expires_in: 1800 });
    })();
    server.handle((request) =>
      request.path === '/oauth/v1/token' ? issue() : apiError(401, 'EXPIRED_AUTHENTICATION'),
    );
    await expect(call(client)).rejects.toMatchObject({
      status: 401,
      category: 'EXPIRED_AUTHENTICATION',
    });
    expect(tokenCalls()).toHaveLength(2);
    const sent = server.requests.filter((r) => r.path !== '/oauth/v1/token');
    expect(sent.map((r) => r.headers.authorization)).toEqual([
      'Bearer doomed-1',
      'Bearer doomed-2',
    ]);
    await client.close();
  });

  it('fails with a HubSpotAuthError on a bad refresh token, without any secret in it', async () => {
    const client = setup({
      tokenReplies: [
        () =>
          json({ status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token' }, 400),
      ],
    });
    const error = await call(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubSpotAuthError);
    expect(error).toMatchObject({ code: 'HUBSPOT_AUTH', status: 400 });
    expect((error as Error).message).toBe(
      'OAuth token refresh failed: BAD_REFRESH_TOKEN: missing or unknown refresh token',
    );
    expect(JSON.stringify(error) + String(error)).not.toMatch(/refresh-1|secret-1/);
    expect(tokenCalls()).toHaveLength(1);
    await client.close();
  });

  it('retries a token endpoint that answers 503', async () => {
    const client = setup({ tokenReplies: [() => apiError(503, 'SERVICE_UNAVAILABLE')] });
    await expect(call(client)).resolves.toMatchObject({ body: { token: 'access-1' } });
    expect(tokenCalls()).toHaveLength(2);
    await client.close();
  });
});

describe('static tokens', () => {
  it('fail fast on 401 without any refresh', async () => {
    server.requests.length = 0;
    server.handle(() => apiError(401, 'EXPIRED_AUTHENTICATION'));
    const client = createHubSpotClient(
      {
        baseUrl: server.url,
        apiVersion: '2026-03',
        auth: { kind: 'static', token: new Secret('pat-1') },
        budgetShare: 1,
        tier: 'professional',
        requestTimeoutMs: 30_000,
        pacing: true,
      },
      { limits: 'off' },
    );
    await expect(call(client)).rejects.toMatchObject({ status: 401 });
    expect(server.requests).toHaveLength(1);
    await client.close();
  });
});
