/**
 * Merges: the merged-away record vanishes from every list (archived one included), and the
 * survivor's `hs_merged_object_ids` names it. The survivor's change reaches the mirror through
 * the pollers; this removes what it names, tombstoned `merged` with the survivor's id. Only
 * survivors changed since the last look are read (a merge changes the survivor), with a margin
 * for rows the straggler poller writes late.
 */
import type { CatalogColumn, CatalogObject } from '../../schema/index.js';
import {
  MERGED_IDS_PROPERTY,
  readCursor,
  readLatestUpdatedAt,
  readMergedAway,
  saveCursor,
} from '../../store/index.js';
import { removeRecords, retag, type SweepEnv } from './env.js';

export const MERGES_CURSOR = 'deletes:merges';

/** The column holding `hs_merged_object_ids`, if the object has the property. */
export function mergedIdsColumn(object: CatalogObject): CatalogColumn | undefined {
  const column = object.columns.get(MERGED_IDS_PROPERTY);
  return column && !column.archived ? column : undefined;
}

export async function sweepMerges(env: SweepEnv, marginMs: number): Promise<void> {
  const column = mergedIdsColumn(env.object);
  if (!column) return;
  const table = env.object.objectType;
  const state = await readCursor<{ since: string | null }>(env.store, table, MERGES_CURSOR);
  const newest = await readLatestUpdatedAt(env.store, table);
  const since = state?.since ? new Date(Date.parse(state.since) - marginMs) : null;
  const found = await readMergedAway(env.store, table, column, since);
  const item = (m: (typeof found)[number]) => ({
    id: m.id,
    reason: 'merged' as const,
    mergedInto: m.survivorId,
    deletedAt: m.mergedAt,
  });
  await removeRecords(env, found.filter((m) => m.state === 'stored').map(item));
  await retag(env, found.filter((m) => m.state === 'purged').map(item));
  await saveCursor(env.store, table, MERGES_CURSOR, { since: newest ?? state?.since ?? null });
}
