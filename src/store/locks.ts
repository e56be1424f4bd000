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

/** One job of one mirror schema: a live stage on an object, or an object's backfill. */
export const jobLockKey = (schema: string, stage: string, object: string): string =>
  lockKey('job', schema, stage, object);

/**
 * The connection session-level locks live on: a single pg.Client of its own, never a pool
 * member, because a session lock belongs to the connection and a pool would swap it silently.
 */
export interface LockConnection {
  query<R extends Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: R[] }>;
}

/** Takes a session-level lock if nobody holds it; never waits. */
export async function tryLockSession(conn: LockConnection, key: string): Promise<boolean> {
  const { rows } = await conn.query<{ ok: boolean }>(
    'select pg_try_advisory_lock($1::bigint) as ok',
    [key],
  );
  return rows[0]?.ok === true;
}

export async function unlockSession(conn: LockConnection, key: string): Promise<boolean> {
  const { rows } = await conn.query<{ ok: boolean }>(
    'select pg_advisory_unlock($1::bigint) as ok',
    [key],
  );
  return rows[0]?.ok === true;
}

export async function unlockAllSession(conn: LockConnection): Promise<void> {
  await conn.query('select pg_advisory_unlock_all()');
}

/** A round trip on the lock connection: while it answers, its session (and locks) are alive. */
export async function pingLockConnection(conn: LockConnection): Promise<void> {
  await conn.query('select 1');
}
