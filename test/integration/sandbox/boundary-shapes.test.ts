/**
 * The sandbox's own answers go through the same boundary readers as HubSpot's, and their
 * top-level keys (and a record's) are compared with the documented fixtures, so the sandbox
 * cannot drift from HubSpot's shape unnoticed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readApiError } from '../../../src/hubspot/answer.js';
import type { Endpoint } from '../../../src/hubspot/read-answer.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { ANSWER_CASES, fixture } from '../../unit/hubspot/fixture-files.js';
import { createCaller, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let call: ReturnType<typeof createCaller>;
let contactIds: string[];
const oauth = { clientId: 'client-b', clientSecret: 'secret-b', refreshToken: 'refresh-b' };
let oauthSandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  oauthSandbox = await startSandbox({ seed: 5, oauth });
  call = createCaller(sandbox);
  const page = await call('GET', '/crm/v3/objects/contacts?limit=3');
  contactIds = page.body.results.map((r: { id: string }) => r.id);
});
afterAll(async () => {
  await sandbox.close();
  await oauthSandbox.close();
});

const keys = (value: unknown): string[] =>
  value && typeof value === 'object' ? Object.keys(value).sort() : [];

/**
 * Every member the sandbox sends is one the documented fixture has, and every member of the
 * fixture that the boundary requires (`required`) is in the sandbox's answer.
 */
function expectSameShape(
  name: string,
  answer: unknown,
  required: string[],
  alsoDocumented: string[] = [],
): void {
  const documented = fixture(name);
  const known = [...keys(documented), ...alsoDocumented];
  const extra = keys(answer).filter((key) => !known.includes(key));
  expect(extra, `${name}: sandbox members HubSpot does not document`).toEqual([]);
  expect(keys(answer), name).toEqual(expect.arrayContaining(required));
  const firstOf = (body: unknown) => (body as { results?: unknown[] }).results?.[0];
  const record = firstOf(answer);
  const documentedRecord = firstOf(documented);
  if (record && documentedRecord) {
    const extraInRecord = keys(record).filter((key) => !keys(documentedRecord).includes(key));
    expect(extraInRecord, `${name}: members of results[0]`).toEqual([]);
  }
}

/** The sandbox's answer to one call, read by the fixture's reader; returns the raw body. */
async function readThrough(
  name: string,
  at: Endpoint,
  body?: unknown,
  statuses = [200],
): Promise<unknown> {
  const answer = await call(at.method, at.path, body);
  expect(statuses, `${at.method} ${at.path}`).toContain(answer.status);
  expect(() => ANSWER_CASES[name]!.read(answer.body, at)).not.toThrow();
  return answer.body;
}

describe('the sandbox answers in HubSpot documented shapes', () => {
  it('search pages, with paging.next and without', async () => {
    const at = { method: 'POST', path: '/crm/v3/objects/contacts/search' };
    const search = { filterGroups: [], sorts: [], properties: ['email'], limit: 2 };
    const first = await readThrough('search-page-with-next', at, search);
    expectSameShape('search-page-with-next', first, ['total', 'results', 'paging']);
    const last = await readThrough('search-page-last', at, {
      ...search,
      filterGroups: [
        { filters: [{ propertyName: 'hs_object_id', operator: 'EQ', value: contactIds[0] }] },
      ],
    });
    expectSameShape('search-page-last', last, ['total', 'results']);
  });

  it('list pages, archived ones with archivedAt', async () => {
    const page = await readThrough('list-page', {
      method: 'GET',
      path: '/crm/v3/objects/companies?limit=2',
    });
    expectSameShape('list-page', page, ['results', 'paging']);
    const archived = await readThrough('list-page-archived', {
      method: 'GET',
      path: '/crm/v3/objects/contacts?archived=true&limit=2',
    });
    expectSameShape('list-page-archived', archived, ['results']);
    const records = (archived as { results: Array<Record<string, unknown>> }).results;
    for (const record of records) expect(record.archivedAt).toEqual(expect.any(String));
  });

  it('batch reads: a 200, and a 207 with errors[] for a missing id', async () => {
    const at = { method: 'POST', path: '/crm/v3/objects/contacts/batch/read' };
    const inputs = contactIds.map((id) => ({ id }));
    const whole = await readThrough('batch-read-200', at, { properties: ['email'], inputs });
    expectSameShape('batch-read-200', whole, ['status', 'results']);
    const partial = await readThrough(
      'batch-read-207-object-not-found',
      at,
      { properties: ['email'], inputs: [...inputs, { id: '999999999' }] },
      [207],
    );
    expectSameShape('batch-read-207-object-not-found', partial, ['status', 'results', 'errors']);
    const error = (partial as { errors: unknown[] }).errors[0];
    expect(keys(error)).toEqual(expect.arrayContaining(['category', 'message', 'context']));
  });

  it('association batch reads', async () => {
    const body = await readThrough(
      'associations-batch-read-paged',
      { method: 'POST', path: '/crm/v4/associations/contacts/companies/batch/read' },
      { inputs: contactIds.map((id) => ({ id })) },
      // 207 when some id has no companies (NO_ASSOCIATIONS_FOUND in errors[]).
      [200, 207],
    );
    // A 207's members, as the documented batch 207 has them.
    const partial = keys(fixture('batch-read-207-object-not-found'));
    expectSameShape('associations-batch-read-paged', body, ['results'], partial);
  });

  it('custom object schemas and property definitions', async () => {
    const schemas = await readThrough('schemas-list', {
      method: 'GET',
      path: '/crm-object-schemas/v3/schemas',
    });
    expectSameShape('schemas-list', schemas, ['results']);
    const properties = await readThrough('properties-list', {
      method: 'GET',
      path: '/crm/v3/properties/contacts',
    });
    expectSameShape('properties-list', properties, ['results']);
  });

  it('error bodies', async () => {
    const answer = await call('GET', '/crm/v3/objects/contacts/999999999');
    expect(answer.status).toBe(404);
    const documented = keys(fixture('error-validation'));
    expect(keys(answer.body).filter((key) => !documented.includes(key))).toEqual([]);
    const error = readApiError(
      { status: 404, headers: answer.headers, text: JSON.stringify(answer.body) },
      'GET',
      '/crm/v3/objects/contacts/999999999',
      {},
      0,
    );
    expect(error).toMatchObject({
      category: 'OBJECT_NOT_FOUND',
      correlationId: expect.any(String),
    });
  });

  it('OAuth token answers', async () => {
    const res = await fetch(`${oauthSandbox.url}/oauth/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: oauth.refreshToken,
        client_id: oauth.clientId,
        client_secret: oauth.clientSecret,
      }).toString(),
    });
    expect(res.status).toBe(200);
    const body: unknown = await res.json();
    expect(() =>
      ANSWER_CASES['oauth-token']!.read(body, { method: 'POST', path: '/oauth/v1/token' }),
    ).not.toThrow();
    expectSameShape('oauth-token', body, ['access_token', 'refresh_token', 'expires_in']);
  });
});
