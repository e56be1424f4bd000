import { searchPageSchema } from './answer-schemas.js';
import type { HubSpotClient } from './client.js';
import { readAnswer } from './read-answer.js';
import { readRecords } from './record-answer.js';
import type { CallOptions, SearchBody, SearchPage } from './types.js';

/**
 * `POST …/{type}/search`: through the search limiter (5/s per account, outside the burst
 * bucket). Properties travel in the body, never the URL.
 */
export async function searchObjects(
  client: HubSpotClient,
  objectType: string,
  body: SearchBody,
  opts: CallOptions,
): Promise<SearchPage> {
  const path = client.paths.search(objectType);
  const at = { method: 'POST', path };
  const { body: answer } = await client.request<unknown>({
    method: 'POST',
    path,
    body,
    kind: 'search',
    priority: opts.priority,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const page = readAnswer(searchPageSchema, answer, at);
  const results = readRecords(page.results, at);
  return {
    ...page,
    total: page.total ?? results.length,
    results,
    ...(page.paging ? { paging: page.paging } : {}),
  };
}
