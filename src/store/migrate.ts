/**
 * `migrate`: creates the schema, the replicator's own tables and the notify function.
 * Idempotent, and safe when several processes start at once: everything runs in one
 * transaction behind an advisory lock, so the second process finds the work done.
 */
import { sql } from 'kysely';
import type { StoreContext } from './connection.js';
import { migrateLockKey, lockExclusive } from './locks.js';
import { MIGRATIONS } from './migration-list.js';
import { installNotifyFunction, upgradeNotifyTriggers } from './notify.js';
import { withTransaction } from './transaction.js';

export interface MigrateResult {
  /** Versions applied by this call (empty when the schema was up to date). */
  applied: number[];
  version: number;
}

export async function migrate(store: StoreContext): Promise<MigrateResult> {
  return withTransaction(store, async (tx) => {
    await lockExclusive(tx, migrateLockKey(tx.schema));
    await sql`create schema if not exists ${sql.id(tx.schema)}`.execute(tx.db);
    const table = sql.id(tx.schema, '_migrations');
    await sql`create table if not exists ${table} (
      version int primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`.execute(tx.db);
    const { rows } = await sql<{ version: number }>`select version from ${table}`.execute(tx.db);
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements(tx.schema)) await statement.execute(tx.db);
      await sql`insert into ${table} (version, name) values (${migration.version}, ${migration.name})`.execute(
        tx.db,
      );
      applied.push(migration.version);
    }
    // Always re-installed, so a changed sql/notify.sql reaches existing schemas.
    await installNotifyFunction(tx);
    await upgradeNotifyTriggers(tx);
    return { applied, version: Math.max(0, ...MIGRATIONS.map((m) => m.version)) };
  });
}
