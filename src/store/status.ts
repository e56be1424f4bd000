/** What `replicator status` shows: per object its rows, backfill state, cursors and errors. */
import { sql } from 'kysely';
import { readApiUsage, type ApiUsage } from './api-usage.js';
import type { StoreContext } from './connection.js';
import { readCursors, type CursorRow } from './cursors.js';
import { readLatestUpdatedAt, readObjectStates, type ObjectState } from './objects.js';
import { readStageRuns, type StageFigures, type StageRun } from './stage-runs.js';

/** Below this estimate count(*) is cheap enough to be exact. */
const EXACT_BELOW = 100_000;

export interface ObjectStatus extends ObjectState {
  rows: number;
  /** False when `rows` is the planner's estimate (pg_class.reltuples). */
  rowsExact: boolean;
  /** The newest record change stored (`_updated_at`), ISO. */
  latestUpdatedAt: string | null;
  rejects: number;
  tombstones: number;
  cursors: Array<Pick<CursorRow, 'stage' | 'value' | 'updatedAt'>>;
  /**
   * Time since the newest change stored (now minus `latestUpdatedAt`), in ms; null for an empty
   * table. Not how far behind the mirror is: a quiet table's grows. `freshAsOf` is that.
   */
  lagMs: number | null;
  /** Records the straggler poller stored that the live poller had missed (running total). */
  stragglerCatches: number | null;
  /** Records the live poller found behind the straggler's window (running total). */
  pollerLateFinds: number | null;
  lastDeleteCycle: StageCycle | null;
  /** The most recent association cycle of a pair this object is in. */
  lastAssociationCycle: StageCycle | null;
  /** The newest error of any of its live stages. */
  lastStageError: { stage: string; error: string; at: Date | null } | null;
}

export interface StageCycle {
  /** The stage's object: a table name, or a pair (`companies->contacts`). */
  object: string;
  finishedAt: Date | null;
  figures: StageFigures;
  owner: string | null;
}

/** The `api` stage's last report: HubSpot's daily quota as the running daemon saw it. */
export interface ApiBudget {
  dailyLimit: number | null;
  allowedForProcess: number | null;
  portalRemaining: number | null;
  /** Share of the portal's daily quota used (by every app), when HubSpot told us. */
  portalUsedShare: number | null;
  reportedAt: Date | null;
}

export interface StoreStatus {
  schema: string;
  objects: ObjectStatus[];
  apiUsage: ApiUsage;
  apiBudget: ApiBudget | null;
  /** Every live stage's last cycle, totals and last error, per object (`*` for the portal). */
  stages: StageRun[];
}

export async function readStatus(
  store: StoreContext,
  options: { exact?: boolean; now?: number } = {},
): Promise<StoreStatus> {
  const [states, cursors, apiUsage, stages] = await Promise.all([
    readObjectStates(store),
    readCursors(store),
    readApiUsage(store),
    readStageRuns(store),
  ]);
  const now = options.now ?? Date.now();
  const counts = await sql<{ object_type: string; rejects: string; tombstones: string }>`
    select o.object_type,
      (select count(*) from ${sql.id(store.schema, '_rejects')} r where r.object_type = o.object_type) as rejects,
      (select count(*) from ${sql.id(store.schema, '_deleted')} d where d.object_type = o.object_type) as tombstones
    from ${sql.id(store.schema, '_objects')} o`.execute(store.db);
  const byType = new Map(counts.rows.map((r) => [r.object_type, r]));
  const objects: ObjectStatus[] = [];
  for (const state of states) {
    const { rows, rowsExact } = await countRows(store, state.objectType, options.exact === true);
    const latestUpdatedAt = await readLatestUpdatedAt(store, state.objectType);
    objects.push({
      ...state,
      rows,
      rowsExact,
      latestUpdatedAt,
      lagMs: latestUpdatedAt === null ? null : Math.max(0, now - Date.parse(latestUpdatedAt)),
      ...summariseStages(state.objectType, stages),
      rejects: Number(byType.get(state.objectType)?.rejects ?? 0),
      tombstones: Number(byType.get(state.objectType)?.tombstones ?? 0),
      cursors: cursors
        .filter((c) => c.objectType === state.objectType)
        .map(({ stage, value, updatedAt }) => ({ stage, value, updatedAt })),
    });
  }
  return { schema: store.schema, objects, apiUsage, apiBudget: readApiBudget(stages), stages };
}

