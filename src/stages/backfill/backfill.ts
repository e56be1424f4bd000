/**
 * Backfill of one object type: its records by create date, in slices (slices.ts) each walked by
 * the one search walk (walk/search-walk.ts), then the initial load of the associations it owns
 * (associations/load.ts), then one summary notification. Resumable at any instant: every page
 * commits with its cursor.
 */
import type { HubSpotClient } from '../../hubspot/index.js';
import type { CatalogObject } from '../../schema/index.js';
import {
  countRecords,
  deleteCursor,
  notifyBackfillComplete,
  readObjectStates,
  setObjectState,
  upsertRecords,
  addUpsertSummary,
  emptyUpsertSummary,
  type StoreContext,
  type UpsertSummary,
} from '../../store/index.js';
import { loadAssociations, type AssociationLoadResult } from '../associations/load.js';
import { walkSearch, type SearchWalk } from '../walk/search-walk.js';
import { deleteBackfillCursors, planSlices, sliceStage, type Slice } from './slices.js';
import { initialCursor, type WalkCursor } from '../walk/cursor.js';

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
  /** Told when a slice reads a page again with a new property list. */
  logger?: SearchWalk['logger'];
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

/** Where a slice's walk starts: the slice's first create date, or the very beginning. */
const sliceStart = (slice: Slice): WalkCursor =>
  slice.from === null ? initialCursor() : { mode: 'range', from: slice.from, inclusive: true };

/**
 * One slice's walk from its cursor (a saved cursor that is not one falls back to the slice's
 * start: its records are upserted again, which changes nothing). A page read before a property
 * was added is not written (upsertRecords' readWith check): the walk reads it again with the
 * object's new property list.
 */
function walkSlice(
  deps: BackfillDeps,
  object: CatalogObject,
  slice: Slice,
  index: number,
  report: {
    write(summary: UpsertSummary): void;
    progress(stored: number, left: number): void;
  },
) {
  const { store, signal } = deps;
  const stage = sliceStage(index);
  return walkSearch({
    store,
    client: deps.client,
    object,
    dateProperty: object.createdProperty,
    stage,
    initial: sliceStart(slice),
    before: slice.before ?? undefined,
    priority: 'backfill',
    signal,
    logger: deps.logger,
    writePage: async ({ records, cursor, readWith }) => {
      report.write(
        await upsertRecords(store, object.objectType, records, {
          cursor: { stage, value: cursor },
          notify: false,
          readWith,
        }),
      );
    },
    onPage: ({ stored, remaining }) => report.progress(stored, remaining),
  });
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
  result.propertyRefreshes = walks.reduce((n, w) => n + w.propertyRefreshes, 0);
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
