import { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { readJson, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let client: Client;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  client = new Client({
    accessToken: sandbox.token,
    basePath: sandbox.url,
    numberOfApiCallRetries: 0,
  });
});
afterAll(() => sandbox?.close());

const liveIds = (type: string) => [...sandbox.control.truthRecords(type)].map((r) => r.id).sort();

describe('@hubspot/api-client against the sandbox', () => {
  it('pages through search', async () => {
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const page = await client.crm.contacts.searchApi.doSearch({
        filterGroups: [],
        sorts: ['createdate'],
        properties: ['email', 'createdate'],
        limit: 50,
        after,
      });
      expect(page.total).toBe(sandbox.control.count('contacts'));
      for (const r of page.results) {
        expect(r.createdAt).toBeInstanceOf(Date);
        ids.push(r.id);
      }
      after = page.paging?.next?.after;
    } while (after);
    expect(ids.sort()).toEqual(liveIds('contacts'));
  });

  it('pages through the list and batch-reads, 207 included', async () => {
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const page = await client.crm.contacts.basicApi.getPage(100, after, ['email', 'firstname']);
      ids.push(...page.results.map((r) => r.id));
      after = page.paging?.next?.after;
    } while (after);
    expect(ids.sort()).toEqual(liveIds('contacts'));

    const batch = await client.crm.contacts.batchApi.read({
      inputs: [...ids.slice(0, 10), '1'].map((id) => ({ id })),
      properties: ['email'],
      propertiesWithHistory: [],
    });
    expect(batch.results).toHaveLength(10);
    expect((batch as { errors?: Array<{ category: string }> }).errors?.[0]?.category).toBe(
      'OBJECT_NOT_FOUND',
    );
  });

  it('reads properties and custom object schemas', async () => {
    const properties = await client.crm.properties.coreApi.getAll('contacts');
    expect(properties.results.map((p) => p.name)).toEqual(
      expect.arrayContaining(['email', 'createdate', 'lastmodifieddate']),
    );
    const schemas = await client.crm.schemas.coreApi.getAll();
    expect(schemas.results.map((s) => s.name)).toEqual(
      sandbox.control
        .objectTypes()
        .filter((t) => t.custom)
        .map((t) => t.name),
    );
    expect(schemas.results[0]?.properties.length).toBeGreaterThan(0);
  });

  it('reads associations in batches and per record', async () => {
    const truth = [...sandbox.control.truthAssociations('contacts', 'companies')];
    const fromIds = [...new Set(truth.map((t) => t.fromId))].slice(0, 20);
    const batch = await client.crm.associations.v4.batchApi.getPage('contacts', 'companies', {
      inputs: fromIds.map((id) => ({ id })),
    });
    const pairs = batch.results.flatMap((r) => r.to.map((t) => `${r._from.id}>${t.toObjectId}`));
    const expected = truth
      .filter((t) => fromIds.includes(t.fromId))
      .map((t) => `${t.fromId}>${t.toId}`);
    expect([...new Set(pairs)].sort()).toEqual([...new Set(expected)].sort());

    const one = fromIds[0] as string;
    const page = await client.crm.associations.v4.basicApi.getPage(
      'contacts',
      one,
      'companies',
      undefined,
      500,
    );
    expect(page.results.map((r) => String(r.toObjectId)).sort()).toEqual(
      [...new Set(truth.filter((t) => t.fromId === one).map((t) => t.toId))].sort(),
    );
  });

  it('writes through its generated methods, DELETE with an empty JSON body included', async () => {
    const created = await client.crm.contacts.basicApi.create({
      properties: { email: 'sdk@x.io' },
      associations: [],
    });
    const company = liveIds('companies')[0] as string;
    await client.crm.associations.v4.basicApi.create('contacts', created.id, 'companies', company, [
      {
        associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
        associationTypeId: 279,
      },
    ]);
    const updated = await client.crm.contacts.basicApi.update(created.id, {
      properties: { firstname: 'Sdk' },
    });
    expect(updated.properties.firstname).toBe('Sdk');
    await client.crm.contacts.basicApi.archive(created.id);
    expect(sandbox.control.truthArchivedIds('contacts')).toContain(created.id);
  });

  it('reaches the date-versioned paths through apiRequest', async () => {
    const search = await client.apiRequest({
      method: 'POST',
      path: '/crm/objects/2026-03/contacts/search',
      body: { limit: 5, properties: ['email'] },
    });
    expect(search.status).toBe(200);
    expect((await readJson(search)).results).toHaveLength(5);
    const props = await client.apiRequest({
      method: 'GET',
      path: '/crm/properties/2026-09/companies',
    });
    expect((await readJson(props)).results.length).toBeGreaterThan(0);
    const schemas = await client.apiRequest({
      method: 'GET',
      path: '/crm-object-schemas/2026-03/schemas',
    });
    expect((await readJson(schemas)).results).toHaveLength(1);
    const assoc = await client.apiRequest({
      method: 'POST',
      path: '/crm/associations/2026-03/contacts/companies/batch/read',
      body: { inputs: [{ id: liveIds('contacts')[0] }] },
    });
    expect([200, 207]).toContain(assoc.status);
  });
});
