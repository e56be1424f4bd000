import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { createCaller, expectErrorBody, readJson, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let api: ReturnType<typeof createCaller>;
/** The control API needs no token. */
let control: ReturnType<typeof createCaller>;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  api = createCaller(sandbox);
  control = createCaller(sandbox, '');
});
afterAll(() => sandbox?.close());

describe('control API', () => {
  it('reports health and reads and patches knobs', async () => {
    const health = await control('GET', '/_sandbox/health');
    expect(health.body).toMatchObject({ status: 'ok', portalId: sandbox.portalId });
    expect(health.body.objects.contacts).toBe(sandbox.control.count('contacts'));
    const knobs = await control('GET', '/_sandbox/knobs');
    expect(knobs.body).toEqual(sandbox.control.knobs);
    const patched = await control('PATCH', '/_sandbox/knobs', {
      searchLagMs: { max: 50 },
      faults: { rate207: 0 },
    });
    expect(patched.body.searchLagMs).toEqual({ min: 0, max: 50 });
    expect(sandbox.control.knobs.searchLagMs.max).toBe(50);
    const bad = await control('PATCH', '/_sandbox/knobs', { limits: { tier: 'platinum' } });
    expect(bad.status).toBe(400);
    expectErrorBody(bad.body, 'VALIDATION_ERROR');
    expect(bad.body.message).toMatch(/limits.tier/);
    await control('PATCH', '/_sandbox/knobs', { searchLagMs: { max: 0 } });
  });

  it('creates, updates, archives, restores, merges and purges records', async () => {
    const created = await control('POST', '/_sandbox/objects/contacts', {
      properties: { email: 'ctl@x.io', firstname: 'Ctl' },
      createdAt: Date.UTC(2020, 0, 2),
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.createdAt).toBe('2020-01-02T00:00:00.000Z');
    const fromApi = await api('GET', `/crm/v3/objects/contacts/${id}?properties=email,firstname`);
    expect(fromApi.body.properties).toMatchObject({ email: 'ctl@x.io', firstname: 'Ctl' });

    const updated = await control('PATCH', `/_sandbox/objects/contacts/${id}`, {
      properties: { firstname: 'Changed' },
    });
    expect(updated.body.properties.firstname).toBe('Changed');

    expect((await control('POST', `/_sandbox/objects/contacts/${id}/archive`)).status).toBe(204);
    expect((await api('GET', `/crm/v3/objects/contacts/${id}`)).status).toBe(404);
    expect((await control('GET', '/_sandbox/truth/contacts/archived')).body.ids).toContain(id);
    const restored = await control('POST', `/_sandbox/objects/contacts/${id}/restore`);
    expect(restored.body.id).toBe(id);
    expect((await api('GET', `/crm/v3/objects/contacts/${id}`)).status).toBe(200);

    const other = (
      await control('POST', '/_sandbox/objects/contacts', { properties: { email: 'merged@x.io' } })
    ).body.id;
    const merged = await control('POST', '/_sandbox/objects/contacts/merge', {
      primaryId: id,
      mergedId: other,
    });
    expect(merged.body.id).toBe(id);
    expect(merged.body.properties.hs_merged_object_ids).toContain(other);
    expect((await api('GET', `/crm/v3/objects/contacts/${other}`)).status).toBe(404);

    expect((await control('POST', `/_sandbox/objects/contacts/${id}/purge`)).status).toBe(204);
    expect((await api('GET', `/crm/v3/objects/contacts/${id}?archived=true`)).status).toBe(404);
    expect(sandbox.control.truthArchivedIds('contacts')).not.toContain(id);

    const missing = await control('PATCH', '/_sandbox/objects/contacts/1', { properties: {} });
    expect(missing.status).toBe(404);
    expectErrorBody(missing.body, 'OBJECT_NOT_FOUND');
  });

  it('associates and dissociates, visible in truth and over the API', async () => {
    const contact = (
      await control('POST', '/_sandbox/objects/contacts', { properties: { email: 'a@x.io' } })
    ).body.id;
    const company = (
      await control('POST', '/_sandbox/objects/companies', { properties: { name: 'Assoc Inc' } })
    ).body.id;
    const link = { fromType: 'contacts', fromId: contact, toType: 'companies', toId: company };
    expect((await control('POST', '/_sandbox/associations', link)).status).toBe(204);
    const truth = (await control('GET', '/_sandbox/truth/associations/contacts/companies')).body
      .results;
    expect(truth.filter((r: { fromId: string }) => r.fromId === contact)).toEqual([
      expect.objectContaining({ fromId: contact, toId: company }),
    ]);
    const read = await api('GET', `/crm/v4/objects/contacts/${contact}/associations/companies`);
    expect(read.body.results.map((r: { toObjectId: unknown }) => String(r.toObjectId))).toEqual([
      company,
    ]);
    expect((await control('DELETE', '/_sandbox/associations', link)).status).toBe(204);
    expect(
      (await api('GET', `/crm/v4/objects/contacts/${contact}/associations/companies`)).body.results,
    ).toEqual([]);
  });

  it('adds, changes and archives properties', async () => {
    const made = await control('POST', '/_sandbox/properties/contacts', {
      name: 'ctl_score',
      label: 'Score',
      type: 'number',
      fieldType: 'number',
      groupName: 'contactinformation',
    });
    expect(made.status).toBe(201);
    expect((await api('GET', '/crm/v3/properties/contacts/ctl_score')).body).toMatchObject({
      name: 'ctl_score',
      type: 'number',
    });
    const changed = await control('PATCH', '/_sandbox/properties/contacts/ctl_score', {
      label: 'Score 2',
    });
    expect(changed.body.label).toBe('Score 2');
    expect((await control('DELETE', '/_sandbox/properties/contacts/ctl_score')).status).toBe(204);
    const live = (await api('GET', '/crm/v3/properties/contacts')).body.results.map(
      (p: { name: string }) => p.name,
    );
    expect(live).not.toContain('ctl_score');
    const archived = (
      await api('GET', '/crm/v3/properties/contacts?archived=true')
    ).body.results.map((p: { name: string }) => p.name);
    expect(archived).toContain('ctl_score');
  });

  it('empties the rate-limit windows on request, as a fresh account has them', async () => {
    const before = sandbox.control.knobs.limits;
    await control('PATCH', '/_sandbox/knobs', { limits: { enabled: true, tier: 'professional' } });
    try {
      const remaining = async () =>
        Number(
          (await api('GET', '/crm/v3/objects/contacts?limit=1')).headers.get(
            'x-hubspot-ratelimit-remaining',
          ),
        );
      // Requests made while limits were off count too, until the windows are emptied.
      expect(await remaining()).toBeLessThan(189);
      expect((await control('POST', '/_sandbox/limits/reset')).status).toBe(204);
      await remaining();
      await remaining();
      expect(await remaining()).toBe(187);
      expect((await control('POST', '/_sandbox/limits/reset')).status).toBe(204);
      expect(await remaining()).toBe(189);
    } finally {
      await control('PATCH', '/_sandbox/knobs', { limits: before });
    }
  });

  it('streams every live record as ground truth', async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/truth/contacts`);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = await readJson(res);
    const truth = [...sandbox.control.truthRecords('contacts')];
    expect(body.results).toHaveLength(truth.length);
    expect(body.results).toEqual(JSON.parse(JSON.stringify(truth)));
    expect((await control('GET', '/_sandbox/truth/widgets')).status).toBe(400);
  });

  it('counts API requests by route, status and 429 policy; reset starts over', async () => {
    await control('POST', '/_sandbox/stats/reset');
    await api('GET', '/crm/v3/objects/contacts?limit=1');
    await api('GET', '/crm/objects/2026-03/contacts?limit=1');
    await api('POST', '/crm/v3/objects/contacts/search', {});
    await api('GET', '/crm/v3/objects/contacts/1');
    await control('GET', '/_sandbox/health');
    const stats = (await control('GET', '/_sandbox/stats')).body;
    expect(stats).toMatchObject({
      requests: 4,
      byRoute: { 'objects.list': 2, 'objects.search': 1, 'objects.get': 1 },
      byStatus: { '200': 3, '404': 1 },
      byFamily: { legacy: 3, dated: 1 },
      rateLimited: { TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 },
    });
    expect(sandbox.control.stats()).toEqual(stats);
    sandbox.control.resetStats();
    expect(sandbox.control.stats().requests).toBe(0);
  });

  it('exposes the portal in process, bound to the portal', () => {
    const { control: portal } = sandbox;
    const record = portal.create('companies', { name: 'In Process' });
    expect(portal.get('companies', record.id, { properties: ['name'] })?.properties.name).toBe(
      'In Process',
    );
    expect(portal.resolveType('0-1')?.name).toBe('contacts');
    expect(() => portal.setKnobs({ faults: { rate429: 5 } })).toThrow(/rate429/);
  });
});
