/**
 * A backfill walks an object's create dates in a few slices at once, so HubSpot, our casting and
 * Postgres all work in parallel instead of in turn. The slice plan is fixed at the start (stored
 * as the `backfill` cursor) and each slice keeps its own cursor (`backfill:<i>`), so a killed
 * backfill resumes every slice where it was.
 */
import { searchObjects, type HubSpotClient } from '../../hubspot/index.js';
import type { CatalogObject } from '../../schema/index.js';
import {
  deleteCursor,
  readCursor,
  readCursors,
  saveCursor,
  type StoreContext,
} from '../../store/index.js';
import { parseDateValue } from '../walk/cursor.js';
import { apiTypeOf } from '../catalog-object.js';

export const BACKFILL_STAGE = 'backfill';
/** Slices per object; each keeps one search and one write in flight. */
export const SLICES = 4;

/** Records created in [from, before); null ends are open. */
export interface Slice {
  from: number | null;
  before: number | null;
}

export const sliceStage = (index: number): string => `${BACKFILL_STAGE}:${index}`;

export async function deleteBackfillCursors(store: StoreContext, table: string): Promise<void> {
  for (const c of await readCursors(store, table)) {
    if (c.stage === BACKFILL_STAGE || c.stage.startsWith(`${BACKFILL_STAGE}:`)) {
      await deleteCursor(store, table, c.stage);
    }
  }
}

/** The stored slice plan, or a new one cut at equal steps of create date between the oldest and newest record. */
export async function planSlices(
  deps: { store: StoreContext; client: HubSpotClient; signal?: AbortSignal },
  object: CatalogObject,
  fresh: boolean,
): Promise<Slice[]> {
  const stored = fresh
    ? undefined
    : await readCursor<{ slices: Slice[] }>(deps.store, object.objectType, BACKFILL_STAGE);
  if (stored?.slices?.length) return stored.slices;
  const [oldest, newest] = await Promise.all([
    edgeDate(deps, object, 'ASCENDING'),
    edgeDate(deps, object, 'DESCENDING'),
  ]);
  const slices = cutSlices(oldest, newest, SLICES);
  await saveCursor(deps.store, object.objectType, BACKFILL_STAGE, { slices });
  return slices;
}

/** Equal steps of time; the first slice is open below and the last open above. */
export function cutSlices(oldest: number | null, newest: number | null, count: number): Slice[] {
  if (oldest === null || newest === null || newest - oldest < count)
    return [{ from: null, before: null }];
  const step = Math.floor((newest - oldest) / count);
  return Array.from({ length: count }, (_, i) => ({
    from: i === 0 ? null : oldest + i * step,
    before: i === count - 1 ? null : oldest + (i + 1) * step,
  }));
}

async function edgeDate(
  deps: { client: HubSpotClient; signal?: AbortSignal },
  object: CatalogObject,
  direction: 'ASCENDING' | 'DESCENDING',
): Promise<number | null> {
  const page = await searchObjects(
    deps.client,
    apiTypeOf(object),
    {
      filterGroups: [],
      sorts: [{ propertyName: object.createdProperty, direction }],
      properties: [object.createdProperty],
      limit: 1,
    },
    { priority: 'backfill', ...(deps.signal ? { signal: deps.signal } : {}) },
  );
  const record = page.results[0];
  return record ? parseDateValue(record.properties[object.createdProperty]) : null;
}
