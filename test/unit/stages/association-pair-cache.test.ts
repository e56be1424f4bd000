/**
 * The association pair cache: answers learned once per max age (labels for standard pairs, the
 * schema listing for custom ones), undefined pairs remembered too, label changes picked up only
 * after expiry, concurrent lookups sharing one request, failures not remembered.
 */
import { describe, expect, it } from 'vitest';
import { HubSpotApiError, type HubSpotClient } from '../../../src/hubspot/index.js';
import type { CatalogObject } from '../../../src/schema/index.js';
import { createPairCache, fromSchemas } from '../../../src/stages/associations/pair-cache.js';

const object = (objectType: string, objectTypeId: string): CatalogObject => ({
  objectType,
  apiName: objectType,
  objectTypeId,
  createdProperty: 'createdate',
  modifiedProperty: 'lastmodifieddate',
  columns: new Map(),
});

const companies = object('companies', '0-2');
const contacts = object('contacts', '0-1');
const products = object('products', '0-7');
const car = object('car', '2-1000001');
const pets = object('pets', '2-1000002');

type Labels = Array<{ category: string; typeId: number; label: string | null }>;

function fakePortal() {
  const labels = new Map<string, Labels | number>([
    ['companies/contacts', [{ category: 'HUBSPOT_DEFINED', typeId: 280, label: null }]],
    ['companies/products', 400],
  ]);
  const schemas = [
    {
      id: '1000001',
      objectTypeId: car.objectTypeId,
      name: 'car',
      labels: { singular: 'Car', plural: 'Cars' },
      associations: [
        {
          id: '11',
          fromObjectTypeId: car.objectTypeId,
          toObjectTypeId: '0-1',
          name: 'car_to_contact',
        },
        {
          id: '12',
          fromObjectTypeId: '0-1',
          toObjectTypeId: car.objectTypeId,
          name: 'contact_to_car',
        },
      ],
    },
  ];
  const calls: string[] = [];
  let failNext = false;
  const client = {
    paths: {
      associationLabels: (from: string, to: string) => `/labels/${from}/${to}`,
      schemas: () => '/schemas',
    },
    request: async ({ method, path }: { method: string; path: string }) => {
      calls.push(path);
      await Promise.resolve();
      if (failNext) {
        failNext = false;
        throw new HubSpotApiError({ status: 500, method, path, message: 'boom' });
      }
      if (path === '/schemas') return { status: 200, body: { results: schemas } };
      const answer = labels.get(path.replace('/labels/', '')) ?? 404;
      if (typeof answer === 'number')
        throw new HubSpotApiError({ status: answer, method, path, message: 'no such pair' });
      return { status: 200, body: { results: answer } };
    },
  };
  return {
    client: client as unknown as HubSpotClient,
    calls,
    labels,
    failOnce: () => void (failNext = true),
  };
}

