import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, buildTestApp } from './build-app.js';

const { app, portal, ctx, internalErrors } = buildTestApp();

beforeAll(async () => {
  const company = portal.create('companies', { name: 'Acme' });
  portal.associate('contacts', '1', 'companies', company.id, { typeId: 279 });
  portal.associate('contacts', '1', 'companies', company.id, { typeId: 1 });
  portal.create('car', { vin: 'V1' });
  await app.ready();
});
afterAll(() => app.close());

async function call(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
  url: string,
  payload?: unknown,
) {
  const res = await app.inject({
    method,
    url,
    headers: AUTH,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return {
    status: res.statusCode,
    body: res.body ? JSON.parse(res.body) : undefined,
    headers: res.headers,
  };
}

function stripVolatile(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body), (key, value) =>
    ['startedAt', 'completedAt', 'correlationId'].includes(key) ? undefined : value,
  );
}

describe('both path families', () => {
  const pairs: Array<[string, 'GET' | 'POST', string, string, unknown?]> = [
    [
      'list',
      'GET',
      '/crm/v3/objects/contacts?limit=3&properties=email',
      '/crm/objects/2026-03/contacts?limit=3&properties=email',
    ],
    ['get', 'GET', '/crm/v3/objects/contacts/2', '/crm/objects/2026-09/contacts/2'],
    [
      'batch read',
      'POST',
      '/crm/v3/objects/contacts/batch/read',
      '/crm/objects/2026-03/contacts/batch/read',
      { inputs: [{ id: '1' }, { id: '999' }], properties: ['email'] },
    ],
    [
      'search',
      'POST',
      '/crm/v3/objects/contacts/search',
      '/crm/objects/2026-03/contacts/search',
      { limit: 5, properties: ['email'] },
    ],
    ['properties', 'GET', '/crm/v3/properties/contacts', '/crm/properties/2026-03/contacts'],
    [
      'property',
      'GET',
      '/crm/v3/properties/contacts/email',
      '/crm/properties/2026-03/contacts/email',
    ],
    ['schemas', 'GET', '/crm-object-schemas/v3/schemas', '/crm-object-schemas/2026-03/schemas'],
    ['schemas alias', 'GET', '/crm/v3/schemas', '/crm-object-schemas/2026-03/schemas'],
    [
      'schema',
      'GET',
      '/crm-object-schemas/v3/schemas/p42_car',
      '/crm-object-schemas/2026-03/schemas/car',
    ],
    [
      'labels',
      'GET',
      '/crm/v4/associations/contacts/companies/labels',
      '/crm/associations/2026-03/contacts/companies/labels',
    ],
    [
      'record associations',
      'GET',
      '/crm/v4/objects/contacts/1/associations/companies',
      '/crm/objects/2026-03/contacts/1/associations/companies',
    ],
    [
      'association batch read',
      'POST',
      '/crm/v4/associations/contacts/companies/batch/read',
      '/crm/associations/2026-03/contacts/companies/batch/read',
      { inputs: [{ id: '1' }, { id: '999' }] },
    ],
  ];
  for (const [name, method, legacy, dated, payload] of pairs) {
    it(`answers ${name} identically`, async () => {
      const a = await call(method, legacy, payload);
      const b = await call(method, dated, payload);
      expect(a.status).toBeLessThan(300);
      expect(b.status).toBe(a.status);
      expect(stripVolatile(b.body)).toEqual(stripVolatile(a.body));
    });
  }

  it('accepts any YYYY-MM version and nothing else', async () => {
    expect((await call('GET', '/crm/objects/2031-12/contacts')).status).toBe(200);
    const bad = await call('GET', '/crm/objects/v3/contacts');
    expect(bad.status).toBe(404);
    expect(bad.body).toMatchObject({ status: 'error', category: 'NOT_FOUND' });
    expect((await call('GET', '/crm/objects/2026-13/contacts')).status).toBe(404);
  });
});

