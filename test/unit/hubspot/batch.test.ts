import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHubSpotBatchError } from '../../../src/hubspot/errors.js';
import { parseBatchErrors } from '../../../src/hubspot/batch.js';
import { batchReadObjects } from '../../../src/hubspot/objects.js';
import {
  batchReadAssociations,
  readAllAssociations,
  type AssociationSet,
} from '../../../src/hubspot/associations.js';
import { createTestClient, json, startFakeHubSpot, type FakeHubSpot } from './fake-hubspot.js';

let server: FakeHubSpot;
beforeAll(async () => {
  server = await startFakeHubSpot();
});
afterAll(() => server.close());

const record = (id: string) => ({
  id,
  properties: { hs_object_id: id },
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
});
const inputsOf = (request: { json: unknown }) =>
  (request.json as { inputs: Array<{ id: string; after?: string }> }).inputs;
const idError = (category: string, ids: string[]) => ({
  status: 'error',
  category,
  message: `${category} for some`,
  context: { ids },
});

describe('parseBatchErrors', () => {
  it('collects ids from any context key, as strings', () => {
    expect(
      parseBatchErrors({
        errors: [
          {
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: 'gone',
            context: { ids: ['1', '2'] },
          },
          {
            status: 'error',
            category: 'VALIDATION_ERROR',
            subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
            message: 'none',
            context: { fromObjectId: [3] },
          },
          { category: 'INTERNAL_ERROR' },
        ],
      }),
    ).toEqual([
      { status: 'error', category: 'OBJECT_NOT_FOUND', message: 'gone', ids: ['1', '2'] },
      {
        status: 'error',
        category: 'VALIDATION_ERROR',
        subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
        message: 'none',
        ids: ['3'],
      },
      { status: 'error', category: 'INTERNAL_ERROR', message: '', ids: [] },
    ]);
    expect(parseBatchErrors({ results: [] })).toEqual([]);
  });
});

describe('batchReadObjects with 207 partial failures', () => {
  it('re-reads only the failed ids and reports OBJECT_NOT_FOUND ones as missing', async () => {
    server.requests.length = 0;
    server.handle((request) =>
      json({ status: 'COMPLETE', results: inputsOf(request).map(({ id }) => record(id)) }),
    );
    server.queue(
      json(
        {
          status: 'COMPLETE',
          results: [record('1')],
          numErrors: 3,
          errors: [
            idError('INTERNAL_ERROR', ['2']),
            idError('RATE_LIMIT', ['3']),
            idError('OBJECT_NOT_FOUND', ['4']),
          ],
        },
        207,
      ),
      // The second round still fails '3'; a 207 is never success.
      json(
        {
          status: 'COMPLETE',
          results: [record('2')],
          numErrors: 1,
          errors: [idError('INTERNAL_ERROR', ['3'])],
        },
        207,
      ),
    );
    const client = createTestClient(server);
    const { results, missing } = await batchReadObjects(
      client,
      'contacts',
      ['1', '2', '3', '4'],
      ['email'],
      { priority: 'backfill' },
    );
    expect(results.map((r) => r.id).sort()).toEqual(['1', '2', '3']);
    expect(missing).toEqual(['4']);
    expect(server.requests.map((r) => inputsOf(r).map((i) => i.id))).toEqual([
      ['1', '2', '3', '4'],
      ['2', '3'],
      ['3'],
    ]);
    await client.close();
  });

  it('re-reads ids a 207 silently left out', async () => {
    server.requests.length = 0;
    server.handle((request) => json({ results: inputsOf(request).map(({ id }) => record(id)) }));
    server.queue(
      json(
        {
          results: [record('1')],
          numErrors: 1,
          errors: [{ status: 'error', category: 'INTERNAL_ERROR', message: 'x' }],
        },
        207,
      ),
    );
    const client = createTestClient(server);
    const { results } = await batchReadObjects(client, 'contacts', ['1', '2'], [], {
      priority: 'backfill',
    });
    expect(results.map((r) => r.id).sort()).toEqual(['1', '2']);
    expect(inputsOf(server.requests[1]!)).toEqual([{ id: '2' }]);
    await client.close();
  });

  it('throws a HubSpotBatchError naming ids that never succeed', async () => {
    server.requests.length = 0;
    server.handle(() =>
      json({ results: [], numErrors: 1, errors: [idError('INTERNAL_ERROR', ['9'])] }, 207),
    );
    const client = createTestClient(server);
    const error = await batchReadObjects(client, 'contacts', ['9'], [], {
      priority: 'backfill',
    }).catch((e: unknown) => e);
    expect(isHubSpotBatchError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'HUBSPOT_BATCH', failedIds: ['9'] });
    expect(server.requests).toHaveLength(12);
    await client.close();
  });
});

