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
import { notificationsSwitch } from './notify.js';
import {
  prepareBatch,
  type ColumnMapping,
  type HubSpotRecord,
  type PreparedReject,
} from './record-batch.js';
import { syncRejects } from './rejects.js';
import { assertReadWithCurrent } from './stale-properties.js';
import { withTransaction } from './transaction.js';
import { isRowTooBig, ROW_REJECT, writeRows, writeRowsOneByOne } from './write-rows.js';

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
  /**
   * The property list the records were read with. If the object has a live property it lacks
   * (added since), nothing is written: StalePropertiesError says to read the page again.
   */
  readWith?: readonly string[];
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

export const emptyUpsertSummary = (): UpsertSummary => ({
  inserted: 0,
  updated: 0,
  unchanged: 0,
  skippedStale: 0,
  rejected: 0,
});

/** Adds `add` into `into`, for stages that sum their pages. */
export function addUpsertSummary(into: UpsertSummary, add: UpsertSummary): void {
  into.inserted += add.inserted;
  into.updated += add.updated;
  into.unchanged += add.unchanged;
  into.skippedStale += add.skippedStale;
  into.rejected += add.rejected;
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
  // In a caller's transaction a savepoint keeps it alive if a row is too big; in our own, the
  // rare too-big page is simply written again, row by row.
  if (store.db.isTransaction) return writePage(store, objectType, records, options, 'guarded');
  try {
    return await withTransaction(store, (tx) =>
      writePage(tx, objectType, records, options, 'fast'),
    );
  } catch (error) {
    if (!isRowTooBig(error)) throw error;
    return withTransaction(store, (tx) => writePage(tx, objectType, records, options, 'rowByRow'));
  }
}

async function writePage(
  tx: StoreContext,
  objectType: string,
  records: readonly HubSpotRecord[],
  options: UpsertOptions,
  mode: 'fast' | 'guarded' | 'rowByRow',
): Promise<UpsertSummary> {
  await sql`select pg_advisory_xact_lock_shared(${ddlLockKey(tx.schema)}::bigint),
    ${notificationsSwitch(options.notify)}`.execute(tx.db);
  const mapping = await readColumnMapping(tx, objectType);
  if (options.readWith) assertReadWithCurrent(objectType, mapping, options.readWith);
  const batch = prepareBatch(records, mapping, options.onlyProperties);
  const summary: UpsertSummary = {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    skippedStale: 0,
    rejected: 0,
  };
  if (batch.ids.length) {
    const row =
      mode === 'rowByRow'
        ? await writeRowsOneByOne(tx, objectType, batch)
        : await writeRows(tx, objectType, batch, mode === 'guarded');
    const stale = new Set(row.stale);
    const oversized = new Set(row.oversized);
    const applied = batch.ids.filter((id) => !stale.has(id) && !oversized.has(id));
    const rejects = [
      ...batch.rejects.filter((r) => !stale.has(r.id) && !oversized.has(r.id)),
      ...oversizedRejects(records, oversized, batch.columns.length),
    ];
    await syncRejects(
      tx,
      objectType,
      { ids: [...applied, ...oversized], properties: [...batch.properties, ROW_REJECT] },
      rejects,
    );
    summary.inserted = row.inserted;
    summary.updated = row.updated;
    summary.skippedStale = stale.size + batch.droppedOlder;
    summary.unchanged =
      batch.ids.length -
      row.inserted -
      row.updated -
      stale.size -
      oversized.size +
      batch.droppedSame;
    summary.rejected = rejects.length;
  }
  if (options.cursor) await saveCursor(tx, objectType, options.cursor.stage, options.cursor.value);
  return summary;
}

/** A skipped record's values, kept whole so nothing is lost. */
function oversizedRejects(
  records: readonly HubSpotRecord[],
  ids: ReadonlySet<string>,
  columns: number,
): PreparedReject[] {
  if (!ids.size) return [];
  const newest = new Map<string, HubSpotRecord>();
  for (const r of records) {
    if (ids.has(r.id)) newest.set(r.id, r);
  }
  return [...newest].map(([id, r]) => ({
    id,
    property: ROW_REJECT,
    raw: JSON.stringify(r),
    error: `row too big for a Postgres page with ${columns} property columns written: lower the column budget so more properties live in _extra`,
  }));
}