describe('objects', () => {
  it('pages the list with limit ≤ 100 and after', async () => {
    const first = await call('GET', '/crm/v3/objects/contacts?limit=10');
    expect(first.body.results).toHaveLength(10);
    const next = await call(
      'GET',
      `/crm/v3/objects/contacts?limit=10&after=${first.body.paging.next.after}`,
    );
    expect(next.body.results[0].id).toBe('11');
    const tooMany = await call('GET', '/crm/v3/objects/contacts?limit=101');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
  });

  it('reads properties given comma-separated and repeated', async () => {
    const res = await call(
      'GET',
      '/crm/v3/objects/contacts/2?properties=email,createdate&properties=hs_object_id',
    );
    expect(Object.keys(res.body.properties).sort()).toEqual([
      'createdate',
      'email',
      'hs_object_id',
    ]);
  });

  it('attaches v3 associations on list and get', async () => {
    const res = await call('GET', '/crm/v3/objects/contacts/1?associations=companies');
    const types = res.body.associations.companies.results
      .map((r: { type: string }) => r.type)
      .sort();
    expect(types).toContain('contact_to_company');
    expect(types).toContain('contact_to_company_unlabeled');
    const list = await call('GET', '/crm/v3/objects/contacts?limit=2&associations=companies');
    expect(list.body.results[0].associations.companies.results.length).toBeGreaterThan(0);
    expect(list.body.results[1].associations).toBeUndefined();
  });

  it('answers 404 with HubSpot’s body for a missing record', async () => {
    const res = await call('GET', '/crm/v3/objects/contacts/999');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      context: { id: ['999'] },
    });
    expect(res.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers batch/read with missing ids as a 207', async () => {
    const res = await call('POST', '/crm/v3/objects/contacts/batch/read', {
      inputs: [{ id: '1' }, { id: '998' }, { id: '999' }],
    });
    expect(res.status).toBe(207);
    expect(res.body).toMatchObject({
      status: 'COMPLETE',
      numErrors: 1,
      errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: ['998', '999'] } }],
    });
    expect(res.body.results.map((r: { id: string }) => r.id)).toEqual(['1']);
    const tooMany = await call('POST', '/crm/v3/objects/contacts/batch/read', {
      inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i) })),
    });
    expect(tooMany.status).toBe(400);
  });

  it('maps a PortalError to its status and category', async () => {
    const res = await call('POST', '/crm/v3/objects/contacts/search', { limit: 201 });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: 'limit must be at most 200',
    });
    const unknown = await call('GET', '/crm/v3/objects/widgets');
    expect(unknown.body.message).toBe('Unable to infer object type from: widgets');
  });

  it('creates, updates, upserts and archives', async () => {
    const created = await call('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'new@x.io' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const updated = await call('PATCH', `/crm/v3/objects/contacts/${id}`, {
      properties: { email: 'newer@x.io' },
    });
    expect(updated.body.properties.email).toBe('newer@x.io');
    const upsert = await call('POST', '/crm/v3/objects/contacts/batch/upsert', {
      inputs: [
        { id: 'newer@x.io', idProperty: 'email', properties: { firstname: 'A' } },
        { id: 'fresh@x.io', idProperty: 'email', properties: { firstname: 'B' } },
      ],
    });
    expect(upsert.status).toBe(200);
    expect(upsert.body.results.map((r: { new: boolean }) => r.new)).toEqual([false, true]);
    const batchUpdate = await call('POST', '/crm/v3/objects/contacts/batch/update', {
      inputs: [
        { id, properties: { firstname: 'C' } },
        { id: '997', properties: {} },
      ],
    });
    expect(batchUpdate.status).toBe(207);
    expect(batchUpdate.body.errors[0]).toMatchObject({
      category: 'OBJECT_NOT_FOUND',
      context: { ids: ['997'] },
    });
    // The SDK sends Content-Type: application/json with an empty DELETE body.
    const removed = await app.inject({
      method: 'DELETE',
      url: `/crm/v3/objects/contacts/${id}`,
      headers: { ...AUTH, 'content-type': 'application/json' },
    });
    expect(removed.statusCode).toBe(204);
    expect((await call('GET', `/crm/v3/objects/contacts/${id}`)).status).toBe(404);
    expect((await call('GET', `/crm/v3/objects/contacts/${id}?archived=true`)).body.archived).toBe(
      true,
    );
    expect((await call('DELETE', '/crm/v3/objects/contacts/99999')).status).toBe(204);
  });

  it('creates a record with v3 associations and batch-creates', async () => {
    const res = await call('POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [
        {
          properties: { email: 'a@b.c' },
          associations: [
            {
              to: { id: '26' },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
            },
          ],
        },
      ],
    });
    expect(res.status).toBe(201);
    const id = res.body.results[0].id;
    const assoc = await call('GET', `/crm/v4/objects/contacts/${id}/associations/companies`);
    expect(assoc.body.results).toEqual([
      {
        toObjectId: '26',
        associationTypes: [{ typeId: 279, category: 'HUBSPOT_DEFINED', label: null }],
      },
    ]);
  });
});