describe('the association pair cache', () => {
  const setUp = () => {
    const portal = fakePortal();
    const cache = createPairCache();
    let clock = 1_000;
    const env = {
      client: portal.client,
      call: { priority: 'sweep' as const },
      now: () => clock,
      maxAgeMs: 300_000,
      scope: 'hubspot',
    };
    return { portal, cache, env, advance: (ms: number) => void (clock += ms) };
  };

  it('learns a defined pair once per max age, with its labels', async () => {
    const { portal, cache, env, advance } = setUp();
    expect(await cache.lookup(companies, contacts, env)).toEqual({
      defined: true,
      types: [{ typeId: 280, label: null, category: 'HUBSPOT_DEFINED' }],
      source: 'labels',
      learnedAt: 1_000,
    });
    advance(299_999);
    await cache.lookup(companies, contacts, env);
    expect(portal.calls).toEqual(['/labels/companies/contacts']);
    advance(1);
    await cache.lookup(companies, contacts, env);
    expect(portal.calls).toHaveLength(2);
  });

  it('remembers a pair HubSpot answers 400 or 404 for as undefined, until it expires', async () => {
    const { portal, cache, env, advance } = setUp();
    expect(await cache.lookup(companies, products, env)).toMatchObject({
      defined: false,
      types: [],
    });
    expect(await cache.lookup(contacts, products, env)).toMatchObject({ defined: false });
    advance(60_000);
    await cache.lookup(companies, products, env);
    await cache.lookup(contacts, products, env);
    expect(portal.calls).toHaveLength(2);
    // Defined since: seen only once the answer expires.
    portal.labels.set('companies/products', [
      { category: 'USER_DEFINED', typeId: 9, label: 'Kit' },
    ]);
    expect(await cache.lookup(companies, products, env)).toMatchObject({ defined: false });
    advance(300_000);
    expect(await cache.lookup(companies, products, env)).toMatchObject({
      defined: true,
      types: [{ typeId: 9, label: 'Kit', category: 'USER_DEFINED' }],
    });
  });

  it('picks up changed labels after expiry, and an empty list means undefined', async () => {
    const { portal, cache, env, advance } = setUp();
    await cache.lookup(companies, contacts, env);
    portal.labels.set('companies/contacts', [
      { category: 'HUBSPOT_DEFINED', typeId: 280, label: null },
      { category: 'USER_DEFINED', typeId: 1002, label: 'Decision maker' },
    ]);
    expect((await cache.lookup(companies, contacts, env)).types).toHaveLength(1);
    advance(300_000);
    expect((await cache.lookup(companies, contacts, env)).types).toEqual([
      { typeId: 280, label: null, category: 'HUBSPOT_DEFINED' },
      { typeId: 1002, label: 'Decision maker', category: 'USER_DEFINED' },
    ]);
    portal.labels.set('companies/contacts', []);
    advance(300_000);
    expect(await cache.lookup(companies, contacts, env)).toMatchObject({ defined: false });
  });

  it('answers every custom pair from one schema listing', async () => {
    const { portal, cache, env, advance } = setUp();
    expect(await cache.lookup(car, contacts, env)).toEqual({
      defined: true,
      types: [{ typeId: 11, label: null, category: null }],
      source: 'schemas',
      learnedAt: 1_000,
    });
    expect(await cache.lookup(car, companies, env)).toMatchObject({
      defined: false,
      source: 'schemas',
    });
    expect(await cache.lookup(car, products, env)).toMatchObject({ defined: false });
    expect(portal.calls).toEqual(['/schemas']);
    // A custom side the listing lacks: its labels are asked.
    expect(await cache.lookup(car, pets, env)).toMatchObject({ defined: false, source: 'labels' });
    expect(portal.calls).toEqual(['/schemas', '/labels/2-1000001/2-1000002']);
    advance(300_000);
    await cache.lookup(car, contacts, env);
    await cache.lookup(car, companies, env);
    expect(portal.calls).toEqual(['/schemas', '/labels/2-1000001/2-1000002', '/schemas']);
  });

  it('shares one request between concurrent lookups, and forgets a failure', async () => {
    const { portal, cache, env } = setUp();
    const answers = await Promise.all([
      cache.lookup(companies, contacts, env),
      cache.lookup(companies, contacts, env),
    ]);
    expect(answers[0]).toBe(answers[1]);
    expect(portal.calls).toHaveLength(1);
    portal.failOnce();
    await expect(cache.lookup(companies, contacts, { ...env, maxAgeMs: 0 })).rejects.toThrow(
      /boom/,
    );
    expect(await cache.lookup(companies, contacts, env)).toMatchObject({ defined: true });
    expect(portal.calls).toHaveLength(3);
  });

  it('keeps the answers of different scopes apart', async () => {
    const { portal, cache, env } = setUp();
    await cache.lookup(companies, contacts, env);
    await cache.lookup(companies, contacts, { ...env, scope: 'other' });
    expect(portal.calls).toHaveLength(2);
  });
});

describe('a pair from the schemas', () => {
  it('is defined by a link in either direction; its types are the stored direction', () => {
    const schema = {
      id: '1',
      objectTypeId: car.objectTypeId,
      name: 'car',
      labels: { singular: 'Car', plural: 'Cars' },
      associations: [{ id: '12', fromObjectTypeId: '0-1', toObjectTypeId: car.objectTypeId }],
    };
    expect(fromSchemas([schema], car, contacts)).toEqual({ defined: true, types: [] });
    expect(fromSchemas([schema], contacts, car)).toEqual({
      defined: true,
      types: [{ typeId: 12, label: null, category: null }],
    });
    expect(fromSchemas([schema], companies, contacts)).toBeUndefined();
    expect(fromSchemas([], car, contacts)).toBeUndefined();
  });
});
