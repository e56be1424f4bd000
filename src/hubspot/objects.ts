import { readBatchRead, readListPage } from './answer-readers.js';
import { retryFailedInputs, chunk, mapConcurrent } from './batch.js';
import type { HubSpotClient } from './client.js';
import type { CallOptions, HubSpotRecord, ListPage } from './types.js';

/** batch/read takes at most 100 inputs. */
export const BATCH_READ_MAX = 100;
/** The list endpoint returns at most 100 per page. */
export const LIST_PAGE_MAX = 100;

export interface ListObjectsOptions extends CallOptions {
  after?: string;
  limit?: number;
  /** Few, short names only: the list endpoint takes them in the URL. */
  properties?: string[];
  /** true lists only archived records (each with archivedAt). */
  archived?: boolean;
}

/** One page of `GET …/objects/{type}`. */
export async function listObjectsPage(
  client: HubSpotClient,
  objectType: string,
  opts: ListObjectsOptions,
): Promise<ListPage> {
  const path = client.paths.objects(objectType);
  const { body } = await client.request<unknown>({
    method: 'GET',
    path,
    qs: {
      limit: Math.min(opts.limit ?? LIST_PAGE_MAX, LIST_PAGE_MAX),
      after: opts.after,
      properties: opts.properties?.length ? opts.properties.join(',') : undefined,
      archived: opts.archived === undefined ? undefined : String(opts.archived),
    },
    priority: opts.priority,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return readListPage(body, { method: 'GET', path });
}

export interface BatchReadObjectsOptions extends CallOptions {
  /** Chunks of 100 read at once (the limiter still paces them). */
  parallel?: number;
  /** Read among the archived records (`?archived=true`, each with `archivedAt`) instead. */
  archived?: boolean;
}

/**
 * `POST …/{type}/batch/read` in chunks of 100, properties in the body. Ids a 207 reports
 * failed are re-read until they succeed or HubSpot reports them OBJECT_NOT_FOUND (`missing`).
 */
export async function batchReadObjects(
  client: HubSpotClient,
  objectType: string,
  ids: string[],
  properties: string[],
  opts: BatchReadObjectsOptions,
): Promise<{ results: HubSpotRecord[]; missing: string[] }> {
  const path = client.paths.batchRead(objectType);
  const unique = [...new Set(ids.map(String))];
  const parts = await mapConcurrent(chunk(unique, BATCH_READ_MAX), opts.parallel ?? 2, (part) =>
    retryFailedInputs<string, HubSpotRecord>({
      inputs: part,
      idOf: (id) => id,
      resultId: (record) => String(record.id),
      path,
      sleep: client.clock.sleep,
      random: client.clock.random,
      ...(opts.signal ? { signal: opts.signal } : {}),
      read: async (pending) => {
        const { body } = await client.request<unknown>({
          method: 'POST',
          path,
          ...(opts.archived ? { qs: { archived: 'true' } } : {}),
          body: { properties, inputs: pending.map((id) => ({ id })) },
          priority: opts.priority,
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
        return readBatchRead(body, { method: 'POST', path });
      },
    }),
  );
  return {
    results: parts.flatMap((part) => part.results),
    missing: parts.flatMap((part) => part.missing),
  };
}
