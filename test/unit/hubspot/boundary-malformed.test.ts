import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readAssociationBatch,
  readBatchRead,
  readListPage,
  readOAuthToken,
  readProperties,
  readSchemasPage,
  readSearchPage,
} from '../../../src/hubspot/answer-readers.js';
import { HubSpotErrorCode, HubSpotResponseError } from '../../../src/hubspot/errors.js';
import { searchObjects } from '../../../src/hubspot/search.js';
import { readWebhookBatch } from '../../../src/hubspot/webhook-events.js';
import { fixture } from './fixture-files.js';
import { createTestClient, json, startFakeHubSpot, type FakeHubSpot } from './fake-hubspot.js';

const search = { method: 'POST', path: '/crm/v3/objects/contacts/search' };

/** The fixture with `edit` applied to a deep copy. */
function variant<T = Record<string, unknown>>(name: string, edit: (body: T) => void): unknown {
  const body = structuredClone(fixture(name)) as T;
  edit(body);
  return body;
}

type Page = { results: Array<Record<string, unknown>> };

function malformed(read: () => unknown): HubSpotResponseError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(HubSpotResponseError);
    return error as HubSpotResponseError;
  }
  throw new Error('the answer was accepted');
}

describe('malformed answers', () => {
  it.each([
    ['a missing id', (p: Page) => delete p.results[1]!.id, 'results[1].id', /numeric id/],
    ['a non-numeric id', (p: Page) => (p.results[0]!.id = '12a'), 'results[0].id', /"12a"/],
    [
      'an id past bigint',
      (p: Page) => (p.results[0]!.id = '9223372036854775808'),
      'results[0].id',
      /within bigint/,
    ],
    [
      'an unparseable date',
      (p: Page) => (p.results[0]!.updatedAt = 'yesterday'),
      'results[0].updatedAt',
      /not a datetime/,
    ],
    [
      'an impossible date',
      (p: Page) => (p.results[1]!.createdAt = '2024-02-30T00:00:00.000Z'),
      'results[1].createdAt',
      /calendar date/,
    ],
    [
      'a property that is not text',
      (p: Page) => ((p.results[0]!.properties as Record<string, unknown>).email = 7),
      'results[0].properties.email',
      /text or null/,
    ],
    [
      'results that are not an array',
      (p: Page) => ((p as unknown as { results: unknown }).results = { 0: {} }),
      'results',
      /expected array/,
    ],
  ])('refuses %s, naming the endpoint and the member', (_, edit, path, detail) => {
    const error = malformed(() =>
      readSearchPage(variant<Page>('search-page-with-next', edit), search),
    );
    expect(error.code).toBe(HubSpotErrorCode.BAD_RESPONSE);
    expect(error.message).toContain(
      'HubSpot POST /crm/v3/objects/contacts/search: malformed answer',
    );
    expect(error.message).toContain(`${path}: `);
    expect(error.message).toMatch(detail);
    expect(error.issues[0]!.path).toBe(path);
  });

  it('refuses malformed answers of every other family', () => {
    const at = { method: 'GET', path: '/p' };
    const cases: Array<[() => unknown, string]> = [
      [
        () =>
          readListPage(
            variant<Page>('list-page-archived', (p) => (p.results[0]!.archivedAt = 'soon')),
            at,
          ),
        'results[0].archivedAt',
      ],
      [
        () =>
          readBatchRead(
            variant<Page>('batch-read-200', (p) => (p.results[1]!.id = -1)),
            at,
          ),
        'results[1].id',
      ],
      [
        () =>
          readBatchRead(
            variant('batch-read-207-object-not-found', (b) => (b.errors = 'many')),
            at,
          ),
        'errors',
      ],
      [
        () =>
          readAssociationBatch(
            variant<{ results: Array<{ to: Array<Record<string, unknown>> }> }>(
              'associations-batch-read-paged',
              (b) => (b.results[0]!.to[1]!.toObjectId = 'company'),
            ),
            at,
          ),
        'results[0].to[1].toObjectId',
      ],
      [
        () =>
          readSchemasPage(
            variant<Page>('schemas-list', (p) => (p.results[0]!.objectTypeId = 'car')),
            at,
          ),
        'results[0].objectTypeId',
      ],
      [
        () =>
          readProperties(
            variant<Page>('properties-list', (p) => delete p.results[2]!.name),
            at,
          ),
        'results[2].name',
      ],
      [
        () =>
          readOAuthToken(
            variant('oauth-token', (b) => delete b.access_token),
            at,
          ),
        'access_token',
      ],
      [
        () =>
          readWebhookBatch(
            variant<Array<Record<string, unknown>>>(
              'webhook-merge',
              (events) => (events[0]!.occurredAt = 'now'),
            ),
            at,
          ),
        '[0]',
      ],
      [() => readSearchPage(null, at), ''],
    ];
    for (const [read, path] of cases) {
      const error = malformed(read);
      expect(error.message, path).toContain('HubSpot GET /p: malformed answer');
      expect(error.issues[0]!.path.startsWith(path), `${error.issues[0]!.path} vs ${path}`).toBe(
        true,
      );
    }
  });

  it('canonicalises ids: 007 is 7, numbers become text', () => {
    const page = readSearchPage(
      variant<Page>('search-page-last', (p) => (p.results[0]!.id = '0007')),
      search,
    );
    expect(page.results[0]!.id).toBe('7');
    const batch = readBatchRead(
      variant<Page>('batch-read-200', (p) => (p.results[0]!.id = 101)),
      search,
    );
    expect(batch.results[0]!.id).toBe('101');
  });
});

describe('a malformed answer through the client', () => {
  let server: FakeHubSpot;
  beforeAll(async () => {
    server = await startFakeHubSpot();
  });
  afterAll(() => server.close());

  it('fails the call at once: asking again would get the same body', async () => {
    server.handle(() =>
      json(variant<Page>('search-page-with-next', (p) => (p.results[0]!.id = 'x'))),
    );
    const client = createTestClient(server, {}, { apiVersion: 'legacy' });
    const body = { filterGroups: [], sorts: [], properties: ['email'], limit: 100 };
    await expect(
      searchObjects(client, 'contacts', body, { priority: 'backfill' }),
    ).rejects.toMatchObject({
      code: 'HUBSPOT_BAD_RESPONSE',
      method: 'POST',
      path: '/crm/v3/objects/contacts/search',
      message: expect.stringContaining('results[0].id'),
    });
    expect(server.requests).toHaveLength(1);
    expect(client.stats().retries).toBe(0);
    await client.close();
  });
});