const asCycle = (run: StageRun): StageCycle => ({
  object: run.objectType,
  finishedAt: run.lastFinishedAt,
  figures: run.lastResult,
  owner: run.owner,
});

const newest = (runs: StageRun[], at: (r: StageRun) => Date | null): StageRun | undefined =>
  runs.filter((r) => at(r) !== null).sort((a, b) => at(b)!.getTime() - at(a)!.getTime())[0];

/** An object's figures from its stages' rows; association rows are keyed by pair (`a->b`). */
function summariseStages(objectType: string, stages: StageRun[]) {
  const own = stages.filter((s) => s.objectType === objectType);
  const find = (stage: string) => own.find((s) => s.stage === stage);
  // Pairs the portal does not define are skipped each cycle: their figures say nothing.
  const pairs = stages.filter(
    (s) =>
      s.stage === 'associations' &&
      s.objectType.split('->').includes(objectType) &&
      s.lastResult.defined !== false,
  );
  const deletes = find('deletes');
  const association = newest(pairs, (r) => r.lastFinishedAt);
  const failed = newest([...own, ...pairs], (r) => r.lastErrorAt);
  return {
    stragglerCatches: find('straggler')?.totals.catches ?? null,
    pollerLateFinds: find('poller')?.totals.lateFinds ?? null,
    lastDeleteCycle: deletes?.lastFinishedAt ? asCycle(deletes) : null,
    lastAssociationCycle: association ? asCycle(association) : null,
    lastStageError: failed
      ? {
          stage: `${failed.stage} ${failed.objectType}`,
          error: failed.lastError!,
          at: failed.lastErrorAt,
        }
      : null,
  };
}

const numberOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

function readApiBudget(stages: StageRun[]): ApiBudget | null {
  const run = stages.find((s) => s.stage === 'api' && s.objectType === '*');
  if (!run) return null;
  const dailyLimit = numberOrNull(run.lastResult.dailyLimit);
  const portalRemaining = numberOrNull(run.lastResult.portalRemaining);
  return {
    dailyLimit,
    allowedForProcess: numberOrNull(run.lastResult.allowedForProcess),
    portalRemaining,
    portalUsedShare:
      dailyLimit && portalRemaining !== null ? (dailyLimit - portalRemaining) / dailyLimit : null,
    reportedAt: run.lastFinishedAt,
  };
}

async function countRows(store: StoreContext, table: string, exact: boolean) {
  if (!exact) {
    const { rows } = await sql<{ estimate: number }>`
      select c.reltuples::float8 as estimate from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${store.schema} and c.relname = ${table}`.execute(store.db);
    const estimate = rows[0]?.estimate ?? -1;
    // -1: never analysed, so no estimate.
    if (estimate >= EXACT_BELOW) return { rows: Math.round(estimate), rowsExact: false };
  }
  const { rows } = await sql<{
    n: string;
  }>`select count(*) as n from ${sql.id(store.schema, table)}`.execute(store.db);
  return { rows: Number(rows[0]?.n ?? 0), rowsExact: true };
}

/**
 * The newest `_schema_changes` id (0 when none): it moves whenever any process applies DDL, so a
 * daemon re-reads the catalog only when this does.
 */
export async function readSchemaChangeMark(store: StoreContext): Promise<number> {
  const { rows } = await sql<{ mark: string | null }>`
    select max(id) as mark from ${sql.id(store.schema, '_schema_changes')}`.execute(store.db);
  return Number(rows[0]?.mark ?? 0);
}
