import { describe, expect, it } from 'vitest';
import { readApiError } from '../../../src/hubspot/answer.js';
import {
  readAssociationBatch,
  readBatchRead,
  readListPage,
  readOAuthToken,
  readProperties,
  readSchemasPage,
  readSearchPage,
} from '../../../src/hubspot/answer-readers.js';
import { readWebhookBatch } from '../../../src/hubspot/webhook-events.js';
import { ANSWER_CASES, fixture, fixtureNames } from './fixture-files.js';

const at = { method: 'GET', path: '/x' };

describe('HubSpot answers from fixtures/ through the boundary', () => {
  it('has a reader for every 2xx answer fixture, and each one parses', () => {
    const answers = fixtureNames().filter((name) => !/^(rate-limit|error|webhook)-/.test(name));
    expect(answers.sort()).toEqual(Object.keys(ANSWER_CASES).sort());
    for (const [name, { at: endpoint, read }] of Object.entries(ANSWER_CASES)) {
      expect(() => read(fixture(name), endpoint), name).not.toThrow();
    }
  });

  it('reads search pages, with and without paging.next', () => {
    const first = readSearchPage(fixture('search-page-with-next'), at);
    expect(first.total).toBe(3);
    expect(first.paging).toEqual({ next: { after: '2', link: '?after=2' } });
    expect(first.results.map((r) => r.id)).toEqual(['101', '102']);
    expect(first.results[0]).toMatchObject({
      createdAt: '2024-01-02T09:15:00.000Z',
      updatedAt: '2024-03-01T10:00:00.123Z',
      properties: { email: 'ada@example.com', lifecyclestage: null },
    });
    const last = readSearchPage(fixture('search-page-last'), at);
    expect(last.paging).toBeUndefined();
    expect(last.results).toHaveLength(1);
  });

  it('reads list pages, archived ones with archivedAt', () => {
    expect(readListPage(fixture('list-page'), at).paging?.next.after).toBe('2003');
    const archived = readListPage(fixture('list-page-archived'), at);
    expect(archived.results.map((r) => [r.id, r.archived, r.archivedAt])).toEqual([
      ['2010', true, '2024-01-10T09:00:00.000Z'],
      ['2011', true, '2024-01-11T09:30:00.000Z'],
    ]);
  });

  it('reads batch reads: a 200, and a 207 whose errors name the missing ids', () => {
    expect(readBatchRead(fixture('batch-read-200'), at)).toMatchObject({
      results: [{ id: '101' }, { id: '102' }],
      errors: [],
    });
    const partial = readBatchRead(fixture('batch-read-207-object-not-found'), at);
    expect(partial.results.map((r) => r.id)).toEqual(['101']);
    expect(partial.errors).toEqual([
      expect.objectContaining({ category: 'OBJECT_NOT_FOUND', ids: ['999', '1000'] }),
    ]);
  });

  it('reads association batches: canonical ids, per-id paging, null labels', () => {
    const { results } = readAssociationBatch(fixture('associations-batch-read-paged'), at);
    expect(results[0]).toMatchObject({
      from: { id: '101' },
      paging: { next: { after: 'MjAwMg%3D%3D' } },
    });
    expect(results[0]!.to[0]).toEqual({
      toObjectId: '2001',
      associationTypes: [
        { category: 'HUBSPOT_DEFINED', typeId: 279, label: null },
        { category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' },
      ],
    });
    expect(results[1]!.paging).toBeUndefined();
  });

  it('reads custom object schemas and property definitions', () => {
    const [car] = readSchemasPage(fixture('schemas-list'), at).results;
    expect(car).toMatchObject({
      objectTypeId: '2-3482615',
      fullyQualifiedName: 'p1234567_car',
      name: 'car',
      associations: [expect.objectContaining({ toObjectTypeId: '0-1' })],
    });
    const properties = readProperties(fixture('properties-list'), at);
    const byName = new Map(properties.map((p) => [p.name, p]));
    expect(byName.get('favourite_colours')).toMatchObject({
      type: 'enumeration',
      fieldType: 'checkbox',
      options: [{ value: 'red' }, { value: 'green' }, { value: 'blue', hidden: true }],
    });
    expect(byName.get('hs_lifetime_value')?.calculated).toBe(true);
    expect(byName.get('customer_number')?.hasUniqueValue).toBe(true);
  });

  it('reads 429 bodies of each policy and an error body with errors[] and context', () => {
    const error = (name: string, status: number) =>
      readApiError(
        { status, headers: new Headers(), text: JSON.stringify(fixture(name)) },
        'GET',
        '/x',
        {},
        0,
      );
    for (const [name, policy] of [
      ['rate-limit-ten-secondly-rolling', 'TEN_SECONDLY_ROLLING'],
      ['rate-limit-secondly', 'SECONDLY'],
      ['rate-limit-daily', 'DAILY'],
    ] as const) {
      expect(error(name, 429)).toMatchObject({
        status: 429,
        category: 'RATE_LIMIT',
        policyName: policy,
        correlationId: 'c033cdaa-2c40-4a64-ae48-b4cec88dad24',
      });
    }
    expect(error('error-validation', 400)).toMatchObject({
      category: 'VALIDATION_ERROR',
      subCategory: 'crm.properties.PROPERTY_DOESNT_EXIST',
      errors: [{ code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: ['nope'] } }],
      context: { properties: ['nope'] },
    });
  });

  it('reads an OAuth token answer', () => {
    expect(readOAuthToken(fixture('oauth-token'), at)).toEqual({
      accessToken: 'fake-access-token-for-tests',
      refreshToken: 'fake-refresh-token-for-tests',
      expiresInSec: 1800,
    });
  });

  it('reads webhook batches of every event kind, ids canonical', () => {
    const events = [
      'webhook-contact-property-change',
      'webhook-association-change',
      'webhook-merge',
      'webhook-object-property-change',
    ].flatMap((name) => readWebhookBatch(fixture(name), { method: 'POST', path: '/webhooks' }));
    expect(events.map((e) => e.subscriptionType)).toEqual([
      'contact.propertyChange',
      'contact.creation',
      'contact.deletion',
      'contact.associationChange',
      'contact.associationChange',
      'contact.merge',
      'object.propertyChange',
    ]);
    expect(events[0]).toMatchObject({ objectId: '101', propertyName: 'email' });
    expect(events[4]).toMatchObject({
      fromObjectId: '102',
      toObjectId: '2002',
      associationRemoved: true,
    });
    expect(events[5]).toMatchObject({ primaryObjectId: '101', mergedObjectIds: ['106'] });
    expect(events[6]).toMatchObject({ objectTypeId: '2-3482615', objectId: '7001' });
  });
});
