import { sql } from 'kysely';
import { assertTableName } from '../schema/identifiers.js';
import type { StoreContext } from './connection.js';

/** The next `limit` record ids of a table after `afterId`, ascending, as strings. */
export async function readIdsAfter(
  store: StoreContext,
  objectType: string,
  afterId: string,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select t.id::text as id from ${sql.id(store.schema, assertTableName(objectType))} t
    where t.id > ${afterId}::bigint order by t.id limit ${limit}`.execute(store.db);
  return rows.map((r) => r.id);
}

/** Exact row count of one object table. */
export async function countRecords(store: StoreContext, objectType: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from ${sql.id(store.schema, assertTableName(objectType))}`.execute(
    store.db,
  );
  return Number(rows[0]?.n ?? 0);
}
