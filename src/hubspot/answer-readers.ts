/**
 * One reader per endpoint family: the 2xx body as the endpoint functions use it, checked, or a
 * HubSpotResponseError naming the endpoint and the member at fault.
 */
import {
  associationBatchAnswerSchema,
  associationLabelsSchema,
  batchAnswerSchema,
  listPageSchema,
  oauthTokenSchema,
  objectAssociationsPageSchema,
  propertiesAnswerSchema,
  schemasPageSchema,
  searchPageSchema,
} from './answer-schemas.js';
import { parseBatchErrors } from './batch.js';
import { readAnswer, type Endpoint } from './read-answer.js';
import { readRecords } from './record-answer.js';
import type {
  AssociationBatchResult,
  AssociationTarget,
  AssociationType,
  BatchFailure,
  HubSpotProperty,
  HubSpotRecord,
  HubSpotSchema,
  ListPage,
  Paging,
  SearchPage,
} from './types.js';

const withPaging = (paging: Paging | undefined) => (paging ? { paging } : {});

export function readSearchPage(body: unknown, at: Endpoint): SearchPage {
  const page = readAnswer(searchPageSchema, body, at);
  const results = readRecords(page.results, at);
  return { ...page, total: page.total ?? results.length, results, ...withPaging(page.paging) };
}

export function readListPage(body: unknown, at: Endpoint): ListPage {
  const page = readAnswer(listPageSchema, body, at);
  return { ...page, results: readRecords(page.results, at), ...withPaging(page.paging) };
}

/** batch/read, 200 or 207: the records read and the failures `errors[]` reports. */
export function readBatchRead(
  body: unknown,
  at: Endpoint,
): { results: HubSpotRecord[]; errors: BatchFailure[] } {
  const answer = readAnswer(batchAnswerSchema, body, at);
  return { results: readRecords(answer.results, at), errors: parseBatchErrors(answer) };
}

export function readAssociationBatch(
  body: unknown,
  at: Endpoint,
): { results: AssociationBatchResult[]; errors: BatchFailure[] } {
  const answer = readAnswer(associationBatchAnswerSchema, body, at);
  const results = answer.results.map(({ from, to, paging, ...rest }) => ({
    ...rest,
    from: { id: from.id },
    to,
    ...withPaging(paging),
  }));
  return { results, errors: parseBatchErrors(answer) };
}

export function readAssociationLabels(body: unknown, at: Endpoint): AssociationType[] {
  return readAnswer(associationLabelsSchema, body, at).results.map((type) => ({
    category: type.category,
    typeId: type.typeId,
    label: type.label,
  }));
}

export function readObjectAssociationsPage(
  body: unknown,
  at: Endpoint,
): { results: AssociationTarget[]; paging?: Paging } {
  const page = readAnswer(objectAssociationsPageSchema, body, at);
  return { results: page.results, ...withPaging(page.paging) };
}

export function readProperties(body: unknown, at: Endpoint): HubSpotProperty[] {
  return readAnswer(propertiesAnswerSchema, body, at).results;
}

export function readSchemasPage(
  body: unknown,
  at: Endpoint,
): { results: HubSpotSchema[]; paging?: Paging } {
  const page = readAnswer(schemasPageSchema, body, at);
  return { results: page.results, ...withPaging(page.paging) };
}

export function readOAuthToken(
  body: unknown,
  at: Endpoint,
): { accessToken: string; refreshToken?: string; expiresInSec?: number } {
  const token = readAnswer(oauthTokenSchema, body, at);
  return {
    accessToken: token.access_token,
    ...(token.refresh_token !== undefined ? { refreshToken: token.refresh_token } : {}),
    ...(token.expires_in !== undefined ? { expiresInSec: token.expires_in } : {}),
  };
}
