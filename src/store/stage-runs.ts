/**
 * `_stage_runs`: each live stage's last cycle per object and its running totals (numbers in the
 * result are added up), so `status` can show lag, straggler catches, delete and association
 * cycles without the stages keeping state in memory.
 */
import { sql } from 'kysely';
import type { StoreContext } from './connection.js';

export type StageFigures = Record<string, number | string | boolean | null>;

export interface StageRun {
  objectType: string;
  stage: string;
  runs: number;
  errors: number;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastResult: StageFigures;
  totals: Record<string, number>;
  lastError: string | null;
  lastErrorAt: Date | null;
  owner: string | null;
}

/** Records one finished cycle: its figures, added into the totals. */
export async function recordStageRun(
  store: StoreContext,
  run: {
    objectType: string;
    stage: string;
    startedAt: Date;
    result: StageFigures;
    /** Figures kept in last_result only: a state, which adding up would make meaningless. */
    gauges?: readonly string[];
    owner?: string;
  },
): Promise<void> {
  const gauges = [...(run.gauges ?? [])];
  const numbers = Object.fromEntries(
    Object.entries(run.result).filter(
      (e): e is [string, number] => typeof e[1] === 'number' && !gauges.includes(e[0]),
    ),
  );
  await sql`
    insert into ${sql.id(store.schema, '_stage_runs')} as r
      (object_type, stage, runs, last_started_at, last_finished_at, last_result, totals, owner)
    values (${run.objectType}, ${run.stage}, 1, ${run.startedAt}, now(),
      ${JSON.stringify(run.result)}::jsonb, ${JSON.stringify(numbers)}::jsonb, ${run.owner ?? null})
    on conflict (object_type, stage) do update set
      runs = r.runs + 1,
      last_started_at = excluded.last_started_at,
      last_finished_at = excluded.last_finished_at,
      last_result = excluded.last_result,
      owner = excluded.owner,
      totals = (
        select coalesce(jsonb_object_agg(k, coalesce((r.totals ->> k)::numeric, 0) + coalesce((excluded.totals ->> k)::numeric, 0)), '{}')
        from (select jsonb_object_keys(r.totals) as k union select jsonb_object_keys(excluded.totals)) keys
      ) - ${gauges}::text[]`.execute(store.db);
}

/** Records a failed cycle; the loop goes on. */
export async function recordStageError(
  store: StoreContext,
  run: { objectType: string; stage: string; error: string; owner?: string },
): Promise<void> {
  await sql`
    insert into ${sql.id(store.schema, '_stage_runs')} as r
      (object_type, stage, errors, last_error, last_error_at, owner)
    values (${run.objectType}, ${run.stage}, 1, ${run.error}, now(), ${run.owner ?? null})
    on conflict (object_type, stage) do update set
      errors = r.errors + 1, last_error = excluded.last_error, last_error_at = now(),
      owner = excluded.owner`.execute(store.db);
}

export async function readStageRuns(store: StoreContext): Promise<StageRun[]> {
  const { rows } = await sql<StageRun & { runs: string; errors: string }>`
    select object_type as "objectType", stage, runs, errors, last_started_at as "lastStartedAt",
      last_finished_at as "lastFinishedAt", last_result as "lastResult", totals,
      last_error as "lastError", last_error_at as "lastErrorAt", owner
    from ${sql.id(store.schema, '_stage_runs')} order by object_type, stage`.execute(store.db);
  return rows.map((r) => ({
    ...r,
    runs: Number(r.runs),
    errors: Number(r.errors),
    totals: Object.fromEntries(Object.entries(r.totals ?? {}).map(([k, v]) => [k, Number(v)])),
  }));
}
