import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.js';
import {
  createCaller,
  expectErrorBody,
  startTestSandbox,
  stripVolatile,
  type Answer,
} from './helpers.js';

let sandbox: Sandbox;
let call: ReturnType<typeof createCaller>;
let ids: string[];
let archivedId: string;
let linked: { fromId: string; toId: string };
let car: { name: string; objectTypeId: string; fullyQualifiedName?: string };

beforeAll(async () => {
  sandbox = await startTestSandbox();
  call = createCaller(sandbox);
  const { control } = sandbox;
  ids = [...control.truthRecords('contacts')].slice(0, 5).map((r) => r.id);
  archivedId = control.truthArchivedIds('contacts')[0] ?? '';
  const first = [...control.truthAssociations('contacts', 'companies')][0];
  if (!first) throw new Error('the generated portal has no contact→company association');
  linked = first;
  const custom = control.objectTypes().find((t) => t.custom);
  if (!custom) throw new Error('the generated portal has no custom object');
  car = custom;
});
afterAll(() => sandbox?.close());

type Pair = [name: string, method: string, legacy: string, dated: string, body?: unknown];

function readPairs(): Pair[] {
  const id = ids[0];
  return [
    [
      'list',
      'GET',
      '/crm/v3/objects/contacts?limit=7&properties=email,firstname',
      '/crm/objects/2026-03/contacts?limit=7&properties=email&properties=firstname',
    ],
    [
      'list archived',
      'GET',
      '/crm/v3/objects/contacts?archived=true&limit=5',
      '/crm/objects/2026-09/contacts?archived=true&limit=5',
    ],
    [
      'list with associations',
      'GET',
      '/crm/v3/objects/contacts?limit=20&associations=companies',
      '/crm/objects/2026-03/contacts?limit=20&associations=companies',
    ],
    [
      'get',
      'GET',
      `/crm/v3/objects/contacts/${id}?properties=email`,
      `/crm/objects/2026-03/contacts/${id}?properties=email`,
    ],
    [
      'get custom',
      'GET',
      `/crm/v3/objects/${car.name}?limit=3`,
      `/crm/objects/2026-03/${car.objectTypeId}?limit=3`,
    ],
    [
      'batch read',
      'POST',
      '/crm/v3/objects/contacts/batch/read',
      '/crm/objects/2026-03/contacts/batch/read',
      { inputs: ids.map((i) => ({ id: i })), properties: ['email'] },
    ],
    [
      'batch read 207',
      'POST',
      '/crm/v3/objects/contacts/batch/read',
      '/crm/objects/2026-03/contacts/batch/read',
      { inputs: [{ id }, { id: '1' }], properties: ['email'] },
    ],
    [
      'search',
      'POST',
      '/crm/v3/objects/contacts/search',
      '/crm/objects/2026-03/contacts/search',
      {
        limit: 50,
        properties: ['email', 'createdate'],
        sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
      },
    ],
    ['properties', 'GET', '/crm/v3/properties/contacts', '/crm/properties/2026-03/contacts'],
    [
      'archived properties',
      'GET',
      '/crm/v3/properties/deals?archived=true',
      '/crm/properties/2026-03/deals?archived=true',
    ],
    [
      'property',
      'GET',
      '/crm/v3/properties/contacts/email',
      '/crm/properties/2026-03/contacts/email',
    ],
    ['schemas', 'GET', '/crm-object-schemas/v3/schemas', '/crm-object-schemas/2026-03/schemas'],
    ['schemas alias', 'GET', '/crm/v3/schemas', '/crm-object-schemas/2026-09/schemas'],
    [
      'schema',
      'GET',
      `/crm-object-schemas/v3/schemas/${car.name}`,
      `/crm-object-schemas/2026-03/schemas/${car.objectTypeId}`,
    ],
    [
      'labels',
      'GET',
      '/crm/v4/associations/contacts/companies/labels',
      '/crm/associations/2026-03/contacts/companies/labels',
    ],
    [
      'association batch read',
      'POST',
      '/crm/v4/associations/contacts/companies/batch/read',
      '/crm/associations/2026-03/contacts/companies/batch/read',
      { inputs: [{ id: linked.fromId }, ...ids.map((i) => ({ id: i }))] },
    ],
    [
      'association batch read 207',
      'POST',
      '/crm/v4/associations/contacts/companies/batch/read',
      '/crm/associations/2026-03/contacts/companies/batch/read',
      { inputs: [{ id: linked.fromId }, { id: '1' }] },
    ],
    [
      'record associations',
      'GET',
      `/crm/v4/objects/contacts/${linked.fromId}/associations/companies`,
      `/crm/objects/2026-03/contacts/${linked.fromId}/associations/companies`,
    ],
    [
      'reverse record associations',
      'GET',
      `/crm/v4/objects/companies/${linked.toId}/associations/contacts?limit=2`,
      `/crm/objects/2026-03/companies/${linked.toId}/associations/contacts?limit=2`,
    ],
  ];
}

