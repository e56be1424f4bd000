/**
 * The association sweeper's reads and its sweep: the stored rows of some "from" records (to
 * compare their fingerprints with HubSpot's), and rows whose "from" record is no longer stored.
 */
import { sql } from 'kysely';
import type { AssociationRow } from '../schema/associations.js';
import { assertTableName } from '../schema/identifiers.js';
import type { StoreContext } from './connection.js';
import { canonicalId } from './record-id.js';

/** The stored `fromType` → `toType` rows of `fromIds` (stored direction). */
export async function readAssociationRowsFor(
  store: StoreContext,
  fromType: string,
  toType: string,
  fromIds: readonly string[],
): Promise<AssociationRow[]> {
  if (!fromIds.length) return [];
  const ids = fromIds.map((id) => canonicalId(id, fromType));
  const { rows } = await sql<AssociationRow>`
    select from_type as "fromType", from_id::text as "fromId", to_type as "toType",
      to_id::text as "toId", type_id as "typeId", category, label
    from ${sql.id(store.schema, 'associations')}
    where from_type = ${fromType} and to_type = ${toType} and from_id = any(${ids}::bigint[])`.execute(
    store.db,
  );
  return rows;
}

/**
 * Deletes the pair's rows whose "from" record has no row in its table: the sweep of a full
 * cycle, which visited every stored "from" id. Returns how many went.
 */
export async function deleteOrphanAssociations(
  store: StoreContext,
  fromType: string,
  toType: string,
): Promise<number> {
  const result = await sql`
    delete from ${sql.id(store.schema, 'associations')} a
    where a.from_type = ${fromType} and a.to_type = ${toType}
      and not exists (
        select 1 from ${sql.id(store.schema, assertTableName(fromType))} t where t.id = a.from_id)`.execute(
    store.db,
  );
  return Number(result.numAffectedRows ?? 0);
}

/** Deletes exactly these rows (by primary key). Returns how many went. */
export async function deleteAssociationRows(
  store: StoreContext,
  rows: readonly Pick<AssociationRow, 'fromType' | 'fromId' | 'toType' | 'toId' | 'typeId'>[],
): Promise<number> {
  if (!rows.length) return 0;
  const result = await sql`
    delete from ${sql.id(store.schema, 'associations')} a
    using unnest(${rows.map((r) => r.fromType)}::text[],
      ${rows.map((r) => canonicalId(r.fromId, r.fromType))}::bigint[],
      ${rows.map((r) => r.toType)}::text[], ${rows.map((r) => canonicalId(r.toId, r.toType))}::bigint[],
      ${rows.map((r) => r.typeId)}::int[]) as k(from_type, from_id, to_type, to_id, type_id)
    where a.from_type = k.from_type and a.from_id = k.from_id and a.to_type = k.to_type
      and a.to_id = k.to_id and a.type_id = k.type_id`.execute(store.db);
  return Number(result.numAffectedRows ?? 0);
}
