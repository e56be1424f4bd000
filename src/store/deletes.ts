/**
 * Deletes: an archived, merged-away or purged record leaves its table and the associations
 * table (both directions) and gets a tombstone in `_deleted`. A delete older than the stored
 * row's `_updated_at` is skipped (the record changed after it: it was restored), like any
 * other older data. A tombstone newer than a record blocks that record in upsertRecords;
 * restoreTombstone lifts it when the delete sweep sees the record live again.
 */
import { sql } from 'kysely';
import { assertTableName } from '../schema/identifiers.js';
import type { StoreContext } from './connection.js';
import { StoreError } from './errors.js';
import { setNotifications } from './notify.js';
import { canonicalId } from './record-id.js';
import { withTransaction } from './transaction.js';

export type DeleteReason = 'archived' | 'merged' | 'purged';

export interface DeleteItem {
  id: string;
  reason: DeleteReason;
  mergedInto?: string | null;
  /** When HubSpot deleted it (`archivedAt`), or when the sweep found it gone. */
  deletedAt: string | Date;
}

export interface DeleteSummary {
  /** Rows removed from the object table. */
  deleted: number;
  /** Tombstones written or moved to a later delete. */
  tombstoned: number;
  /** Rows kept because they changed after the delete. */
  skippedStale: number;
  associationsDeleted: number;
}

const REASONS: ReadonlySet<string> = new Set(['archived', 'merged', 'purged']);

function normaliseItems(items: readonly DeleteItem[]) {
  const byId = new Map<
    string,
    { id: string; at: string; reason: string; mergedInto: string | null }
  >();
  for (const item of items) {
    const id = canonicalId(item.id, 'delete');
    if (!REASONS.has(item.reason))
      throw new StoreError('STORE_RECORD_SHAPE', `delete: reason ${JSON.stringify(item.reason)}`);
    const at = new Date(item.deletedAt);
    if (Number.isNaN(at.getTime()))
      throw new StoreError('STORE_RECORD_SHAPE', `delete: deletedAt ${String(item.deletedAt)}`);
    const previous = byId.get(id);
    if (previous && previous.at > at.toISOString()) continue;
    byId.set(id, {
      id,
      at: at.toISOString(),
      reason: item.reason,
      mergedInto: item.mergedInto == null ? null : canonicalId(item.mergedInto, 'mergedInto'),
    });
  }
  return [...byId.values()];
}

export async function deleteRecords(
  store: StoreContext,
  objectType: string,
  items: readonly DeleteItem[],
  options: { notify?: boolean } = {},
): Promise<DeleteSummary> {
  const table = sql.id(store.schema, assertTableName(objectType));
  const rows = normaliseItems(items);
  if (!rows.length) return { deleted: 0, tombstoned: 0, skippedStale: 0, associationsDeleted: 0 };
  const s = (name: string) => sql.id(store.schema, name);
  return withTransaction(store, async (tx) => {
    await setNotifications(tx, options.notify !== false);
    const result = await sql<DeleteSummary>`
      with i as (
        select * from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.at)}::timestamptz[],
          ${rows.map((r) => r.reason)}::text[], ${rows.map((r) => r.mergedInto)}::bigint[])
          as u(id, deleted_at, reason, merged_into)
      ),
      kept as (select t.id from ${table} t join i on i.id = t.id where t._updated_at > i.deleted_at),
      gone as (
        delete from ${table} t using i
        where t.id = i.id and i.id not in (select id from kept)
        returning t.id
      ),
      links as (
        delete from ${s('associations')} a
        where (a.from_type = ${objectType} and a.from_id in (select id from i where id not in (select id from kept)))
           or (a.to_type = ${objectType} and a.to_id in (select id from i where id not in (select id from kept)))
        returning 1
      ),
      rejects as (
        delete from ${s('_rejects')} r
        where r.object_type = ${objectType} and r.id in (select id from i where id not in (select id from kept))
        returning 1
      ),
      tombs as (
        insert into ${s('_deleted')} as d (object_type, id, deleted_at, reason, merged_into)
        select ${objectType}, id, deleted_at, reason, merged_into from i where id not in (select id from kept)
        on conflict (object_type, id) do update
          set deleted_at = excluded.deleted_at, reason = excluded.reason, merged_into = excluded.merged_into
        where excluded.deleted_at >= d.deleted_at
          and (d.deleted_at, d.reason, d.merged_into) is distinct from (excluded.deleted_at, excluded.reason, excluded.merged_into)
        returning 1
      )
      select (select count(*)::int from gone) as deleted,
             (select count(*)::int from tombs) as tombstoned,
             (select count(*)::int from kept) as "skippedStale",
             (select count(*)::int from links) as "associationsDeleted",
             (select count(*)::int from rejects) as rejects`.execute(tx.db);
    const { deleted, tombstoned, skippedStale, associationsDeleted } = result
      .rows[0] as DeleteSummary;
    return { deleted, tombstoned, skippedStale, associationsDeleted };
  });
}

/** Removes tombstones (the records are live again), so their next upsert is not blocked. */
export async function restoreTombstone(
  store: StoreContext,
  objectType: string,
  ids: readonly string[],
): Promise<number> {
  if (!ids.length) return 0;
  const result = await sql`delete from ${sql.id(store.schema, '_deleted')}
    where object_type = ${objectType} and id = any(${ids}::bigint[])`.execute(store.db);
  return Number(result.numAffectedRows ?? 0);
}

export interface Tombstone {
  objectType: string;
  id: string;
  deletedAt: Date;
  reason: DeleteReason;
  mergedInto: string | null;
}

export async function readTombstones(
  store: StoreContext,
  objectType: string,
): Promise<Tombstone[]> {
  const { rows } = await sql<Tombstone>`
    select object_type as "objectType", id::text as id, deleted_at as "deletedAt", reason,
           merged_into::text as "mergedInto"
    from ${sql.id(store.schema, '_deleted')} d where d.object_type = ${objectType} order by d.id`.execute(
    store.db,
  );
  return rows;
}
