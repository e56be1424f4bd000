/**
 * The associations table. Rows arrive normalised (normaliseAssociation): `from_type` sorts
 * first. replaceAssociationsFor makes the stored rows of a set of records exactly the rows read
 * from HubSpot, touching only what differs.
 */
import { sql } from 'kysely';
import { isStoredDirection, type AssociationRow } from '../schema/associations.js';
import { AssociationShapeError } from '../schema/errors.js';
import type { StoreContext } from './connection.js';
import { canonicalRecordId } from '../values/record-id.js';

export interface AssociationSummary {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

const key = (r: AssociationRow) =>
  `${r.fromType}\u0000${r.fromId}\u0000${r.toType}\u0000${r.toId}\u0000${r.typeId}`;

function checkRows(rows: readonly AssociationRow[]): AssociationRow[] {
  const unique = new Map<string, AssociationRow>();
  for (const r of rows) {
    if (!isStoredDirection(r.fromType, r.toType)) {
      throw new AssociationShapeError(
        `association ${r.fromType} -> ${r.toType} is not in the stored direction: normalise it`,
      );
    }
    const fromId = canonicalRecordId(r.fromId);
    const toId = canonicalRecordId(r.toId);
    if (fromId === undefined || toId === undefined || !Number.isInteger(r.typeId)) {
      throw new AssociationShapeError(
        `association ${JSON.stringify(r)} has a non-numeric id or type id`,
      );
    }
    const row = { ...r, fromId, toId };
    unique.set(key(row), row);
  }
  return [...unique.values()];
}

/** `i` (the rows) as a CTE body. */
const inputRows = (rows: AssociationRow[]) => sql`
  select * from unnest(
    ${rows.map((r) => r.fromType)}::text[], ${rows.map((r) => r.fromId)}::bigint[],
    ${rows.map((r) => r.toType)}::text[], ${rows.map((r) => r.toId)}::bigint[],
    ${rows.map((r) => r.typeId)}::int[], ${rows.map((r) => r.category)}::text[],
    ${rows.map((r) => r.label)}::text[]
  ) as u(from_type, from_id, to_type, to_id, type_id, category, label)`;

const upsertCte = (table: ReturnType<typeof sql.id>) => sql`
  insert into ${table} as a (from_type, from_id, to_type, to_id, type_id, category, label)
  select from_type, from_id, to_type, to_id, type_id, category, label from i
  order by from_type, from_id, to_type, to_id, type_id
  on conflict (from_type, from_id, to_type, to_id, type_id) do update
    set category = excluded.category, label = excluded.label
  where (a.category, a.label) is distinct from (excluded.category, excluded.label)
  returning (a.xmax = 0) as inserted`;

export async function upsertAssociations(
  store: StoreContext,
  rows: readonly AssociationRow[],
): Promise<AssociationSummary> {
  const unique = checkRows(rows);
  if (!unique.length) return { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
  const table = sql.id(store.schema, 'associations');
  const { rows: result } = await sql<{ inserted: number; updated: number }>`
    with i as (${inputRows(unique)}), w as (${upsertCte(table)})
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from w
  `.execute(store.db);
  const { inserted, updated } = result[0] as { inserted: number; updated: number };
  return { inserted, updated, unchanged: unique.length - inserted - updated, deleted: 0 };
}

/**
 * For the records `fromIds` of `fromType` (the side the caller read from, either direction),
 * makes their stored `fromType`–`toType` rows exactly `rows`: new ones inserted, changed labels
 * updated, missing ones deleted, the rest untouched.
 */
export async function replaceAssociationsFor(
  store: StoreContext,
  fromType: string,
  toType: string,
  fromIds: readonly string[],
  rows: readonly AssociationRow[],
): Promise<AssociationSummary> {
  const unique = checkRows(rows);
  const forward = isStoredDirection(fromType, toType);
  const [first, second] = forward ? [fromType, toType] : [toType, fromType];
  const scope = new Set(
    fromIds.map((id) => {
      const canonical = canonicalRecordId(id);
      if (canonical === undefined)
        throw new AssociationShapeError(`${fromType} id ${JSON.stringify(id)} is not a bigint`);
      return canonical;
    }),
  );
  for (const r of unique) {
    const owner = forward ? r.fromId : r.toId;
    if (r.fromType !== first || r.toType !== second || !scope.has(owner)) {
      throw new AssociationShapeError(
        `association ${r.fromType}:${r.fromId} -> ${r.toType}:${r.toId} is outside ${fromType} ${[...scope].slice(0, 3).join(',')}… -> ${toType}`,
      );
    }
  }
  if (!scope.size) return { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
  const table = sql.id(store.schema, 'associations');
  const ownerColumn = sql.id(forward ? 'from_id' : 'to_id');
  const { rows: result } = await sql<{ inserted: number; updated: number; deleted: number }>`
      with i as (${inputRows(unique)}),
      gone as (
        delete from ${table} a
        where a.from_type = ${first} and a.to_type = ${second} and a.${ownerColumn} = any(${[...scope]}::bigint[])
          and not exists (
            select 1 from i where i.from_id = a.from_id and i.to_id = a.to_id and i.type_id = a.type_id)
        returning 1
      ),
      w as (${upsertCte(table)})
      select (select count(*) filter (where inserted)::int from w) as inserted,
             (select count(*) filter (where not inserted)::int from w) as updated,
             (select count(*)::int from gone) as deleted
    `.execute(store.db);
  const { inserted, updated, deleted } = result[0] as {
    inserted: number;
    updated: number;
    deleted: number;
  };
  return { inserted, updated, deleted, unchanged: unique.length - inserted - updated };
}

export async function readAssociations(
  store: StoreContext,
  fromType: string,
  toType: string,
): Promise<AssociationRow[]> {
  const { rows } = await sql<AssociationRow>`
    select from_type as "fromType", from_id::text as "fromId", to_type as "toType", to_id::text as "toId",
           type_id as "typeId", category, label
    from ${sql.id(store.schema, 'associations')}
    where from_type = ${fromType} and to_type = ${toType}
    order by from_id, to_id, type_id`.execute(store.db);
  return rows;
}
