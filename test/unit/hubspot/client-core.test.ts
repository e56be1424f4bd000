import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { Secret } from '../../../src/config/secret.js';
import { createHubSpotClient } from '../../../src/hubspot/client.js';
import { batchReadObjects, listObjectsPage } from '../../../src/hubspot/objects.js';
import { searchObjects } from '../../../src/hubspot/search.js';
import { listProperties } from '../../../src/hubspot/properties.js';
import { listCustomSchemas } from '../../../src/hubspot/schemas.js';
import {
  listAssociationLabels,
  listObjectAssociations,
} from '../../../src/hubspot/associations.js';
import {
  apiError,
  createTestClient,
  json,
  rateLimited,
  startFakeHubSpot,
  type FakeHubSpot,
} from './fake-hubspot.js';

let server: FakeHubSpot;
beforeAll(async () => {
  server = await startFakeHubSpot();
});
afterAll(() => server.close());

const properties = Array.from({ length: 400 }, (_, i) => `custom_property_${i}`);
const record = (id: string) => ({
  id,
  properties: { hs_object_id: id },
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
});

describe('transport through @hubspot/api-client', () => {
  it('sends the bearer token and installs none of the SDK limiter or retry decorators', async () => {
    server.requests.length = 0;
    server.handle(() => json({ results: [] }));
    const client = createTestClient(server, {}, { token: 'pat-abc' });
    await listObjectsPage(client, 'contacts', { priority: 'live' });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer pat-abc');
    expect(server.requests[0]!.headers['user-agent']).toMatch(/hubspot-api-client-nodejs/);
    // The SDK keeps its limiter/retry decorators in a process-wide singleton.
    const { default: service } = createRequire(import.meta.url)(
      '@hubspot/api-client/lib/src/services/ApiDecoratorService',
    ) as { default: { getInstance(): { decorators: unknown[] } } };
    const decorators = service.getInstance().decorators;
    expect(decorators).toEqual([]);
    await client.close();
  });

  it('refuses to build a client without credentials, naming the setting', () => {
    expect(() =>
      createHubSpotClient({
        baseUrl: server.url,
        apiVersion: 'legacy',
        auth: { kind: 'none' },
        budgetShare: 1,
        tier: 'professional',
        requestTimeoutMs: 30_000,
        pacing: true,
      }),
    ).toThrow(ConfigError);
  });

  it('never carries the token in an error', async () => {
    server.handle(() => apiError(401, 'INVALID_AUTHENTICATION'));
    const client = createHubSpotClient(
      {
        baseUrl: server.url,
        apiVersion: 'legacy',
        auth: { kind: 'static', token: new Secret('pat-hidden') },
        budgetShare: 1,
        tier: 'professional',
        requestTimeoutMs: 30_000,
        pacing: true,
      },
      { limits: 'off' },
    );
    const error = await client
      .request({ method: 'GET', path: '/x', priority: 'live' })
      .catch((e: unknown) => e);
    expect(JSON.stringify(error)).not.toContain('pat-hidden');
    expect(String(error)).not.toContain('pat-hidden');
    expect((error as Error).stack).not.toContain('pat-hidden');
    await client.close();
  });
});

