import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { createCaller, expectErrorBody, startTestSandbox } from './helpers.js';

const NO_FAULTS = {
  rate429: 0,
  retryAfter: false,
  rate5xx: 0,
  rate423: 0,
  rateSlow: 0,
  slowMs: 0,
  rateDrop: 0,
  rate207: 0,
};

let sandbox: Sandbox;
let call: ReturnType<typeof createCaller>;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  call = createCaller(sandbox);
});
afterAll(() => sandbox?.close());
beforeEach(() => {
  sandbox.control.setKnobs({ faults: NO_FAULTS });
  sandbox.control.resetStats();
});

describe('fault knobs', () => {
  it('injects 429s, with Retry-After only when asked', async () => {
    sandbox.control.setKnobs({ faults: { rate429: 1, retryAfter: true } });
    const res = await call('GET', '/crm/v3/objects/contacts');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body).toMatchObject({
      status: 'error',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    sandbox.control.setKnobs({ faults: { retryAfter: false } });
    const bare = await call('POST', '/crm/objects/2026-03/contacts/search', {});
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
    expect(sandbox.control.stats().faults['429']).toBe(2);
  });

  it('injects 500/502/503 and 423 with HubSpot-style bodies', async () => {
    sandbox.control.setKnobs({ faults: { rate5xx: 1 } });
    const seen = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const res = await call('GET', '/crm/v3/properties/contacts');
      seen.add(res.status);
      expect(res.body).toMatchObject({
        status: 'error',
        message: expect.any(String),
        category: expect.any(String),
      });
    }
    expect([...seen].sort()).toEqual([500, 502, 503]);
    sandbox.control.setKnobs({ faults: { rate5xx: 0, rate423: 1 } });
    const locked = await call('POST', '/crm/v4/associations/contacts/companies/batch/read', {
      inputs: [],
    });
    expect(locked.status).toBe(423);
    expectErrorBody(locked.body, 'LOCKED');
  });

  it('slows answers by slowMs', async () => {
    sandbox.control.setKnobs({ faults: { rateSlow: 1, slowMs: 300 } });
    const t0 = performance.now();
    const res = await call('GET', '/crm/v3/objects/contacts?limit=1');
    expect(res.status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(sandbox.control.stats().faults.slow).toBe(1);
  });

  it('drops the connection without an answer', async () => {
    sandbox.control.setKnobs({ faults: { rateDrop: 1 } });
    await expect(call('GET', '/crm/v3/objects/contacts')).rejects.toThrow();
    const stats = sandbox.control.stats();
    expect(stats.faults.drop).toBe(1);
    expect(stats.byStatus.dropped).toBe(1);
    sandbox.control.setKnobs({ faults: { rateDrop: 0 } });
    expect((await call('GET', '/crm/v3/objects/contacts')).status).toBe(200);
  });

  it("answers an input with no associations with HubSpot's NO_ASSOCIATIONS_FOUND error, not an empty result", async () => {
    const ids = [...sandbox.control.truthRecords('contacts')].map((r) => r.id);
    const withCompany = new Set(
      [...sandbox.control.truthAssociations('contacts', 'companies')].map((a) => a.fromId),
    );
    const lonely = ids.find((id) => !withCompany.has(id))!;
    const linked = ids.find((id) => withCompany.has(id))!;
    const res = await call('POST', '/crm/associations/2026-03/contacts/companies/batch/read', {
      inputs: [{ id: linked }, { id: lonely }, { id: '999999999' }],
    });
    expect(res.status).toBe(207);
    expect(res.body.results.map((r: { from: { id: string } }) => r.from.id)).toEqual([linked]);
    expect(res.body.errors).toEqual(
      [lonely, '999999999'].map((id) => ({
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
        message: `No company is associated with contact ${id}.`,
        context: { fromObjectId: [id], fromObjectType: ['contact'], toObjectType: ['company'] },
      })),
    );
  });

  it('fails a fraction of existing batch-read inputs in a 207, for objects and associations', async () => {
    sandbox.control.setKnobs({ faults: { rate207: 0.4 } });
    const ids = [...sandbox.control.truthRecords('contacts')].slice(0, 50).map((r) => r.id);
    const res = await call('POST', '/crm/v3/objects/contacts/batch/read', {
      inputs: ids.map((id) => ({ id })),
    });
    expect(res.status).toBe(207);
    const failed: string[] = res.body.errors.flatMap(
      (e: { context: { ids: string[] } }) => e.context.ids,
    );
    for (const e of res.body.errors) expect(['INTERNAL_ERROR', 'RATE_LIMIT']).toContain(e.category);
    expect(failed.length).toBeGreaterThan(5);
    expect(failed.length).toBeLessThan(40);
    expect(res.body.numErrors).toBe(res.body.errors.length);
    expect([...res.body.results.map((r: { id: string }) => r.id), ...failed].sort()).toEqual(
      [...ids].sort(),
    );

    const assoc = await call('POST', '/crm/v4/associations/contacts/companies/batch/read', {
      inputs: ids.map((id) => ({ id })),
    });
    expect(assoc.status).toBe(207);
    // Inputs with no company come back as NO_ASSOCIATIONS_FOUND, not as injected faults.
    const assocFailed: string[] = assoc.body.errors
      .filter((e: { subCategory?: string }) => !e.subCategory)
      .flatMap((e: { context: { ids: string[] } }) => e.context.ids);
    expect(assocFailed.length).toBeGreaterThan(0);
    for (const id of assocFailed) expect(ids).toContain(id);
    expect(sandbox.control.stats().faults['207']).toBe(2);
  });

  it('never touches /_sandbox/* or the OAuth token route', async () => {
    sandbox.control.setKnobs({ faults: { rateDrop: 1, rate5xx: 1, rate429: 1, rate423: 1 } });
    for (let i = 0; i < 5; i++) {
      expect((await fetch(`${sandbox.url}/_sandbox/health`)).status).toBe(200);
      expect((await fetch(`${sandbox.url}/_sandbox/knobs`)).status).toBe(200);
    }
    const token = await fetch(`${sandbox.url}/oauth/v1/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token' }),
    });
    expect(token.status).toBe(400);
  });

  it('draws from a seeded generator: the same seed replays the same faults', async () => {
    const sequence = async (seed: number) => {
      const other = await startTestSandbox({
        seed,
        portal: { counts: { contacts: 5 } },
        knobs: { faults: { ...NO_FAULTS, rate5xx: 0.3 } },
      });
      const statuses: number[] = [];
      const c = createCaller(other);
      for (let i = 0; i < 40; i++)
        statuses.push((await c('GET', '/crm/v3/objects/contacts?limit=1')).status);
      await other.close();
      return statuses;
    };
    const a = await sequence(3);
    expect(await sequence(3)).toEqual(a);
    const failures = a.filter((s) => s >= 500).length;
    expect(failures).toBeGreaterThan(3);
    expect(failures).toBeLessThan(25);
  });
});
