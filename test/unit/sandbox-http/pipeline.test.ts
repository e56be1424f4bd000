import { describe, expect, it } from 'vitest';
import { AUTH, buildTestApp } from './build-app.js';

describe('rate limits over HTTP', () => {
  it('sends headers, then 429 TEN_SECONDLY_ROLLING once the burst is spent', async () => {
    const { app, portal, ctx, clock } = buildTestApp({ tierLimits: { free: { burst: 3 } } });
    portal.setKnobs({ limits: { enabled: true, tier: 'free' } });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await app.inject({
        method: 'GET',
        url: '/crm/v3/objects/contacts',
        headers: AUTH,
      });
      codes.push(res.statusCode);
      expect(res.headers['x-hubspot-ratelimit-max']).toBe('3');
      expect(res.headers['x-hubspot-ratelimit-interval-milliseconds']).toBe('10000');
      if (i === 0) expect(res.headers['x-hubspot-ratelimit-remaining']).toBe('2');
      if (i === 3) {
        expect(res.json()).toEqual({
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          correlationId: expect.any(String),
          policyName: 'TEN_SECONDLY_ROLLING',
        });
      }
    }
    expect(codes).toEqual([200, 200, 200, 429]);
    // Search has its own bucket and carries no headers.
    const search = await app.inject({
      method: 'POST',
      url: '/crm/v3/objects/contacts/search',
      headers: AUTH,
      payload: {},
    });
    expect(search.statusCode).toBe(200);
    expect(search.headers['x-hubspot-ratelimit-max']).toBeUndefined();
    clock.now += 10_000;
    expect(
      (await app.inject({ method: 'GET', url: '/crm/v3/objects/contacts', headers: AUTH }))
        .statusCode,
    ).toBe(200);
    expect(ctx.stats.snapshot().rateLimited.TEN_SECONDLY_ROLLING).toBe(1);
    // Switching limits off ends the 429s.
    portal.setKnobs({ limits: { enabled: false } });
    for (let i = 0; i < 5; i++) {
      expect(
        (await app.inject({ method: 'GET', url: '/crm/v3/objects/contacts', headers: AUTH }))
          .statusCode,
      ).toBe(200);
    }
  });

  it('answers SECONDLY past 5 searches a second', async () => {
    const { app, portal } = buildTestApp();
    portal.setKnobs({
      limits: { enabled: true, tier: 'enterprise' },
      faults: { retryAfter: true },
    });
    const codes = [];
    for (let i = 0; i < 6; i++) {
      codes.push(
        (
          await app.inject({
            method: 'POST',
            url: '/crm/v3/objects/contacts/search',
            headers: AUTH,
            payload: {},
          })
        ).statusCode,
      );
    }
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
    const res = await app.inject({
      method: 'POST',
      url: '/crm/v3/objects/contacts/search',
      headers: AUTH,
      payload: {},
    });
    expect(res.json().policyName).toBe('SECONDLY');
    expect(res.headers['retry-after']).toBe('1');
  });
});

