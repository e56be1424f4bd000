/**
 * What the delete sweeps share within one tick: the object, the counted client, the clock and
 * the figures they add to; and the one way they remove records (deleteRecords, counted by reason).
 */
import type { Logger } from '../../config/index.js';
import type { HubSpotClient } from '../../hubspot/index.js';
import type { CatalogObject } from '../../schema/index.js';
import {
  deleteRecords,
  retagTombstones,
  type DeleteItem,
  type DeleteReason,
  type StoreContext,
} from '../../store/index.js';
import { apiTypeOf } from '../catalog-object.js';

export interface DeleteFigures {
  /** Rows removed because HubSpot archived them. */
  archived: number;
  /** Rows removed because they are gone from every list (GDPR deletes, or unknown). */
  purged: number;
  /** Rows removed because a survivor lists them in `hs_merged_object_ids`. */
  merged: number;
  /** Records back from a tombstone. */
  restored: number;
  /** Tombstones whose reason the sweeps corrected. */
  retagged: number;
  /** Deletes skipped because the row changed after them. */
  skippedStale: number;
  associationsDeleted: number;
  archivedPages: number;
  idPages: number;
  apiCalls: number;
  /** `complete`, `partial`, `idle` or `unsupported` (the type has no archived list). */
  archivedPass: string;
  /** `complete`, `partial`, `idle` (not due), or `unordered` (the list broke id order). */
  idPass: string;
}

export const emptyFigures = (): DeleteFigures => ({
  archived: 0,
  purged: 0,
  merged: 0,
  restored: 0,
  retagged: 0,
  skippedStale: 0,
  associationsDeleted: 0,
  archivedPages: 0,
  idPages: 0,
  apiCalls: 0,
  archivedPass: 'idle',
  idPass: 'idle',
});

export interface SweepEnv {
  store: StoreContext;
  /** The counted client. */
  client: HubSpotClient;
  object: CatalogObject;
  apiType: string;
  signal: AbortSignal;
  logger: Logger;
  now(): number;
  figures: DeleteFigures;
}

export function sweepEnv(
  base: Omit<SweepEnv, 'apiType' | 'figures'>,
  figures: DeleteFigures,
): SweepEnv {
  return { ...base, apiType: apiTypeOf(base.object), figures };
}

export const sweepCall = (env: SweepEnv) => ({ priority: 'sweep' as const, signal: env.signal });

/** Deletes rows (with their associations, tombstoned) and counts them under their reason. */
export async function removeRecords(env: SweepEnv, items: readonly DeleteItem[]): Promise<void> {
  const byReason = new Map<DeleteReason, DeleteItem[]>();
  for (const item of items) byReason.set(item.reason, [...(byReason.get(item.reason) ?? []), item]);
  for (const [reason, group] of byReason) {
    const summary = await deleteRecords(env.store, env.object.objectType, group);
    env.figures[reason] += summary.deleted;
    env.figures.skippedStale += summary.skippedStale;
    env.figures.associationsDeleted += summary.associationsDeleted;
  }
}

export async function retag(env: SweepEnv, items: readonly DeleteItem[]): Promise<void> {
  if (!items.length) return;
  env.figures.retagged += await retagTombstones(env.store, env.object.objectType, items);
}
