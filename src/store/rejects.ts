/**
 * `_rejects`: one row per stored value that did not cast. The rows of a batch's records are
 * made to match the batch: new bad values saved, values that now cast cleared. A re-delivered
 * bad value changes nothing (its first seen_at stays).
 */
import { sql } from 'kysely';
import type { StoreContext } from './connection.js';
import type { PreparedReject } from './record-batch.js';

export interface RejectCounts {
  saved: number;
  cleared: number;
}

export async function syncRejects(
  tx: StoreContext,
  objectType: string,
  scope: { ids: string[]; properties: string[] },
  rejects: PreparedReject[],
): Promise<RejectCounts> {
  if (!scope.ids.length || (!scope.properties.length && !rejects.length))
    return { saved: 0, cleared: 0 };
  const table = sql.id(tx.schema, '_rejects');
  // `cleared` probes the index once per id, whatever the statistics say: as
  // `property = any(…)` the planner probed every (id, property) pair, and in the first minute of a
  // backfill, before `_rejects` is analyzed, any join to the ids was planned as a scan of all the
  // object's rejects, per page. OFFSET 0 keeps the lateral probe from being flattened into a join.
  const { rows } = await sql<RejectCounts>`
    with bad as (
      select * from unnest(
        ${rejects.map((r) => r.id)}::bigint[], ${rejects.map((r) => r.property)}::text[],
        ${rejects.map((r) => r.raw)}::text[], ${rejects.map((r) => r.error)}::text[]
      ) as b(id, property, raw_value, error)
    ),
    cleared as (
      delete from ${table} r
      where r.ctid = any(array(
        select k.ctid from unnest(${scope.ids}::bigint[]) as s(id)
        cross join lateral (
          select k.ctid, k.property from ${table} k
          where k.object_type = ${objectType} and k.id = s.id offset 0
        ) k
        where k.property = any(${scope.properties}::text[])
          and not exists (select 1 from bad b where b.id = s.id and b.property = k.property)))
      returning 1
    ),
    saved as (
      insert into ${table} as r (object_type, id, property, raw_value, error)
      select ${objectType}, id, property, raw_value, error from bad
      on conflict (object_type, id, property) do update
        set raw_value = excluded.raw_value, error = excluded.error, seen_at = now()
      where (r.raw_value, r.error) is distinct from (excluded.raw_value, excluded.error)
      returning 1
    )
    select (select count(*)::int from saved) as saved, (select count(*)::int from cleared) as cleared
  `.execute(tx.db);
  return rows[0] ?? { saved: 0, cleared: 0 };
}

export interface RejectRow {
  objectType: string;
  id: string;
  property: string;
  rawValue: string;
  error: string;
  seenAt: Date;
}

export async function readRejects(store: StoreContext, objectType?: string): Promise<RejectRow[]> {
  const { rows } = await sql<RejectRow>`
    select object_type as "objectType", id::text as id, property, raw_value as "rawValue", error,
           seen_at as "seenAt"
    from ${sql.id(store.schema, '_rejects')}
    where ${objectType ?? null}::text is null or object_type = ${objectType ?? null}
    order by object_type, id, property`.execute(store.db);
  return rows;
}
