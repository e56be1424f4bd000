/**
 * One cycle of the association sweeper over one pair: the "from" side's ids from Postgres, 1,000
 * at a time (the batch read's limit); each id's set read from HubSpot and fingerprinted. A set
 * whose fingerprint the cache already holds costs nothing more; the others are compared with the
 * stored rows' fingerprint, and only sets that really differ are written — only their rows that
 * differ, with the cursor, in one transaction. A finished cycle has visited every stored "from" id, so rows whose "from"
 * record is no longer stored were not seen in it: they are swept.
 */
import type { HubSpotClient } from '../../hubspot/index.js';
import type { CatalogObject } from '../../schema/index.js';
import {
  deleteOrphanAssociations,
  readAssociationRowsFor,
  readCursor,
  deleteAssociationRows,
  readIdsInRange,
  saveCursor,
  upsertAssociations,
  withTransaction,
  type StoreContext,
} from '../../store/index.js';
import { diffAssociationRows } from './diff.js';
import { fingerprintRows, groupByFromId } from './fingerprint.js';
import { readAssociationRowSets, type AssociationRowSet } from './read.js';
import type { FingerprintCache } from './fingerprint-cache.js';
import { canonicalIdText } from '../ids.js';

export const ASSOCIATION_SWEEP_BATCH = 1_000;

export const sweepCursorStage = (to: string): string => `association-sweep:${to}`;

export interface SweepCursor {
  /** The last "from" id done in this cycle ('0' at its start). */
  after: string;
  cycle: number;
  startedAt: string | null;
}

export interface AssociationFigures {
  ids: number;
  apiCalls: number;
  /** Sets that differed from Postgres and were written. */
  changedSets: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsDeleted: number;
  /** Sets the fingerprint cache vouched for: no database work. */
  cacheHits: number;
  cycleComplete: boolean;
}

export interface CycleEnv {
  store: StoreContext;
  client: HubSpotClient;
  from: CatalogObject;
  to: CatalogObject;
  signal: AbortSignal;
  now(): number;
  cache: FingerprintCache;
  cacheKey(id: string): string;
  /** A cursor with nothing written alongside is saved at most this often. */
  cursorSaveMs: number;
  figures: AssociationFigures;
}

function cursorFrom(value: unknown, now: number): SweepCursor {
  const v = (value ?? {}) as Partial<SweepCursor>;
  return {
    after: typeof v.after === 'string' && /^\d+$/.test(v.after) ? v.after : '0',
    cycle: typeof v.cycle === 'number' ? v.cycle : 1,
    startedAt: typeof v.startedAt === 'string' ? v.startedAt : new Date(now).toISOString(),
  };
}

/** Runs (or resumes) the pair's cycle to its end, or until the signal aborts. */
export async function runAssociationCycle(env: CycleEnv): Promise<void> {
  const { store, from, to, figures } = env;
  const stage = sweepCursorStage(to.objectType);
  let cursor = cursorFrom(await readCursor(store, from.objectType, stage), env.now());
  let savedAt = env.now();
  while (!env.signal.aborted) {
    const ids = await readIdsInRange(
      store,
      from.objectType,
      cursor.after,
      null,
      ASSOCIATION_SWEEP_BATCH,
    );
    if (!ids.length) {
      const next: SweepCursor = { after: '0', cycle: cursor.cycle + 1, startedAt: null };
      figures.rowsDeleted += await withTransaction(store, async (tx) => {
        const swept = await deleteOrphanAssociations(tx, from.objectType, to.objectType);
        await saveCursor(tx, from.objectType, stage, next);
        return swept;
      });
      figures.cycleComplete = true;
      return;
    }
    figures.ids += ids.length;
    const next = { ...cursor, after: ids.at(-1)! };
    const fingerprints = await readFingerprints(env, ids);
    const changed = await changedSets(env, fingerprints);
    if (changed.length) {
      const written = await withTransaction(store, async (tx) => {
        const summary = await writeChangedSets(tx, env, changed);
        await saveCursor(tx, from.objectType, stage, next);
        return summary;
      });
      figures.changedSets += changed.length;
      figures.rowsInserted += written.inserted;
      figures.rowsUpdated += written.updated;
      figures.rowsDeleted += written.deleted;
      savedAt = env.now();
    } else if (env.now() - savedAt >= env.cursorSaveMs) {
      await saveCursor(store, from.objectType, stage, next);
      savedAt = env.now();
    }
    // Only once the rows are committed does the cache vouch for them.
    for (const [id, { fingerprint }] of fingerprints) env.cache.set(env.cacheKey(id), fingerprint);
    cursor = next;
  }
  await saveCursor(store, from.objectType, stage, cursor);
}

/** Writes the rows by which the sets differ from what is stored (read again, in `tx`). */
async function writeChangedSets(
  tx: StoreContext,
  env: CycleEnv,
  changed: readonly AssociationRowSet[],
): Promise<{ inserted: number; updated: number; deleted: number }> {
  const { from, to } = env;
  const stored = await readAssociationRowsFor(
    tx,
    from.objectType,
    to.objectType,
    changed.map((set) => set.fromId),
  );
  const diff = diffAssociationRows(
    changed.flatMap((set) => set.rows),
    stored,
  );
  const deleted = await deleteAssociationRows(tx, diff.deletes);
  const { inserted, updated } = await upsertAssociations(tx, diff.upserts);
  return { inserted, updated, deleted };
}

type Fingerprinted = Map<string, AssociationRowSet & { fingerprint: string }>;

async function readFingerprints(env: CycleEnv, ids: string[]): Promise<Fingerprinted> {
  const sets: Fingerprinted = new Map();
  const call = { priority: 'sweep' as const, signal: env.signal };
  for await (const set of readAssociationRowSets(env.client, env.from, env.to, ids, call)) {
    const id = canonicalIdText(set.fromId);
    sets.set(id, { ...set, fromId: id, fingerprint: fingerprintRows(set.rows) });
  }
  return sets;
}

/** The sets the cache cannot vouch for whose stored rows differ. */
async function changedSets(
  env: CycleEnv,
  sets: Fingerprinted,
): Promise<Array<AssociationRowSet & { fingerprint: string }>> {
  const misses = [...sets.values()].filter(
    (set) => env.cache.get(env.cacheKey(set.fromId)) !== set.fingerprint,
  );
  env.figures.cacheHits += sets.size - misses.length;
  if (!misses.length) return [];
  const stored = groupByFromId(
    await readAssociationRowsFor(
      env.store,
      env.from.objectType,
      env.to.objectType,
      misses.map((set) => set.fromId),
    ),
  );
  return misses.filter((set) => fingerprintRows(stored.get(set.fromId) ?? []) !== set.fingerprint);
}
