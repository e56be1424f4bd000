import { readProperties } from './answer-readers.js';
import type { HubSpotClient } from './client.js';
import type { HubSpotProperty, Priority } from './types.js';

export interface ListPropertiesOptions {
  /** true lists only archived properties. */
  archived?: boolean;
  /** 'sensitive' includes sensitive-data properties (HubSpot hides them otherwise). */
  dataSensitivity?: 'non_sensitive' | 'sensitive' | 'highly_sensitive';
  priority?: Priority;
  signal?: AbortSignal;
}

/** `GET …/properties/{type}`: every property definition of an object type. */
export async function listProperties(
  client: HubSpotClient,
  objectType: string,
  opts: ListPropertiesOptions = {},
): Promise<HubSpotProperty[]> {
  const path = client.paths.properties(objectType);
  const { body } = await client.request<unknown>({
    method: 'GET',
    path,
    qs: {
      archived: opts.archived === undefined ? undefined : String(opts.archived),
      dataSensitivity: opts.dataSensitivity,
    },
    priority: opts.priority ?? 'sweep',
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return readProperties(body, { method: 'GET', path });
}