describe('legacy and date-versioned paths answer identically', () => {
  it('for every read endpoint', async () => {
    for (const [name, method, legacy, dated, body] of readPairs()) {
      const a = await call(method, legacy, body);
      const b = await call(method, dated, body);
      expect(a.status, `${name}: ${JSON.stringify(a.body).slice(0, 300)}`).toBeLessThan(300);
      expect(b.status, name).toBe(a.status);
      expect(stripVolatile(b.body), name).toEqual(stripVolatile(a.body));
    }
  });

  it('for errors, minus the correlation id', async () => {
    const pairs: Pair[] = [
      ['missing record', 'GET', '/crm/v3/objects/contacts/1', '/crm/objects/2026-03/contacts/1'],
      ['unknown type', 'GET', '/crm/v3/objects/widgets', '/crm/objects/2026-03/widgets'],
      [
        'limit too big',
        'GET',
        '/crm/v3/objects/contacts?limit=101',
        '/crm/objects/2026-03/contacts?limit=101',
      ],
      [
        'search limit',
        'POST',
        '/crm/v3/objects/contacts/search',
        '/crm/objects/2026-03/contacts/search',
        { limit: 201 },
      ],
      [
        'too many batch inputs',
        'POST',
        '/crm/v3/objects/contacts/batch/read',
        '/crm/objects/2026-03/contacts/batch/read',
        { inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i) })) },
      ],
      [
        'too many association inputs',
        'POST',
        '/crm/v4/associations/contacts/companies/batch/read',
        '/crm/associations/2026-03/contacts/companies/batch/read',
        { inputs: Array.from({ length: 1001 }, (_, i) => ({ id: String(i) })) },
      ],
      [
        'missing property',
        'GET',
        '/crm/v3/properties/contacts/no_such_prop',
        '/crm/properties/2026-03/contacts/no_such_prop',
      ],
      [
        'missing schema',
        'GET',
        '/crm-object-schemas/v3/schemas/contacts',
        '/crm-object-schemas/2026-03/schemas/contacts',
      ],
    ];
    for (const [name, method, legacy, dated, body] of pairs) {
      const a = await call(method, legacy, body);
      const b = await call(method, dated, body);
      expect(a.status, name).toBeGreaterThanOrEqual(400);
      expect(b.status, name).toBe(a.status);
      expectErrorBody(a.body, a.body.category);
      expect(stripVolatile(b.body), name).toEqual(stripVolatile(a.body));
    }
  });

  it('for every write endpoint (same status and shape)', async () => {
    const shape = (answer: Answer) => ({
      status: answer.status,
      keys: answer.body ? Object.keys(answer.body).sort() : [],
    });
    const both = async (
      method: string,
      legacy: string,
      dated: string,
      body: (family: string) => unknown,
    ) => {
      const a = await call(method, legacy, body('legacy'));
      const b = await call(method, dated, body('dated'));
      expect(shape(b), `${method} ${dated}`).toEqual(shape(a));
      return [a, b] as const;
    };
    const [a, b] = await both(
      'POST',
      '/crm/v3/objects/contacts',
      '/crm/objects/2026-03/contacts',
      (f) => ({ properties: { email: `w-${f}@x.io` } }),
    );
    expect(a.status).toBe(201);
    const [idA, idB] = [a.body.id, b.body.id];
    const upd = await both(
      'PATCH',
      `/crm/v3/objects/contacts/${idA}`,
      `/crm/objects/2026-03/contacts/${idB}`,
      () => ({ properties: { firstname: 'W' } }),
    );
    expect(upd[1].body.properties.firstname).toBe('W');
    await both(
      'POST',
      '/crm/v3/objects/contacts/batch/create',
      '/crm/objects/2026-03/contacts/batch/create',
      (f) => ({ inputs: [{ properties: { email: `b-${f}@x.io` } }] }),
    );
    await both(
      'POST',
      '/crm/v3/objects/contacts/batch/update',
      '/crm/objects/2026-03/contacts/batch/update',
      () => ({
        inputs: [
          { id: idA, properties: { lastname: 'L' } },
          { id: '1', properties: {} },
        ],
      }),
    );
    await both(
      'POST',
      '/crm/v3/objects/contacts/batch/upsert',
      '/crm/objects/2026-03/contacts/batch/upsert',
      (f) => ({
        inputs: [{ id: `u-${f}@x.io`, idProperty: 'email', properties: { firstname: 'U' } }],
      }),
    );
    const types = await both(
      'PUT',
      `/crm/v4/objects/contacts/${idA}/associations/companies/${linked.toId}`,
      `/crm/objects/2026-03/contacts/${idB}/associations/companies/${linked.toId}`,
      () => [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
    );
    expect(types[0].status).toBe(201);
    await both(
      'PUT',
      `/crm/v4/objects/contacts/${idA}/associations/default/deals/${ids[1]}`,
      `/crm/objects/2026-03/contacts/${idB}/associations/default/deals/${ids[1]}`,
      () => undefined,
    );
    await both(
      'DELETE',
      `/crm/v4/objects/contacts/${idA}/associations/companies/${linked.toId}`,
      `/crm/objects/2026-03/contacts/${idB}/associations/companies/${linked.toId}`,
      () => undefined,
    );
    await both(
      'POST',
      '/crm/v4/associations/contacts/companies/batch/create',
      '/crm/associations/2026-03/contacts/companies/batch/create',
      (f) => ({
        inputs: [
          {
            from: { id: f === 'legacy' ? idA : idB },
            to: { id: linked.toId },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
          },
        ],
      }),
    );
    await both(
      'POST',
      '/crm/v4/associations/contacts/companies/batch/archive',
      '/crm/associations/2026-03/contacts/companies/batch/archive',
      (f) => ({
        inputs: [{ from: { id: f === 'legacy' ? idA : idB }, to: [{ id: linked.toId }] }],
      }),
    );
    const prop = await both(
      'POST',
      '/crm/v3/properties/contacts',
      '/crm/properties/2026-03/contacts',
      (f) => ({
        name: `p_${f}`,
        label: 'P',
        type: 'string',
        fieldType: 'text',
        groupName: 'contactinformation',
      }),
    );
    expect(prop[0].status).toBe(201);
    await both(
      'PATCH',
      '/crm/v3/properties/contacts/p_legacy',
      '/crm/properties/2026-03/contacts/p_dated',
      () => ({ label: 'P2' }),
    );
    await both(
      'DELETE',
      '/crm/v3/properties/contacts/p_legacy',
      '/crm/properties/2026-03/contacts/p_dated',
      () => undefined,
    );
    await both(
      'POST',
      '/crm/v3/objects/contacts/batch/archive',
      '/crm/objects/2026-03/contacts/batch/archive',
      (f) => ({ inputs: [{ id: f === 'legacy' ? idA : idB }] }),
    );
    const gone = await both(
      'DELETE',
      `/crm/v3/objects/contacts/${idA}`,
      `/crm/objects/2026-03/contacts/${idB}`,
      () => undefined,
    );
    expect(gone[0].status).toBe(204);
    expect(sandbox.control.truthArchivedIds('contacts')).toEqual(
      expect.arrayContaining([idA, idB]),
    );
  });

  it('refuses what is not a date version, and unknown routes, with HubSpot’s 404 body', async () => {
    for (const path of [
      '/crm/objects/v3/contacts',
      '/crm/objects/2026-3/contacts',
      '/crm/v5/objects/contacts',
      '/nothing',
    ]) {
      const res = await call('GET', path);
      expect(res.status, path).toBe(404);
      expectErrorBody(res.body, 'NOT_FOUND');
    }
    expect(archivedId).not.toBe('');
  });
});

