/**
 * Fetches the values of newly mirrored properties for rows already stored (refetch-plan.ts says
 * which and why). Search finds the records that have a value (`HAS_PROPERTY`), only those already
 * in the mirror are kept (the pollers bring the others, whole), and a batch read gives their
 * values as they are now: search may still show an older version of a record, which the
 * `_updated_at` guard would rightly refuse, while a batch read is never older than what we
 * stored. Each page is written with only those properties and with the cursor, so the walk
 * resumes where it stopped.
 */
import type { StageContext } from '../stage.js';
import { batchReadObjects, searchObjects } from '../../hubspot/index.js';
import type { CatalogObject } from '../../schema/index.js';
import {
  readColumnMapping,
  readCursor,
  readIdsAfter,
  readObjectStates,
  saveCursor,
  upsertRecords,
  type StoreContext,
  type UpsertSummary,
} from '../../store/index.js';
import { emptyUpsertSummary } from '../../store/index.js';
import {
  advanceRefetch,
  isRefetchCursor,
  nextRefetch,
  REFETCH_STAGE,
  refetchIsIdle,
  refetchSearchBody,
  type RefetchCursor,
} from './refetch-plan.js';
import { apiTypeOf } from '../catalog-object.js';
import { intersectSortedIds, sortIds } from '../ids.js';

const ID_CHUNK = 1000;

export interface RefetchResult {
  searches: number;
  /** Records read again for their new properties and written. */
  refetched: number;
  summary: UpsertSummary;
  /** Properties still waiting (or being walked) when the cycle ended. */
  pending: number;
  /** The object's backfill is not complete yet: nothing was done. */
  waiting: boolean;
}

/** Of `ids` (ascending), those the mirror holds: one ordered id scan over their range. */
export async function readStoredIds(
  store: StoreContext,
  objectType: string,
  ids: readonly string[],
): Promise<string[]> {
  if (!ids.length) return [];
  const last = BigInt(ids[ids.length - 1]!);
  const out: string[] = [];
  let after = (BigInt(ids[0]!) - 1n).toString();
  for (;;) {
    const chunk = await readIdsAfter(store, objectType, after, ID_CHUNK);
    out.push(...intersectSortedIds(ids, chunk));
    const end = chunk[chunk.length - 1];
    if (chunk.length < ID_CHUNK || end === undefined || BigInt(end) >= last) return out;
    after = end;
  }
}

const pendingCount = (c: RefetchCursor): number => c.walking.length + c.queued.length;

export async function refetchNewValues(
  ctx: StageContext,
  object: CatalogObject,
): Promise<RefetchResult> {
  const table = object.objectType;
  const result: RefetchResult = {
    searches: 0,
    refetched: 0,
    summary: emptyUpsertSummary(),
    pending: 0,
    waiting: false,
  };
  const saved = await readCursor(ctx.store, table, REFETCH_STAGE);
  if (!isRefetchCursor(saved) || refetchIsIdle(saved)) return result;
  const state = (await readObjectStates(ctx.store)).find((s) => s.objectType === table);
  if (state?.backfillState !== 'complete') {
    // Rows written before the backfill completes must not be notified one by one.
    return { ...result, pending: pendingCount(saved), waiting: true };
  }
  const mapping = await readColumnMapping(ctx.store, table);
  const live = new Set(mapping.filter((m) => !m.archived).map((m) => m.property));
  let cursor = nextRefetch(saved, live);
  if (JSON.stringify(cursor) !== JSON.stringify(saved)) {
    await saveCursor(ctx.store, table, REFETCH_STAGE, cursor);
  }
  try {
    while (cursor.walking.length && !ctx.signal.aborted) {
      cursor = await refetchPage(ctx, object, cursor, live, result);
    }
  } catch (error) {
    // Stopping mid-page: the pages written stay written, with their cursor.
    if (!ctx.signal.aborted) throw error;
  }
  result.pending = pendingCount(cursor);
  return result;
}

/** One search page of records having the walked properties: read, write, move the cursor. */
async function refetchPage(
  ctx: StageContext,
  object: CatalogObject,
  cursor: RefetchCursor,
  live: ReadonlySet<string>,
  result: RefetchResult,
): Promise<RefetchCursor> {
  const table = object.objectType;
  const apiType = apiTypeOf(object);
  const call = { priority: 'sweep' as const, signal: ctx.signal };
  const page = await searchObjects(
    ctx.client,
    apiType,
    refetchSearchBody(cursor.walking, cursor.afterId),
    call,
  );
  result.searches += 1;
  const ids = sortIds(page.results.map((r) => String(r.id)));
  const stored = await readStoredIds(ctx.store, table, ids);
  const records = stored.length
    ? (await batchReadObjects(ctx.client, apiType, stored, cursor.walking, call)).results
    : [];
  let next = advanceRefetch(cursor, {
    lastId: ids[ids.length - 1],
    hasMore: page.paging?.next !== undefined,
  });
  if (!next.walking.length) next = nextRefetch(next, live);
  const summary = await upsertRecords(ctx.store, table, records, {
    notify: true,
    onlyProperties: cursor.walking,
    cursor: { stage: REFETCH_STAGE, value: next },
  });
  result.refetched += records.length;
  for (const key of Object.keys(summary) as Array<keyof UpsertSummary>)
    result.summary[key] += summary[key];
  return next;
}
