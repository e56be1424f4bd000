/**
 * Advisory locks, so only one process does a given job per schema. Keys are derived from names
 * (md5 → 64-bit), so every process computes the same key without a registry.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { StoreContext } from './connection.js';

export function lockKey(...parts: string[]): string {
  const digest = createHash('md5')
    .update(`hubspot-replicator:${parts.join(':')}`)
    .digest();
  return digest.readBigInt64BE(0).toString();
}

/** Serialises migrations of one schema. */
export const migrateLockKey = (schema: string): string => lockKey('migrate', schema);
/** DDL takes it exclusively; writers take it shared, so they never write with a stale mapping. */
export const ddlLockKey = (schema: string): string => lockKey('ddl', schema);

/** Waits for an exclusive transaction-scoped lock (released at commit or rollback). */
export async function lockExclusive(tx: StoreContext, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${key}::bigint)`.execute(tx.db);
}