describe('associations', () => {
  it('treats NO_ASSOCIATIONS_FOUND as an empty result and retries other failures', async () => {
    server.requests.length = 0;
    server.handle((request) =>
      json({
        results: inputsOf(request).map(({ id }) => ({
          from: { id },
          to: [{ toObjectId: 100, associationTypes: [] }],
        })),
      }),
    );
    server.queue(
      json(
        {
          results: [],
          numErrors: 3,
          errors: [
            {
              status: 'error',
              category: 'VALIDATION_ERROR',
              subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
              message: 'none',
              context: { fromObjectId: ['1'] },
            },
            idError('OBJECT_NOT_FOUND', ['2']),
            idError('INTERNAL_ERROR', ['3']),
          ],
        },
        207,
      ),
    );
    const client = createTestClient(server, {}, { apiVersion: 'legacy' });
    const { results, missing } = await batchReadAssociations(
      client,
      'companies',
      'contacts',
      [{ id: '1' }, { id: '2' }, { id: '3' }],
      { priority: 'sweep' },
    );
    expect(results).toEqual([
      { from: { id: '3' }, to: [{ toObjectId: '100', associationTypes: [] }] },
      { from: { id: '1' }, to: [] },
    ]);
    expect(missing).toEqual(['2']);
    expect(server.requests[0]!.path).toBe('/crm/v4/associations/companies/contacts/batch/read');
    expect(inputsOf(server.requests[1]!)).toEqual([{ id: '3' }]);
    await client.close();
  });

  it('follows each id’s paging, merges pages, and batches at most 1,000 ids', async () => {
    server.requests.length = 0;
    const primary = { category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' };
    const plain = { category: 'HUBSPOT_DEFINED', typeId: 279, label: null };
    server.handle((request) =>
      json({
        results: inputsOf(request).map(({ id, after }) => {
          if (id !== '5')
            return {
              from: { id },
              to: [{ toObjectId: Number(id) + 10_000, associationTypes: [plain] }],
            };
          // id 5 has three pages; its second page repeats target 7 with another type.
          if (!after)
            return {
              from: { id },
              to: [{ toObjectId: 6, associationTypes: [plain] }],
              paging: { next: { after: 'p2' } },
            };
          if (after === 'p2')
            return {
              from: { id },
              to: [{ toObjectId: '7', associationTypes: [plain] }],
              paging: { next: { after: 'p3' } },
            };
          return { from: { id }, to: [{ toObjectId: '7', associationTypes: [primary, plain] }] };
        }),
      }),
    );
    const client = createTestClient(server);
    const ids = Array.from({ length: 1_500 }, (_, i) => String(i + 1));
    const sets: AssociationSet[] = [];
    for await (const set of readAllAssociations(client, 'contacts', 'companies', ids, {
      priority: 'sweep',
    }))
      sets.push(set);
    expect(sets).toHaveLength(1_500);
    expect(new Set(sets.map((s) => s.fromId)).size).toBe(1_500);
    const five = sets.find((s) => s.fromId === '5')!;
    expect(five.targets).toEqual([
      { toObjectId: '6', associationTypes: [plain] },
      { toObjectId: '7', associationTypes: [plain, primary] },
    ]);
    expect(sets.find((s) => s.fromId === '1200')!.targets).toEqual([
      { toObjectId: '11200', associationTypes: [plain] },
    ]);
    expect(server.requests.map((r) => inputsOf(r).length)).toEqual([1_000, 1, 1, 500]);
    expect(inputsOf(server.requests[1]!)).toEqual([{ id: '5', after: 'p2' }]);
    await client.close();
  });

  it('yields missing ids and refuses a repeated paging cursor', async () => {
    server.requests.length = 0;
    server.handle((request) =>
      json(
        {
          results: inputsOf(request)
            .filter(({ id }) => id !== '2')
            .map(({ id }) => ({ from: { id }, to: [], paging: { next: { after: 'same' } } })),
          numErrors: 1,
          errors: [idError('OBJECT_NOT_FOUND', ['2'])],
        },
        207,
      ),
    );
    const client = createTestClient(server);
    const seen: AssociationSet[] = [];
    const run = async () => {
      for await (const set of readAllAssociations(client, 'contacts', 'companies', ['1', '2'], {
        priority: 'sweep',
      }))
        seen.push(set);
    };
    await expect(run()).rejects.toMatchObject({
      code: 'HUBSPOT_BAD_RESPONSE',
      message: expect.stringContaining('repeated'),
    });
    expect(seen).toEqual([{ fromId: '2', targets: [], missing: true }]);
    await client.close();
  });
});
