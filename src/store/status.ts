/** What `replicator status` shows: per object its rows, backfill state, cursors and errors. */
import { sql } from 'kysely';
import { readApiUsage, type ApiUsage } from './api-usage.js';
import type { StoreContext } from './connection.js';
import { readCursors, type CursorRow } from './cursors.js';
import { readLatestUpdatedAt, readObjectStates, type ObjectState } from './objects.js';

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
}

export interface StoreStatus {
  schema: string;
  objects: ObjectStatus[];
  apiUsage: ApiUsage;
}

export async function readStatus(
  store: StoreContext,
  options: { exact?: boolean } = {},
): Promise<StoreStatus> {
  const [states, cursors, apiUsage] = await Promise.all([
    readObjectStates(store),
    readCursors(store),
    readApiUsage(store),
  ]);
  const counts = await sql<{ object_type: string; rejects: string; tombstones: string }>`
    select o.object_type,
      (select count(*) from ${sql.id(store.schema, '_rejects')} r where r.object_type = o.object_type) as rejects,
      (select count(*) from ${sql.id(store.schema, '_deleted')} d where d.object_type = o.object_type) as tombstones
    from ${sql.id(store.schema, '_objects')} o`.execute(store.db);
  const byType = new Map(counts.rows.map((r) => [r.object_type, r]));
  const objects: ObjectStatus[] = [];
  for (const state of states) {
    const { rows, rowsExact } = await countRows(store, state.objectType, options.exact === true);
    objects.push({
      ...state,
      rows,
      rowsExact,
      latestUpdatedAt: await readLatestUpdatedAt(store, state.objectType),
      rejects: Number(byType.get(state.objectType)?.rejects ?? 0),
      tombstones: Number(byType.get(state.objectType)?.tombstones ?? 0),
      cursors: cursors
        .filter((c) => c.objectType === state.objectType)
        .map(({ stage, value, updatedAt }) => ({ stage, value, updatedAt })),
    });
  }
  return { schema: store.schema, objects, apiUsage };
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
