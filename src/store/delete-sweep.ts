/**
 * The queries the delete sweeps compare HubSpot's lists with: stored ids by id range, which of
 * some ids are stored or tombstoned, tombstoned ids by range, and correcting a tombstone's
 * reason once the sweeps learn better (a record first seen gone was archived, not purged).
 */
import { sql } from 'kysely';
import { assertTableName } from '../schema/identifiers.js';
import type { StoreContext } from './connection.js';
import type { DeleteItem, DeleteReason } from './deletes.js';
import { StoreError } from './errors.js';
import { canonicalId } from './record-id.js';

/**
 * Stored ids in `(afterId, upToId]` (no upper bound when `upToId` is null), in numeric order.
 * (`order by` names the table's column: a bare `id` would sort the text alias, putting 10 before
 * 9, and a keyset walk would then skip every shorter id.)
 */
export async function readIdsInRange(
  store: StoreContext,
  objectType: string,
  afterId: string,
  upToId: string | null,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select t.id::text as id from ${sql.id(store.schema, assertTableName(objectType))} t
    where t.id > ${afterId}::bigint and (${upToId}::bigint is null or t.id <= ${upToId}::bigint)
    order by t.id limit ${limit}`.execute(store.db);
  return rows.map((r) => r.id);
}

/** Which of `ids` have a row in the object's table. */
export async function readStoredIds(
  store: StoreContext,
  objectType: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const wanted = ids.map((id) => canonicalId(id, objectType));
  const { rows } = await sql<{ id: string }>`
    select id::text as id from ${sql.id(store.schema, assertTableName(objectType))}
    where id = any(${wanted}::bigint[])`.execute(store.db);
  return new Set(rows.map((r) => r.id));
}

/** The tombstone reason of each of `ids` that has one. */
export async function readTombstoneReasons(
  store: StoreContext,
  objectType: string,
  ids: readonly string[],
): Promise<Map<string, DeleteReason>> {
  if (!ids.length) return new Map();
  const wanted = ids.map((id) => canonicalId(id, objectType));
  const { rows } = await sql<{ id: string; reason: DeleteReason }>`
    select id::text as id, reason from ${sql.id(store.schema, '_deleted')}
    where object_type = ${objectType} and id = any(${wanted}::bigint[])`.execute(store.db);
  return new Map(rows.map((r) => [r.id, r.reason]));
}

/** Tombstoned ids with `reason` in `(afterId, upToId]`, ascending. */
export async function readTombstonedIdsInRange(
  store: StoreContext,
  objectType: string,
  reason: DeleteReason,
  afterId: string,
  upToId: string | null,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select d.id::text as id from ${sql.id(store.schema, '_deleted')} d
    where d.object_type = ${objectType} and d.reason = ${reason} and d.id > ${afterId}::bigint
      and (${upToId}::bigint is null or d.id <= ${upToId}::bigint)
    order by d.id limit ${limit}`.execute(store.db);
  return rows.map((r) => r.id);
}

/**
 * Overwrites existing tombstones' reason, time and survivor (deleteRecords only moves a
 * tombstone to a later delete). Ids without a tombstone are left alone. Returns how many changed.
 */
export async function retagTombstones(
  store: StoreContext,
  objectType: string,
  items: readonly DeleteItem[],
): Promise<number> {
  const rows = items.map((item) => {
    const at = new Date(item.deletedAt);
    if (Number.isNaN(at.getTime()))
      throw new StoreError('STORE_RECORD_SHAPE', `retag: deletedAt ${String(item.deletedAt)}`);
    return {
      id: canonicalId(item.id, 'retag'),
      at: at.toISOString(),
      reason: item.reason,
      mergedInto: item.mergedInto == null ? null : canonicalId(item.mergedInto, 'mergedInto'),
    };
  });
  if (!rows.length) return 0;
  const result = await sql`
    update ${sql.id(store.schema, '_deleted')} d
    set reason = i.reason, deleted_at = i.deleted_at, merged_into = i.merged_into
    from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.at)}::timestamptz[],
      ${rows.map((r) => r.reason)}::text[], ${rows.map((r) => r.mergedInto)}::bigint[])
      as i(id, deleted_at, reason, merged_into)
    where d.object_type = ${objectType} and d.id = i.id
      and (d.reason, d.deleted_at, d.merged_into) is distinct from (i.reason, i.deleted_at, i.merged_into)`.execute(
    store.db,
  );
  return Number(result.numAffectedRows ?? 0);
}