describe('faults over HTTP', () => {
  it('injects 429 (with Retry-After when asked), 5xx and 423 on API routes only', async () => {
    const { app, portal, ctx } = buildTestApp();
    portal.setKnobs({ faults: { rate429: 1, retryAfter: true } });
    const limited = await app.inject({
      method: 'GET',
      url: '/crm/v3/objects/contacts',
      headers: AUTH,
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.json()).toMatchObject({
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    expect((await app.inject({ method: 'GET', url: '/_sandbox/health' })).statusCode).toBe(200);

    portal.setKnobs({ faults: { rate429: 0, rate5xx: 1 } });
    const failed = await app.inject({
      method: 'GET',
      url: '/crm/v3/objects/contacts',
      headers: AUTH,
    });
    expect([500, 502, 503]).toContain(failed.statusCode);
    expect(failed.json()).toMatchObject({ status: 'error', correlationId: expect.any(String) });

    portal.setKnobs({ faults: { rate5xx: 0, rate423: 1 } });
    const locked = await app.inject({
      method: 'GET',
      url: '/crm/v3/objects/contacts',
      headers: AUTH,
    });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().category).toBe('LOCKED');
    expect(ctx.stats.snapshot().faults).toMatchObject({ '429': 1, '5xx': 1, '423': 1 });
  });

  it('delays slow responses by slowMs', async () => {
    const { app, portal } = buildTestApp();
    portal.setKnobs({ faults: { rateSlow: 1, slowMs: 150 } });
    const started = performance.now();
    const res = await app.inject({ method: 'GET', url: '/crm/v3/objects/contacts', headers: AUTH });
    expect(res.statusCode).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('fails a fraction of batch reads that do exist with retryable categories', async () => {
    const { app, portal, ctx } = buildTestApp();
    portal.setKnobs({ faults: { rate207: 0.5 } });
    const ids = Array.from({ length: 20 }, (_, i) => ({ id: String(i + 1) }));
    const res = await app.inject({
      method: 'POST',
      url: '/crm/v3/objects/contacts/batch/read',
      headers: AUTH,
      payload: { inputs: ids },
    });
    expect(res.statusCode).toBe(207);
    const body = res.json();
    const failedIds = body.errors.flatMap((e: { context: { ids: string[] } }) => e.context.ids);
    expect(failedIds.length).toBeGreaterThan(0);
    expect(body.results.length + failedIds.length).toBe(20);
    expect(body.numErrors).toBe(body.errors.length);
    for (const error of body.errors)
      expect(['INTERNAL_ERROR', 'RATE_LIMIT']).toContain(error.category);
    expect(ctx.stats.snapshot().faults['207']).toBe(1);
  });
});

describe('OAuth over HTTP', () => {
  const oauth = { clientId: 'cid', clientSecret: 'sec', refreshToken: 'rt' };
  it('issues tokens for a form body, rejects the static token and bad refresh tokens', async () => {
    const { app, clock } = buildTestApp({ oauth });
    const form = 'grant_type=refresh_token&client_id=cid&client_secret=sec&refresh_token=rt';
    const res = await app.inject({
      method: 'POST',
      url: '/oauth/v1/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form,
    });
    expect(res.statusCode).toBe(200);
    const token = res.json();
    expect(token).toMatchObject({ refresh_token: 'rt', expires_in: 1800, token_type: 'bearer' });
    const ok = await app.inject({
      method: 'GET',
      url: '/crm/v3/objects/contacts',
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(ok.statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: '/crm/v3/objects/contacts', headers: AUTH }))
        .statusCode,
    ).toBe(401);
    clock.now += 1_800_000;
    const expired = await app.inject({
      method: 'GET',
      url: '/crm/v3/objects/contacts',
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().category).toBe('EXPIRED_AUTHENTICATION');
    const bad = await app.inject({
      method: 'POST',
      url: '/oauth/v1/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.replace('rt', 'xx'),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      status: 'BAD_REFRESH_TOKEN',
      correlationId: expect.any(String),
    });
  });
});

describe('control API', () => {
  it('validates knob patches and drives the portal', async () => {
    const { app, portal } = buildTestApp();
    const bad = await app.inject({
      method: 'PATCH',
      url: '/_sandbox/knobs',
      payload: { faults: { rate5xx: 3 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/faults.rate5xx/);
    const good = await app.inject({
      method: 'PATCH',
      url: '/_sandbox/knobs',
      payload: { tieOrder: 'shuffled' },
    });
    expect(good.json().tieOrder).toBe('shuffled');
    expect(portal.knobs.tieOrder).toBe('shuffled');

    const created = await app.inject({
      method: 'POST',
      url: '/_sandbox/objects/contacts',
      payload: { properties: { email: 'z@z.z' }, createdAt: '2020-01-01T00:00:00Z' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().createdAt).toBe('2020-01-01T00:00:00.000Z');
    const id = created.json().id;
    await app.inject({ method: 'POST', url: `/_sandbox/objects/contacts/${id}/archive` });
    expect(portal.truthArchivedIds('contacts')).toContain(id);
    expect(
      (await app.inject({ method: 'GET', url: '/_sandbox/truth/contacts/archived' })).json().ids,
    ).toContain(id);
    await app.inject({ method: 'POST', url: `/_sandbox/objects/contacts/${id}/restore` });
    const truth = (await app.inject({ method: 'GET', url: '/_sandbox/truth/contacts' })).json();
    expect(truth.results).toHaveLength(portal.count('contacts'));
    expect(truth.results.map((r: { id: string }) => r.id)).toContain(id);

    await app.inject({
      method: 'POST',
      url: '/_sandbox/associations',
      payload: { fromType: 'contacts', fromId: id, toType: 'companies', toId: '5', typeId: 279 },
    });
    const links = (
      await app.inject({ method: 'GET', url: '/_sandbox/truth/associations/contacts/companies' })
    ).json();
    expect(links.results).toEqual([
      { fromId: id, toId: '5', typeId: 279, category: 'HUBSPOT_DEFINED', label: null },
    ]);
    await app.inject({
      method: 'DELETE',
      url: '/_sandbox/associations',
      payload: { fromType: 'contacts', fromId: id, toType: 'companies', toId: '5' },
    });
    expect([...portal.truthAssociations('contacts', 'companies')]).toEqual([]);

    const prop = await app.inject({
      method: 'POST',
      url: '/_sandbox/properties/contacts',
      payload: { name: 'shoe_size', type: 'number', fieldType: 'number', label: 'Shoe' },
    });
    expect(prop.statusCode).toBe(201);
    expect(portal.property('contacts', 'shoe_size')?.label).toBe('Shoe');
    const missingField = await app.inject({
      method: 'POST',
      url: '/_sandbox/properties/contacts',
      payload: { name: 'x' },
    });
    expect(missingField.statusCode).toBe(400);
    expect(
      (await app.inject({ method: 'DELETE', url: '/_sandbox/properties/contacts/shoe_size' }))
        .statusCode,
    ).toBe(204);
    expect(portal.property('contacts', 'shoe_size')).toBeUndefined();
  });
});
