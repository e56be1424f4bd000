/** Per-object replication state in `_objects`: backfill progress and the last error. */
import { sql } from 'kysely';
import type { StoreContext } from './connection.js';
import { StoreError } from './errors.js';

export type BackfillState = 'pending' | 'running' | 'complete';

export interface ObjectState {
  objectType: string;
  apiName: string;
  objectTypeId: string;
  createdProperty: string;
  modifiedProperty: string;
  backfillState: BackfillState;
  backfillStartedAt: Date | null;
  backfillCompletedAt: Date | null;
  rowsBackfilled: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  updatedAt: Date;
  /**
   * The start of the last live poll that walked to the end of what search showed: the mirror
   * holds every change search showed up to then. Null until the first such poll.
   */
  freshAsOf: Date | null;
  /** The interval the live poller ran with at that poll, ms; null until then. */
  pollIntervalMs: number | null;
}

export interface ObjectStatePatch {
  backfillState?: BackfillState;
  backfillStartedAt?: Date | string | null;
  backfillCompletedAt?: Date | string | null;
  rowsBackfilled?: number;
  /** A message sets last_error and last_error_at; null clears both. */
  lastError?: string | null;
}

const STATES: ReadonlySet<string> = new Set(['pending', 'running', 'complete']);

export async function setObjectState(
  store: StoreContext,
  objectType: string,
  patch: ObjectStatePatch,
): Promise<void> {
  if (patch.backfillState !== undefined && !STATES.has(patch.backfillState)) {
    throw new StoreError('STORE_QUERY', `backfill state ${JSON.stringify(patch.backfillState)}`);
  }
  const changes: Record<string, unknown> = { updated_at: sql`now()` };
  if (patch.backfillState !== undefined) changes.backfill_state = patch.backfillState;
  if (patch.backfillStartedAt !== undefined)
    changes.backfill_started_at = toDate(patch.backfillStartedAt);
  if (patch.backfillCompletedAt !== undefined)
    changes.backfill_completed_at = toDate(patch.backfillCompletedAt);
  if (patch.rowsBackfilled !== undefined) changes.rows_backfilled = patch.rowsBackfilled;
  if (patch.lastError !== undefined) {
    changes.last_error = patch.lastError;
    changes.last_error_at = patch.lastError === null ? null : sql`now()`;
  }
  const result = await store.db
    .withSchema(store.schema)
    .updateTable('_objects')
    .set(changes)
    .where('object_type', '=', objectType)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new StoreError('STORE_UNKNOWN_OBJECT', `no object type "${objectType}" in _objects`);
  }
}

const toDate = (value: Date | string | null): Date | null =>
  value === null ? null : new Date(value);

export async function readObjectStates(store: StoreContext): Promise<ObjectState[]> {
  const { rows } = await sql<ObjectState & { rowsBackfilled: string }>`
    select object_type as "objectType", api_name as "apiName", object_type_id as "objectTypeId",
           created_property as "createdProperty", modified_property as "modifiedProperty",
           backfill_state as "backfillState", backfill_started_at as "backfillStartedAt",
           backfill_completed_at as "backfillCompletedAt", rows_backfilled as "rowsBackfilled",
           last_error as "lastError", last_error_at as "lastErrorAt", updated_at as "updatedAt",
           fresh_as_of as "freshAsOf", poll_interval_ms as "pollIntervalMs"
    from ${sql.id(store.schema, '_objects')} order by object_type`.execute(store.db);
  return rows.map((r) => ({ ...r, rowsBackfilled: Number(r.rowsBackfilled) }));
}

/**
 * A live poll of the object walked to the end of what search showed: the mirror is fresh as of
 * the poll's start. `fresh_as_of` never moves back (a slower, older poll finishing late leaves
 * it); the interval is the poller's current one. Only a completed poll calls this.
 */
export async function recordPollCompleted(
  store: StoreContext,
  objectType: string,
  poll: { startedAt: Date | number; intervalMs: number },
): Promise<void> {
  const startedAt = new Date(poll.startedAt);
  const result = await sql`
    update ${sql.id(store.schema, '_objects')}
    set fresh_as_of = greatest(fresh_as_of, ${startedAt}::timestamptz),
        poll_interval_ms = ${Math.round(poll.intervalMs)}
    where object_type = ${objectType}`.execute(store.db);
  if (Number(result.numAffectedRows ?? 0) === 0) {
    throw new StoreError('STORE_UNKNOWN_OBJECT', `no object type "${objectType}" in _objects`);
  }
}

/** The newest `_updated_at` stored for an object, as ISO text (microseconds kept), or null. */
export async function readLatestUpdatedAt(
  store: StoreContext,
  objectType: string,
): Promise<string | null> {
  const { rows } = await sql<{ latest: string | null }>`
    select to_json(max(_updated_at))#>>'{}' as latest from ${sql.id(store.schema, objectType)}`.execute(
    store.db,
  );
  return rows[0]?.latest ?? null;
}
