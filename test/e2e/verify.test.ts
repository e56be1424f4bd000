/**
 * `verify` finds a mirror that drifted from the portal (a lost row, a stale row, a row the
 * portal no longer has) and `verify --repair` puts it back, through the real CLI.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { diffMirror } from '../helpers/mirror.js';

let db: TestDatabase;
let sandbox: Sandbox;
let sql: pg.Client;
const env = () => ({
  DATABASE_URL: db.url,
  HUBSPOT_BASE_URL: sandbox.url,
  HUBSPOT_ACCESS_TOKEN: sandbox.token,
  HUBSPOT_PACING: 'off',
  REPLICATOR_OBJECTS: 'contacts,companies',
});

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startSandbox({ port: 0, seed: 41 });
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const backfill = await runCli(['backfill'], env());
  expect(backfill.code, backfill.stderr).toBe(0);
});
afterAll(async () => {
  await sql?.end();
  await sandbox?.close();
  await db?.drop();
});

it('reports no drift on an exact mirror', async () => {
  const result = await runCli(['verify', '--json'], env());
  expect(result.code, result.stderr).toBe(0);
  const reports = JSON.parse(result.stdout) as Array<{
    object: string;
    missing: number;
    extra: number;
    differs: number;
  }>;
  expect(reports.map((r) => [r.object, r.missing, r.extra, r.differs]).sort()).toEqual([
    ['companies', 0, 0, 0],
    ['contacts', 0, 0, 0],
  ]);
});

it('finds a lost row, a stale row and a row the portal lost, and --repair fixes them', async () => {
  const ids = (
    await sql.query<{ id: string }>('select id::text from hubspot.contacts order by id limit 3')
  ).rows.map((r) => r.id);
  const [lost, stale, gone] = ids as [string, string, string];
  await sql.query('delete from hubspot.contacts where id = $1', [lost]);
  await sql.query(
    `update hubspot.contacts set firstname = 'Old', _updated_at = _updated_at - interval '1 day' where id = $1`,
    [stale],
  );
  sandbox.control.purge('contacts', gone);

  const found = await runCli(['verify', '--json', '--objects', 'contacts'], env());
  expect(found.code).toBe(1);
  expect(found.stderr).toMatch(/drift in contacts; run with --repair/);
  const [report] = JSON.parse(found.stdout) as Array<{
    missing: number;
    extra: number;
    differs: number;
    samples: Record<string, string[]>;
  }>;
  expect(report).toMatchObject({ missing: 1, extra: 1, differs: 1 });
  expect(report!.samples).toEqual({ missing: [lost], extra: [gone], differs: [stale] });

  const repaired = await runCli(['verify', '--repair', '--objects', 'contacts'], env());
  expect(repaired.code, repaired.stderr).toBe(0);
  expect(repaired.stdout).toMatch(/repaired: 2 written, 1 deleted/);
  expect(
    await diffMirror(db.url, 'hubspot', sandbox.control, ['contacts'], { associations: false }),
  ).toEqual([]);
  const again = await runCli(['verify', '--objects', 'contacts'], env());
  expect(again.code, again.stderr).toBe(0);
});