describe('response shapes', () => {
  it('list pages by after until paging is absent, each result in HubSpot’s record shape', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const res = await call(
        'GET',
        `/crm/v3/objects/contacts?limit=100${after ? `&after=${after}` : ''}`,
      );
      expect(res.status).toBe(200);
      for (const r of res.body.results) {
        expect(r).toMatchObject({
          id: expect.any(String),
          properties: expect.any(Object),
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
          archived: false,
        });
        seen.push(r.id);
      }
      after = res.body.paging?.next?.after;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(sandbox.control.count('contacts'));
  });

  it('lists archived records with archivedAt', async () => {
    const res = await call('GET', '/crm/v3/objects/contacts?archived=true&limit=100');
    expect(res.body.results.length).toBe(sandbox.control.count('contacts', { archived: true }));
    for (const r of res.body.results)
      expect(r).toMatchObject({ archived: true, archivedAt: expect.any(String) });
  });

  it('answers 207 with OBJECT_NOT_FOUND for missing batch ids', async () => {
    const res = await call('POST', '/crm/v3/objects/contacts/batch/read', {
      inputs: [{ id: ids[0] }, { id: '1' }, { id: '2' }],
    });
    expect(res.status).toBe(207);
    expect(res.body).toMatchObject({
      status: 'COMPLETE',
      results: [{ id: ids[0] }],
      numErrors: 1,
      errors: [
        {
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          message: expect.any(String),
          context: { ids: ['1', '2'] },
        },
      ],
    });
  });

  it('lists custom object schemas with their properties and associations', async () => {
    const res = await call('GET', '/crm-object-schemas/v3/schemas');
    expect(res.body.results).toHaveLength(1);
    const schema = res.body.results[0];
    expect(schema).toMatchObject({
      id: expect.any(String),
      objectTypeId: car.objectTypeId,
      name: car.name,
      fullyQualifiedName: car.fullyQualifiedName,
      labels: { singular: expect.any(String), plural: expect.any(String) },
      primaryDisplayProperty: expect.any(String),
    });
    expect(schema.properties.length).toBeGreaterThan(3);
    expect(Array.isArray(schema.associations)).toBe(true);
  });

  it('attaches v3 associations to list results', async () => {
    const res = await call(
      'GET',
      `/crm/v3/objects/contacts/${linked.fromId}?associations=companies`,
    );
    expect(res.body.associations.companies.results).toContainEqual({
      id: linked.toId,
      type: expect.stringMatching(/^contact_to_company/),
    });
  });
});
