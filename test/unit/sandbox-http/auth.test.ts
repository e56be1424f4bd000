import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/sandbox/http/auth.js';

const OAUTH = { clientId: 'cid', clientSecret: 'secret', refreshToken: 'refresh-1' };

describe('authenticator', () => {
  it('accepts only the static token in static mode', () => {
    const auth = createAuthenticator({ token: 'pat-1', now: () => 0, ttlSec: () => 1800 });
    expect(auth.checkHeader('Bearer pat-1')).toBeUndefined();
    expect(auth.checkHeader('bearer pat-1')).toBeUndefined();
    expect(auth.checkHeader('Bearer pat-2')?.category).toBe('INVALID_AUTHENTICATION');
    expect(auth.checkHeader(undefined)?.message).toMatch(/^Authentication credentials not found/);
    expect(auth.checkHeader('Basic pat-1')?.status).toBe(401);
  });

  it('in OAuth mode accepts issued tokens until they expire, and never the static token', () => {
    const clock = { now: 1_000_000 };
    const auth = createAuthenticator({
      token: 'pat-1',
      oauth: OAUTH,
      now: () => clock.now,
      ttlSec: () => 60,
    });
    expect(auth.checkHeader('Bearer pat-1')?.category).toBe('INVALID_AUTHENTICATION');
    const issued = auth.issueAccessToken();
    expect(issued).toMatchObject({
      refresh_token: 'refresh-1',
      expires_in: 60,
      token_type: 'bearer',
    });
    expect(auth.checkHeader(`Bearer ${issued.access_token}`)).toBeUndefined();
    clock.now += 59_999;
    expect(auth.checkHeader(`Bearer ${issued.access_token}`)).toBeUndefined();
    clock.now += 5_001;
    const expired = auth.checkHeader(`Bearer ${issued.access_token}`);
    expect(expired?.category).toBe('EXPIRED_AUTHENTICATION');
    expect(expired?.message).toContain('expired 5 second(s) ago');
  });

  it('refreshes only with the right client and refresh token', () => {
    const auth = createAuthenticator({
      token: 'pat-1',
      oauth: OAUTH,
      now: () => 0,
      ttlSec: () => 1800,
    });
    const form = {
      grant_type: 'refresh_token',
      client_id: 'cid',
      client_secret: 'secret',
      refresh_token: 'refresh-1',
    };
    const ok = auth.refresh(form);
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(auth.checkHeader(`Bearer ${ok.body.access_token}`)).toBeUndefined();
    expect(auth.refresh({ ...form, refresh_token: 'nope' })).toMatchObject({
      ok: false,
      status: 400,
      error: 'BAD_REFRESH_TOKEN',
    });
    expect(auth.refresh({ ...form, client_secret: 'nope' })).toMatchObject({
      error: 'BAD_CLIENT_SECRET',
    });
    expect(auth.refresh({ ...form, client_id: 'nope' })).toMatchObject({ error: 'BAD_CLIENT_ID' });
    expect(auth.refresh({ ...form, grant_type: 'authorization_code' })).toMatchObject({
      error: 'BAD_GRANT_TYPE',
    });
  });
});
