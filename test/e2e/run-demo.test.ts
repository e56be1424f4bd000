/**
 * `replicator demo`: with no DATABASE_URL it serves the mirror from an embedded real Postgres
 * that pg clients (psql included) can query and LISTEN on, each in its own session (a
 * transaction left open does not stall the replicator, advisory locks exclude); with
 * DATABASE_URL it uses that database. Either way the background writer's changes arrive and
 * Ctrl-C stops it cleanly.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { childTracker, waitFor } from '../integration/daemon/helpers.js';

const DEFAULT_OBJECTS = 8; // car, companies, contacts, deals, line_items, products, quotes, tickets

const children = childTracker();
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await children.killAll();
  await db?.drop();
});

function startDemo(env: Record<string, string>) {
  const demo = children.track(
    startCli(['demo', '--pg-port', '0', '--scale', '0.3', '--write-every', '1s'], env),
  );
  let stdout = '';
  demo.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  return { ...demo, stdout: () => stdout };
}

const match = (text: string, pattern: RegExp): string | undefined => pattern.exec(text)?.[1];

describe('replicator demo', () => {
  it('serves a queryable mirror from an embedded Postgres, with LISTEN and sessions of its own, and stops on Ctrl-C', async () => {
    const demo = startDemo({});
    await waitFor(
      'every object to be backfilled',
      () => (demo.stdout().match(/^ {2}backfilled /gm) ?? []).length === DEFAULT_OBJECTS,
      120_000,
    );
    const out = demo.stdout();
    const url = match(out, /Postgres\s+(postgres:\/\/\S+)\s+\(embedded Postgres/);
    const sandboxUrl = match(out, /sandbox portal\s+(http:\/\/\S+)/);
    expect(url).toBeDefined();
    expect(out).toContain(`psql "${url}"`);
    expect(out).toContain('listen hubspot_changes;');

    const reader = new pg.Client({ connectionString: url });
    const listener = new pg.Client({ connectionString: url });
    const holder = new pg.Client({ connectionString: url });
    await reader.connect();
    await listener.connect();
    await holder.connect();
    try {
      const health = (await (await fetch(`${sandboxUrl}/_sandbox/health`)).json()) as {
        objects: Record<string, number>;
      };
      // The writer never creates or removes companies, so their count is settled.
      const { rows } = await reader.query<{ n: string }>(
        'select count(*) as n from hubspot.companies',
      );
      expect(Number(rows[0]!.n)).toBe(health.objects.companies);
      const joined = await reader.query<{ n: string }>(
        `select count(*) as n from hubspot.associations a
         join hubspot.companies c on a.from_type = 'companies' and a.from_id = c.id
         where a.to_type = 'contacts' and a.category = $1`,
        ['HUBSPOT_DEFINED'],
      );
      expect(Number(joined.rows[0]!.n)).toBeGreaterThan(0);

      // A session of the test's keeps a transaction open and an advisory lock held while the
      // replicator goes on writing (PGlite's one shared session stalled here); another session
      // sees the lock as held, and the replicator's own leadership locks too.
      await holder.query('begin');
      await holder.query('select count(*) from hubspot.companies');
      await holder.query('select pg_advisory_lock(4242)');
      const tryLock = async (key: string) =>
        (
          await reader.query<{ ok: boolean }>('select pg_try_advisory_lock($1::bigint) as ok', [
            key,
          ])
        ).rows[0]!.ok;
      expect(await tryLock('4242')).toBe(false);
      const { rows: replicatorLocks } = await reader.query<{ key: string }>(
        `select ((l.classid::bigint << 32) | l.objid::bigint)::text as key
         from pg_locks l join pg_stat_activity a on a.pid = l.pid
         where l.locktype = 'advisory' and l.granted and a.application_name = 'hubspot-replicator:locks'`,
      );
      expect(replicatorLocks.length).toBeGreaterThan(0);
      for (const { key } of replicatorLocks) expect(await tryLock(key)).toBe(false);

      // A LISTEN on its own connection hears the replicator's changes.
      const heard: Array<{ table: string; op: string; id: string }> = [];
      listener.on('notification', (n) => heard.push(JSON.parse(n.payload ?? '{}')));
      await listener.query('listen hubspot_changes');
      const createdAfter = demo.stdout().length;
      await waitFor(
        'a change notification on the listening connection',
        () => heard.some((p) => ['insert', 'update', 'delete'].includes(p.op)),
        30_000,
      );
      let created: string | undefined;
      await waitFor(
        'the writer to create a contact',
        () =>
          (created = match(demo.stdout().slice(createdAfter), /sandbox: create contacts (\d+)/)) !==
          undefined,
        30_000,
      );
      await waitFor(
        'the created contact to reach the mirror',
        async () =>
          (await reader.query('select 1 from hubspot.contacts where id = $1', [created])).rows
            .length === 1,
        30_000,
      );
      await waitFor('its insert notification', () =>
        heard.some((p) => p.table === 'contacts' && p.op === 'insert' && p.id === created),
      );
      await holder.query('commit');
      await holder.query('select pg_advisory_unlock(4242)');
      expect(await tryLock('4242')).toBe(true);
      // Every live stage has run on the embedded database, without an error.
      const stages = async () =>
        (
          await reader.query<{ stage: string; runs: string; errors: string; last_error: string }>(
            `select stage, sum(runs) as runs, sum(errors) as errors, max(last_error) as last_error
             from hubspot._stage_runs group by stage order by stage`,
          )
        ).rows;
      await waitFor(
        'every live stage to have run',
        async () => (await stages()).filter((r) => Number(r.runs) > 0).length === 6,
        30_000,
      );
      expect((await stages()).map((r) => [r.stage, r.errors, r.last_error])).toEqual(
        ['api', 'associations', 'deletes', 'poller', 'schema', 'straggler'].map((s) => [
          s,
          '0',
          null,
        ]),
      );
    } finally {
      await reader.end();
      await listener.end();
      await holder.end();
    }

    const signalled = Date.now();
    demo.child.kill('SIGINT');
    const result = await demo.done;
    expect(result.code, result.stderr).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(demo.stdout()).toContain('demo stopped');
    // Nothing listens there any more.
    await expect(new pg.Client({ connectionString: url }).connect()).rejects.toThrow();
  });

  it('uses DATABASE_URL when it is set', async () => {
    const demo = startDemo({ DATABASE_URL: db.url, REPLICATOR_SCHEMA: 'demo' });
    await waitFor(
      'every object to be backfilled',
      () => (demo.stdout().match(/^ {2}backfilled /gm) ?? []).length === DEFAULT_OBJECTS,
      90_000,
    );
    expect(demo.stdout()).not.toContain('embedded Postgres');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('select count(*) as n from demo.contacts');
      expect(Number(rows[0]!.n)).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
    demo.child.kill('SIGTERM');
    const result = await demo.done;
    expect(result.code, result.stderr).toBe(0);
  });
});