describe('API families', () => {
  it('puts search properties in the POST body, through the date-versioned path', async () => {
    server.requests.length = 0;
    server.handle(() => json({ total: 1, results: [record('1')] }));
    const client = createTestClient(server);
    const body = {
      filterGroups: [
        { filters: [{ propertyName: 'createdate', operator: 'GTE' as const, value: '0' }] },
      ],
      sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' as const }],
      properties,
      limit: 200,
    };
    const page = await searchObjects(client, 'contacts', body, { priority: 'backfill' });
    expect(page).toEqual({ total: 1, results: [record('1')] });
    const sent = server.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/crm/objects/2026-03/contacts/search');
    expect(sent.url).not.toContain('properties');
    expect(sent.json).toEqual(body);
    await client.close();
  });

  it('puts batch-read properties in the body, 100 ids per request', async () => {
    server.requests.length = 0;
    server.handle((request) => {
      const inputs = (request.json as { inputs: Array<{ id: string }> }).inputs;
      return json({ status: 'COMPLETE', results: inputs.map(({ id }) => record(id)) });
    });
    const client = createTestClient(server, {}, { apiVersion: 'legacy' });
    const ids = Array.from({ length: 250 }, (_, i) => String(i + 1));
    const { results, missing } = await batchReadObjects(
      client,
      'contacts',
      [...ids, '1'],
      properties,
      { priority: 'backfill' },
    );
    expect(results.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(missing).toEqual([]);
    expect(
      server.requests.map((r) => (r.json as { inputs: unknown[] }).inputs.length).sort(),
    ).toEqual([100, 100, 50]);
    for (const sent of server.requests) {
      expect(sent.path).toBe('/crm/v3/objects/contacts/batch/read');
      expect(sent.url).not.toContain('properties');
      expect((sent.json as { properties: string[] }).properties).toEqual(properties);
    }
    await client.close();
  });

  it('lists a page with limit, after, archived and a short property list in the query', async () => {
    server.requests.length = 0;
    server.handle(() => json({ results: [record('5')], paging: { next: { after: '6' } } }));
    const client = createTestClient(server, {}, { apiVersion: '2026-09' });
    const page = await listObjectsPage(client, 'car', {
      priority: 'sweep',
      after: '5',
      limit: 500,
      archived: true,
      properties: ['a', 'b'],
    });
    expect(page.paging?.next.after).toBe('6');
    const sent = server.requests[0]!;
    expect(sent.path).toBe('/crm/objects/2026-09/car');
    expect(Object.fromEntries(sent.query)).toEqual({
      limit: '100',
      after: '5',
      archived: 'true',
      properties: 'a,b',
    });
    await client.close();
  });

  it('lists properties, custom schemas (every page) and association labels', async () => {
    server.requests.length = 0;
    const client = createTestClient(server, {}, { apiVersion: 'legacy' });
    server.queue(
      json({ results: [{ name: 'email', label: 'Email', type: 'string', fieldType: 'text' }] }),
      json({
        results: [
          {
            id: '1',
            objectTypeId: '2-1',
            name: 'car',
            labels: { singular: 'Car', plural: 'Cars' },
          },
        ],
        paging: { next: { after: 'p2' } },
      }),
      json({
        results: [
          {
            id: '2',
            objectTypeId: '2-2',
            name: 'boat',
            labels: { singular: 'Boat', plural: 'Boats' },
          },
        ],
      }),
      json({
        results: [
          { category: 'HUBSPOT_DEFINED', typeId: '279', label: null },
          { category: 'USER_DEFINED', typeId: 1001, label: 'Boss' },
        ],
      }),
      json({
        results: [{ toObjectId: 3, associationTypes: [] }],
        paging: { next: { after: '3' } },
      }),
    );
    expect(
      (await listProperties(client, 'contacts', { archived: false })).map((p) => p.name),
    ).toEqual(['email']);
    expect((await listCustomSchemas(client)).map((s) => s.name)).toEqual(['car', 'boat']);
    expect(await listAssociationLabels(client, 'contacts', 'companies')).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 279, label: null },
      { category: 'USER_DEFINED', typeId: 1001, label: 'Boss' },
    ]);
    const page = await listObjectAssociations(client, 'contacts', '7', 'companies', {
      priority: 'sweep',
      limit: 900,
    });
    expect(page.paging?.next.after).toBe('3');
    expect(server.requests.map((r) => r.url)).toEqual([
      '/crm/v3/properties/contacts?archived=false',
      '/crm-object-schemas/v3/schemas',
      '/crm-object-schemas/v3/schemas?after=p2',
      '/crm/v4/associations/contacts/companies/labels',
      '/crm/v4/objects/contacts/7/associations/companies?limit=500',
    ]);
    await client.close();
  });

  it('rejects an answer without a results array', async () => {
    server.handle(() => json({ nope: true }));
    const client = createTestClient(server);
    await expect(listProperties(client, 'contacts')).rejects.toMatchObject({
      code: 'HUBSPOT_BAD_RESPONSE',
    });
    await client.close();
  });
});

describe('events and stats', () => {
  it('emits request, retry and rateLimited events, and a listener cannot break a call', async () => {
    server.requests.length = 0;
    server.handle(() => json({}));
    server.queue(rateLimited('SECONDLY'));
    const listenerErrors: unknown[] = [];
    const client = createTestClient(server, {
      onListenerError: (error) => listenerErrors.push(error),
    });
    const seen: string[] = [];
    client.events.on(
      'request',
      (e) => void seen.push(`request ${e.status} #${e.attempt} ${e.priority}`),
    );
    client.events.on('retry', (e) => void seen.push(`retry #${e.attempt} ${e.reason} ${e.status}`));
    client.events.on('rateLimited', (e) => void seen.push(`rateLimited ${e.policyName}`));
    client.events.on('request', () => {
      throw new Error('listener bug');
    });
    client.events.on('retry', async () => {
      throw new Error('async listener bug');
    });
    await client.request({ method: 'GET', path: '/x', priority: 'straggler' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([
      'request 429 #1 straggler',
      'rateLimited SECONDLY',
      'retry #1 429 SECONDLY 429',
      'request 200 #2 straggler',
    ]);
    expect(listenerErrors.map((e) => (e as Error).message)).toEqual([
      'listener bug',
      'async listener bug',
      'listener bug',
    ]);
    const stats = client.stats();
    expect(stats).toMatchObject({
      requests: 2,
      retries: 1,
      rateLimited429: 1,
      byPolicy: { SECONDLY: 1 },
      dailyUsed: 2,
    });
    await client.close();
  });

  it('keeps the last rate-limit headers', async () => {
    server.handle(() =>
      json({}, 200, {
        'x-hubspot-ratelimit-max': '190',
        'x-hubspot-ratelimit-remaining': '150',
        'x-hubspot-ratelimit-interval-milliseconds': '10000',
        'x-hubspot-ratelimit-daily': '625000',
        'x-hubspot-ratelimit-daily-remaining': '600000',
      }),
    );
    const client = createTestClient(server, { now: () => 1234 });
    await client.request({ method: 'GET', path: '/x', priority: 'live' });
    expect(client.stats().lastRateLimit).toEqual({
      max: 190,
      remaining: 150,
      intervalMs: 10_000,
      daily: 625_000,
      dailyRemaining: 600_000,
      at: 1234,
    });
    await client.close();
  });
});