describe('associations', () => {
  it('creates and removes per record and in batches', async () => {
    const put = await call('PUT', '/crm/v4/objects/contacts/3/associations/companies/26', [
      { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 },
    ]);
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({
      fromObjectTypeId: '0-1',
      fromObjectId: '3',
      toObjectTypeId: '0-2',
      toObjectId: '26',
      labels: ['Primary'],
    });
    const batch = await call('POST', '/crm/associations/2026-03/contacts/companies/batch/create', {
      inputs: [
        {
          from: { id: '4' },
          to: { id: '26' },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
        },
      ],
    });
    expect(batch.status).toBe(201);
    const read = await call('POST', '/crm/v4/associations/contacts/companies/batch/read', {
      inputs: [{ id: '3' }, { id: '4' }],
    });
    expect(read.body.results.map((r: { from: { id: string } }) => r.from.id)).toEqual(['3', '4']);
    await call('DELETE', '/crm/v4/objects/contacts/3/associations/companies/26');
    expect(
      (
        await call('POST', '/crm/v4/associations/contacts/companies/batch/archive', {
          inputs: [{ from: { id: '4' }, to: [{ id: '26' }] }],
        })
      ).status,
    ).toBe(204);
    const after = await call('POST', '/crm/v4/associations/contacts/companies/batch/read', {
      inputs: [{ id: '3' }, { id: '4' }],
    });
    expect(after.body.results.every((r: { to: unknown[] }) => r.to.length === 0)).toBe(true);
  });

  it('lists v3 types and caps batch/read at 1,000 inputs', async () => {
    const types = await call('GET', '/crm/v3/associations/contacts/companies/types');
    expect(types.body.results).toEqual([
      { id: '279', name: 'contact_to_company_unlabeled' },
      { id: '1', name: 'contact_to_company' },
    ]);
    const many = await call('POST', '/crm/v4/associations/contacts/companies/batch/read', {
      inputs: Array.from({ length: 1001 }, (_, i) => ({ id: String(i) })),
    });
    expect(many.status).toBe(400);
    expect(
      (await call('GET', '/crm/v4/objects/contacts/1/associations/companies?limit=501')).status,
    ).toBe(400);
  });
});

describe('auth, errors and stats', () => {
  it('requires the bearer token on API routes only', async () => {
    const res = await app.inject({ method: 'GET', url: '/crm/v3/objects/contacts' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({
      status: 'error',
      category: 'INVALID_AUTHENTICATION',
      message: expect.stringMatching(/^Authentication credentials not found/),
    });
    expect((await app.inject({ method: 'GET', url: '/_sandbox/health' })).statusCode).toBe(200);
  });

  it('answers unknown routes and bad JSON with HubSpot error bodies', async () => {
    const unknown = await call('GET', '/crm/v3/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 'error', category: 'NOT_FOUND' });
    const bad = await app.inject({
      method: 'POST',
      url: '/crm/v3/objects/contacts/search',
      headers: { ...AUTH, 'content-type': 'application/json' },
      payload: '{nope',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(internalErrors).toEqual([]);
  });

  it('counts requests by route, status and family, leaving /_sandbox out', async () => {
    ctx.stats.reset();
    await call('GET', '/crm/v3/objects/contacts');
    await call('GET', '/crm/objects/2026-03/contacts/999');
    await call('GET', '/_sandbox/knobs');
    await call('GET', '/crm/v3/nope');
    const stats = (await call('GET', '/_sandbox/stats')).body;
    expect(stats).toMatchObject({
      requests: 3,
      byRoute: { 'objects.list': 1, 'objects.get': 1, unknown: 1 },
      byStatus: { '200': 1, '404': 2 },
      byFamily: { legacy: 1, dated: 1 },
    });
  });
});
