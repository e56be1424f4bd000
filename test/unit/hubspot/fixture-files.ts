import { readFileSync, readdirSync } from 'node:fs';
import {
  readAssociationBatch,
  readBatchRead,
  readListPage,
  readOAuthToken,
  readProperties,
  readSchemasPage,
  readSearchPage,
} from '../../../src/hubspot/answer-readers.js';
import type { Endpoint } from '../../../src/hubspot/read-answer.js';

const FIXTURES = new URL('../../../fixtures/', import.meta.url);

/** A HubSpot answer from fixtures/, by file name without `.json`. */
export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8'));
}

export const fixtureNames = (): string[] =>
  readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length));

/** A 2xx answer fixture, the endpoint it stands for, and the reader the client uses for it. */
export interface AnswerCase {
  at: Endpoint;
  read: (body: unknown, at: Endpoint) => unknown;
}

export const ANSWER_CASES: Record<string, AnswerCase> = {
  'search-page-with-next': {
    at: { method: 'POST', path: '/crm/v3/objects/contacts/search' },
    read: readSearchPage,
  },
  'search-page-last': {
    at: { method: 'POST', path: '/crm/v3/objects/contacts/search' },
    read: readSearchPage,
  },
  'list-page': { at: { method: 'GET', path: '/crm/v3/objects/companies' }, read: readListPage },
  'list-page-archived': {
    at: { method: 'GET', path: '/crm/v3/objects/companies' },
    read: readListPage,
  },
  'batch-read-200': {
    at: { method: 'POST', path: '/crm/v3/objects/contacts/batch/read' },
    read: readBatchRead,
  },
  'batch-read-207-object-not-found': {
    at: { method: 'POST', path: '/crm/v3/objects/contacts/batch/read' },
    read: readBatchRead,
  },
  'associations-batch-read-paged': {
    at: { method: 'POST', path: '/crm/v4/associations/contacts/companies/batch/read' },
    read: readAssociationBatch,
  },
  'schemas-list': {
    at: { method: 'GET', path: '/crm-object-schemas/v3/schemas' },
    read: readSchemasPage,
  },
  'properties-list': {
    at: { method: 'GET', path: '/crm/v3/properties/contacts' },
    read: readProperties,
  },
  'oauth-token': { at: { method: 'POST', path: '/oauth/v1/token' }, read: readOAuthToken },
};
