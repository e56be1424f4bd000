/**
 * Backfill of one object type: its records by create date (walk.ts), then the initial load of
 * the associations it owns (association-load.ts), then one summary notification. Resumable at
 * any instant: every page commits with its cursor.
 */
import { searchObjects, type HubSpotClient, type HubSpotRecord } from '../../hubspot/index.js';
import type { CatalogObject } from '../../schema/index.js';
import {
  countRecords,
  deleteCursor,
  notifyBackfillComplete,
  readCursor,
  readObjectStates,
  setObjectState,
  upsertRecords,
  addUpsertSummary,
  emptyUpsertSummary,
  findStalePropertiesError,
  type StoreContext,
  type UpsertSummary,
} from '../../store/index.js';
import { loadAssociations, type AssociationLoadResult } from '../associations/load.js';
import { walkDates } from '../walk/date-walk.js';
import { deleteBackfillCursors, planSlices, sliceStage, type Slice } from './slices.js';
import { boundSearchBody, type WalkCursor } from '../walk/cursor.js';
import { apiTypeOf, propertiesToRead } from '../catalog-object.js';

export { BACKFILL_STAGE } from './slices.js';

export interface BackfillProgress {
  object: string;
  phase: 'records' | 'associations';
  done: number;
  /** Records still to read by the latest search `total`; undefined until the first page. */
  remaining?: number;
}

export interface BackfillDeps {
  store: StoreContext;
  client: HubSpotClient;
  signal?: AbortSignal;
  onProgress?: (progress: BackfillProgress) => void;
  now?: () => Date;
}

export interface ObjectBackfillResult {
  object: string;
  skipped: boolean;
  finished: boolean;
  pages: number;
  records: UpsertSummary;
  /** Pages read again because a property was added while they were in flight. */
  propertyRefreshes: number;
  associations: AssociationLoadResult[];
}

const sum = (values: Map<number, number>): number =>
  [...values.values()].reduce((a, b) => a + b, 0);

/** Pages whose property list went stale are read again with the new list, at most this often. */
const MAX_PROPERTY_REFRESHES = 5;

/**
 * One slice's walk from its cursor. A page read before a property was added is not written
 * (upsertRecords' readWith check): the walk starts again from the committed cursor with the
 * object's new property list.
 */
async function walkSlice(
  deps: BackfillDeps,
  object: CatalogObject,
  slice: Slice,
  index: number,
  report: {
    write(summary: UpsertSummary): void;
    progress(stored: number, left: number): void;
    refreshed(): void;
  },
) {
  const { store, client, signal } = deps;
  const table = object.objectType;
  const stage = sliceStage(index);
  let properties = propertiesToRead(object);
  for (let refreshes = 0; ; refreshes += 1) {
    const cursor =
      (await readCursor<WalkCursor>(store, table, stage)) ??
      (slice.from === null ? null : { mode: 'range' as const, from: slice.from, inclusive: true });
    const readWith = properties;
    try {
      return await walkDates<HubSpotRecord>(object.createdProperty, readWith, cursor, {
        search: async (body) => {
          const bounded =
            slice.before === null
              ? body
              : boundSearchBody(body, object.createdProperty, slice.before);
          const page = await searchObjects(client, apiTypeOf(object), bounded, {
            priority: 'backfill',
            ...(signal ? { signal } : {}),
          });
          return {
            total: page.total,
            results: page.results,
            hasMore: page.paging?.next !== undefined,
          };
        },
        writePage: async (records, next) => {
          report.write(
            await upsertRecords(store, table, records, {
              cursor: { stage, value: next },
              notify: false,
              readWith,
            }),
          );
        },
        onPage: ({ stored, remaining }) => report.progress(stored, remaining),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      const stale = findStalePropertiesError(error);
      if (!stale || refreshes >= MAX_PROPERTY_REFRESHES) throw error;
      properties = stale.properties;
      report.refreshed();
    }
  }
}

export async function backfillObject(
  deps: BackfillDeps,
  object: CatalogObject,
  partners: readonly CatalogObject[],
  options: { restart?: boolean } = {},
): Promise<ObjectBackfillResult> {
  const { store, signal } = deps;
  const table = object.objectType;
  const result: ObjectBackfillResult = {
    object: table,
    skipped: false,
    finished: false,
    pages: 0,
    records: emptyUpsertSummary(),
    propertyRefreshes: 0,
    associations: [],
  };
  const state = (await readObjectStates(store)).find((s) => s.objectType === table);
  if (options.restart) {
    await deleteBackfillCursors(store, table);
    for (const partner of partners)
      await deleteCursor(store, table, `associations:${partner.objectType}`);
  } else if (state?.backfillState === 'complete') {
    return { ...result, skipped: true, finished: true };
  }
  if (options.restart || !state?.backfillStartedAt) {
    // The live poller starts from this instant, so whatever changes during the backfill is caught.
    await setObjectState(store, table, {
      backfillState: 'running',
      backfillStartedAt: (deps.now?.() ?? new Date()).toISOString(),
      backfillCompletedAt: null,
    });
  } else {
    await setObjectState(store, table, { backfillState: 'running' });
  }

  const slices = await planSlices(deps, object, options.restart === true);
  const done = new Map<number, number>();
  const remaining = new Map<number, number>();
  const walks = await Promise.all(
    slices.map((slice, index) =>
      walkSlice(deps, object, slice, index, {
        write: (summary) => addUpsertSummary(result.records, summary),
        refreshed: () => (result.propertyRefreshes += 1),
        progress: (stored, left) => {
          done.set(index, (done.get(index) ?? 0) + stored);
          remaining.set(index, left);
          deps.onProgress?.({
            object: table,
            phase: 'records',
            done: sum(done),
            remaining: sum(remaining),
          });
        },
      }),
    ),
  );
  result.pages = walks.reduce((n, w) => n + w.pages, 0);
  if (!walks.every((w) => w.finished)) return result;

  for (const partner of partners) {
    if (signal?.aborted) return result;
    const loaded = await loadAssociations(deps, object, partner);
    result.associations.push(loaded);
    if (!loaded.finished) return result;
  }

  const rows = await countRecords(store, table);
  await setObjectState(store, table, {
    backfillState: 'complete',
    backfillCompletedAt: (deps.now?.() ?? new Date()).toISOString(),
    rowsBackfilled: rows,
    lastError: null,
  });
  await notifyBackfillComplete(store, table, rows);
  result.finished = true;
  return result;
}
