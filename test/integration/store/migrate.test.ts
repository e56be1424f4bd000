import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { openStore, pingStore } from '../../../src/store/connection.js';
import { StoreConnectionError } from '../../../src/store/errors.js';
import { migrate } from '../../../src/store/migrate.js';
import { MIGRATIONS } from '../../../src/store/migration-list.js';

const ALL_VERSIONS = MIGRATIONS.map((m) => m.version);
const LATEST = ALL_VERSIONS[ALL_VERSIONS.length - 1];

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

async function tablesOf(url: string, schema: string): Promise<string[]> {
  const store = openStore({ databaseUrl: url, schema, max: 1 });
  try {
    const { rows } = await sql<{ t: string }>`
      select table_name as t from information_schema.tables where table_schema = ${schema} order by 1`.execute(
      store.db,
    );
    return rows.map((r) => r.t);
  } finally {
    await store.close();
  }
}

describe('migrate', () => {
  it('creates the schema, its tables and the notify function, and is idempotent', async () => {
    const store = openStore({ databaseUrl: database.url, schema: 'first' });
    try {
      expect(await migrate(store)).toEqual({ applied: ALL_VERSIONS, version: LATEST });
      expect(await migrate(store)).toEqual({ applied: [], version: LATEST });
      expect(await tablesOf(database.url, 'first')).toEqual([
        '_api_usage',
        '_columns',
        '_cursors',
        '_deleted',
        '_migrations',
        '_objects',
        '_rejects',
        '_schema_changes',
        '_stage_runs',
        'associations',
      ]);
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'first' and p.proname = 'notify_change'`.execute(store.db);
      expect(Number(rows[0]?.n)).toBe(1);
      const { rows: index } = await sql<{ d: string }>`
        select indexdef as d from pg_indexes where schemaname = 'first' and tablename = 'associations'
        and indexname = 'associations_to_idx'`.execute(store.db);
      expect(index[0]?.d).toMatch(/\(to_type, to_id\)/);
    } finally {
      await store.close();
    }
  });

  it('gives a trigger made by an earlier version its WHEN clause, so a backfill skips the function', async () => {
    const store = openStore({ databaseUrl: database.url, schema: 'upgraded' });
    try {
      await migrate(store);
      await sql`create table upgraded.contacts (id bigint primary key)`.execute(store.db);
      await sql`create trigger notify_change after insert or update or delete on upgraded.contacts
        for each row execute function upgraded.notify_change()`.execute(store.db);
      const when = async () =>
        (
          await sql<{ qual: string | null }>`
            select pg_get_triggerdef(t.oid) ~ 'WHEN' as qual from pg_trigger t
            where t.tgrelid = 'upgraded.contacts'::regclass and t.tgname = 'notify_change'`.execute(
            store.db,
          )
        ).rows[0]?.qual;
      expect(await when()).toBe(false);
      await migrate(store);
      expect(await when()).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('is safe when several processes migrate the same schema at once', async () => {
    const stores = Array.from({ length: 6 }, () =>
      openStore({ databaseUrl: database.url, schema: 'racing', max: 1 }),
    );
    try {
      const results = await Promise.all(stores.map((s) => migrate(s)));
      expect(results.filter((r) => r.applied.length === ALL_VERSIONS.length)).toHaveLength(1);
      expect(results.filter((r) => r.applied.length === 0)).toHaveLength(5);
      expect(await tablesOf(database.url, 'racing')).toContain('_columns');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('keeps schemas apart, so portals can share a database', async () => {
    const other = openStore({ databaseUrl: database.url, schema: 'portal_2' });
    try {
      await migrate(other);
      expect(await tablesOf(database.url, 'portal_2')).toHaveLength(10);
    } finally {
      await other.close();
    }
  });

  it('reports an unreachable Postgres as a typed connection error', async () => {
    const url = new URL(database.url);
    url.port = '1';
    const store = openStore({ databaseUrl: url.toString(), schema: 'hubspot', max: 1 });
    try {
      await expect(pingStore(store)).rejects.toBeInstanceOf(StoreConnectionError);
      await expect(migrate(store)).rejects.toBeInstanceOf(StoreConnectionError);
    } finally {
      await store.close();
    }
  });

  it('survives a pool client losing its connection', async () => {
    const errors: unknown[] = [];
    const store = openStore({
      databaseUrl: database.url,
      schema: 'first',
      max: 1,
      onError: (e) => errors.push(e),
    });
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(store.db);
      const killer = openStore({ databaseUrl: database.url, schema: 'first', max: 1 });
      await sql`select pg_terminate_backend(${rows[0]?.pid})`.execute(killer.db);
      await killer.close();
      await new Promise((r) => setTimeout(r, 100));
      expect(errors[0]).toBeInstanceOf(StoreConnectionError);
      await pingStore(store);
    } finally {
      await store.close();
    }
  });
});
