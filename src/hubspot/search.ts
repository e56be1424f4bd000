import { readSearchPage } from './answer-readers.js';
import type { HubSpotClient } from './client.js';
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
  const { body: answer } = await client.request<unknown>({
    method: 'POST',
    path,
    body,
    kind: 'search',
    priority: opts.priority,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return readSearchPage(answer, { method: 'POST', path });
}
