import type { HubSpotClient } from './client.js';
import { HubSpotResponseError } from './errors.js';
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
  const { body: page } = await client.request<SearchPage>({
    method: 'POST',
    path,
    body,
    kind: 'search',
    priority: opts.priority,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (!page || !Array.isArray(page.results)) {
    throw new HubSpotResponseError('POST', path, 'search answer has no results array');
  }
  return { ...page, total: typeof page.total === 'number' ? page.total : page.results.length };
}
