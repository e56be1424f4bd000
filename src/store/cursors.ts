/**
 * Stage cursors in `_cursors`. Save a cursor in the transaction that stored the data it covers
 * (withTransaction, or upsertRecords' `cursor` option), so a crash loses or repeats nothing.
 */
import { sql } from 'kysely';
import type { StoreContext } from './connection.js';

export interface CursorRow {
  objectType: string;
  stage: string;
  value: unknown;
  updatedAt: Date;
}

export async function readCursor<T = unknown>(
  store: StoreContext,
  objectType: string,
  stage: string,
): Promise<T | undefined> {
  const { rows } = await sql<{ value: T }>`
    select value from ${sql.id(store.schema, '_cursors')}
    where object_type = ${objectType} and stage = ${stage}`.execute(store.db);
  return rows[0]?.value;
}

export async function saveCursor(
  store: StoreContext,
  objectType: string,
  stage: string,
  value: unknown,
): Promise<void> {
  if (value === undefined) throw new TypeError(`cursor ${objectType}/${stage}: value is undefined`);
  await sql`
    insert into ${sql.id(store.schema, '_cursors')} as c (object_type, stage, value, updated_at)
    values (${objectType}, ${stage}, ${JSON.stringify(value)}::jsonb, now())
    on conflict (object_type, stage) do update set value = excluded.value, updated_at = now()
  `.execute(store.db);
}

export async function deleteCursor(
  store: StoreContext,
  objectType: string,
  stage: string,
): Promise<void> {
  await sql`delete from ${sql.id(store.schema, '_cursors')}
    where object_type = ${objectType} and stage = ${stage}`.execute(store.db);
}

export async function readCursors(store: StoreContext, objectType?: string): Promise<CursorRow[]> {
  const { rows } = await sql<CursorRow>`
    select object_type as "objectType", stage, value, updated_at as "updatedAt"
    from ${sql.id(store.schema, '_cursors')}
    where ${objectType ?? null}::text is null or object_type = ${objectType ?? null}
    order by object_type, stage`.execute(store.db);
  return rows;
}
