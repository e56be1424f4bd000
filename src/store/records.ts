/**
 * upsertRecords: one page of records, its rejects and its cursor, in one transaction. Writers
 * hold the DDL lock shared, so the column mapping they read cannot change under them.
 */
import { sql } from 'kysely';
import { assertTableName } from '../schema/identifiers.js';
import { isPgType } from '../schema/types.js';
import type { StoreContext } from './connection.js';
import { saveCursor } from './cursors.js';
import { StoreError } from './errors.js';
import { ddlLockKey } from './locks.js';
import { SUPPRESS_SETTING } from './notify.js';
import { prepareBatch, type ColumnMapping, type HubSpotRecord } from './record-batch.js';
import { syncRejects } from './rejects.js';
import { withTransaction } from './transaction.js';
import { upsertStatement } from './upsert-sql.js';

export type { HubSpotRecord } from './record-batch.js';

export interface UpsertOptions {
  /** Saved in the same transaction as the rows. */
  cursor?: { stage: string; value: unknown };
  /** False while backfilling: rows are written without a notification each. */
  notify: boolean;
  /**
   * Only these properties are written (say, a refetch of one new property); the others keep
   * their stored values. Default: every mapped, non-archived property, absent meaning no value.
   */
  onlyProperties?: readonly string[];
}

export interface UpsertSummary {
  inserted: number;
  updated: number;
  /** Same values as stored (or the same record twice in the page): not written. */
  unchanged: number;
  /** Older than the stored row, or than the record's tombstone: not written. */
  skippedStale: number;
  /** Values that did not cast in the records that were applied (NULL + a `_rejects` row). */
  rejected: number;
}

interface MappingRow {
  property: string | null;
  column_name: string | null;
  pg_type: string | null;
  archived: boolean | null;
}

/** The object's property mapping; throws when the object has no table yet. */
export async function readColumnMapping(
  tx: StoreContext,
  objectType: string,
): Promise<ColumnMapping[]> {
  const { rows } = await sql<MappingRow>`
    select c.property, c.column_name, c.pg_type, c.archived
    from ${sql.id(tx.schema, '_objects')} o
    left join ${sql.id(tx.schema, '_columns')} c on c.object_type = o.object_type
    where o.object_type = ${objectType}`.execute(tx.db);
  if (!rows.length) {
    throw new StoreError(
      'STORE_UNKNOWN_OBJECT',
      `no table for object type "${objectType}": apply a DDL plan first`,
    );
  }
  return rows.flatMap((r) =>
    r.property !== null && isPgType(r.pg_type)
      ? [
          {
            property: r.property,
            columnName: r.column_name as string,
            pgType: r.pg_type,
            archived: r.archived === true,
          },
        ]
      : [],
  );
}

export async function upsertRecords(
  store: StoreContext,
  objectType: string,
  records: readonly HubSpotRecord[],
  options: UpsertOptions,
): Promise<UpsertSummary> {
  assertTableName(objectType);
  return withTransaction(store, async (tx) => {
    await sql`select pg_advisory_xact_lock_shared(${ddlLockKey(tx.schema)}::bigint),
      set_config(${SUPPRESS_SETTING}, ${options.notify ? 'off' : 'on'}, true)`.execute(tx.db);
    const mapping = await readColumnMapping(tx, objectType);
    const batch = prepareBatch(records, mapping, options.onlyProperties);
    const summary: UpsertSummary = {
      inserted: 0,
      updated: 0,
      unchanged: 0,
      skippedStale: 0,
      rejected: 0,
    };
    if (batch.ids.length) {
      const { rows } = await upsertStatement(tx, objectType, batch).execute(tx.db);
      const row = rows[0] as NonNullable<(typeof rows)[0]>;
      const stale = new Set(row.stale);
      const applied = batch.ids.filter((id) => !stale.has(id));
      const rejects = batch.rejects.filter((r) => !stale.has(r.id));
      await syncRejects(tx, objectType, { ids: applied, properties: batch.properties }, rejects);
      summary.inserted = row.inserted;
      summary.updated = row.updated;
      summary.skippedStale = stale.size + batch.droppedOlder;
      summary.unchanged =
        batch.ids.length - row.inserted - row.updated - stale.size + batch.droppedSame;
      summary.rejected = rejects.length;
    }
    if (options.cursor)
      await saveCursor(tx, objectType, options.cursor.stage, options.cursor.value);
    return summary;
  });
}
