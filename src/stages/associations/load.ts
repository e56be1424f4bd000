/**
 * The initial association load of one object pair: the stored "from" side's ids come from
 * Postgres in id order, 1,000 at a time (the batch read's limit), and each batch's rows replace
 * what is stored for those ids, with the cursor, in one transaction. Whether the portal defines
 * the pair comes from the process's pair cache (pair-cache.ts), which the sweepers then reuse.
 */
import type { HubSpotClient } from '../../hubspot/index.js';
import type { AssociationRow, CatalogObject } from '../../schema/index.js';
import {
  readCursor,
  readIdsInRange,
  replaceAssociationsFor,
  saveCursor,
  withTransaction,
  type AssociationSummary,
  type StoreContext,
} from '../../store/index.js';
import { assertStoredDirection, readAssociationRowSets } from './read.js';
import { DEFAULT_PAIR_MAX_AGE_MS, sharedPairCache, type PairCache } from './pair-cache.js';

export const ASSOCIATION_BATCH = 1_000;

export interface AssociationLoadResult {
  from: string;
  to: string;
  finished: boolean;
  /** False when the portal defines no association types for the pair. */
  defined: boolean;
  batches: number;
  rows: AssociationSummary;
}

export const associationStage = (toType: string): string => `associations:${toType}`;

/** Reads every association of `from` (which must sort first) to `to` and stores it. */
export async function loadAssociations(
  deps: {
    store: StoreContext;
    client: HubSpotClient;
    signal?: AbortSignal;
    onProgress?: (p: { object: string; phase: 'associations'; done: number }) => void;
    /** Defaults to the process-wide pair cache, shared with the sweepers. */
    pairs?: PairCache;
    /** How old a cached pair answer may be (the default `--schema-interval`). */
    pairMaxAgeMs?: number;
  },
  from: CatalogObject,
  to: CatalogObject,
): Promise<AssociationLoadResult> {
  assertStoredDirection(from, to);
  const { store, client, signal } = deps;
  const call = { priority: 'backfill' as const, ...(signal ? { signal } : {}) };
  const result: AssociationLoadResult = {
    from: from.objectType,
    to: to.objectType,
    finished: false,
    defined: true,
    batches: 0,
    rows: { inserted: 0, updated: 0, unchanged: 0, deleted: 0 },
  };
  const pair = await (deps.pairs ?? sharedPairCache()).lookup(from, to, {
    client,
    call,
    now: Date.now,
    maxAgeMs: deps.pairMaxAgeMs ?? DEFAULT_PAIR_MAX_AGE_MS,
    scope: store.schema,
  });
  if (!pair.defined) {
    return { ...result, defined: false, finished: true };
  }
  const stage = associationStage(to.objectType);
  let after = (await readCursor<string>(store, from.objectType, stage)) ?? '0';
  let done = 0;
  while (!signal?.aborted) {
    // readIdsInRange pages in numeric order (readIdsAfter sorts its text alias: 10 before 9).
    const ids = await readIdsInRange(store, from.objectType, after, null, ASSOCIATION_BATCH);
    if (!ids.length) {
      result.finished = true;
      break;
    }
    const rows: AssociationRow[] = [];
    for await (const set of readAssociationRowSets(client, from, to, ids, call)) {
      rows.push(...set.rows);
    }
    after = ids[ids.length - 1]!;
    const summary = await withTransaction(store, async (tx) => {
      const s = await replaceAssociationsFor(tx, from.objectType, to.objectType, ids, rows);
      await saveCursor(tx, from.objectType, stage, after);
      return s;
    });
    result.batches++;
    result.rows.inserted += summary.inserted;
    result.rows.updated += summary.updated;
    result.rows.unchanged += summary.unchanged;
    result.rows.deleted += summary.deleted;
    done += ids.length;
    deps.onProgress?.({ object: from.objectType, phase: 'associations', done });
  }
  return result;
}
