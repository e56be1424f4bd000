import { sql } from 'kysely';
import { assertTableName } from '../schema/identifiers.js';
import type { StoreContext } from './connection.js';

/** The next `limit` rows' ids and `_updated_at` (epoch ms) after `afterId`, in id order. */
export async function readUpdatedAtAfter(
  store: StoreContext,
  objectType: string,
  afterId: string,
  limit: number,
): Promise<Array<{ id: string; updatedAtMs: number | null }>> {
  const { rows } = await sql<{ id: string; ms: string | null }>`
    select t.id::text as id, (extract(epoch from t._updated_at) * 1000)::bigint::text as ms
    from ${sql.id(store.schema, assertTableName(objectType))} t
    where t.id > ${afterId}::bigint order by t.id limit ${limit}`.execute(store.db);
  return rows.map((r) => ({ id: r.id, updatedAtMs: r.ms === null ? null : Number(r.ms) }));
}
