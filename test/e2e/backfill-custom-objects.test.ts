/**
 * The real CLI backfills a portal with generated custom objects (`customObjects: 3`, as
 * `replicator sandbox --custom-objects 3` serves) into Postgres: every generated type gets its
 * table, and the mirror, associations included, equals the sandbox's ground truth.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { DEFAULT_SANDBOX_TABLES, diffMirror } from '../helpers/mirror.js';

const DEFAULT_OBJECTS = DEFAULT_SANDBOX_TABLES;
const TOKEN = 'pat-e2e-custom-objects';
const SCHEMA = 'mirror_custom';

let db: TestDatabase;
let sandbox: Sandbox;
let sql: pg.Client;
let generated: string[];

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startSandbox({
    port: 0,
    seed: 23,
    token: TOKEN,
    customObjects: 3,
    customObjectRecords: 80,
    portal: { archivedRate: 0.05 },
  });
  generated = sandbox.control
    .objectTypes()
    .filter((def) => def.custom && def.name !== 'car')
    .map((def) => def.name);
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
});

afterAll(async () => {
  await sql?.end();
  await sandbox?.close();
  await db?.drop();
});

describe('backfill of a portal with generated custom objects', () => {
  it('exits 0 and mirrors every generated type, associations included, equal to the portal', async () => {
    expect(generated).toHaveLength(3);
    const result = await runCli(['backfill'], {
      DATABASE_URL: db.url,
      HUBSPOT_BASE_URL: sandbox.url,
      HUBSPOT_ACCESS_TOKEN: TOKEN,
      HUBSPOT_PACING: 'off',
      REPLICATOR_SCHEMA: SCHEMA,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/backfill complete/);

    const { rows: tables } = await sql.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = $1 and table_name !~ '^_'`,
      [SCHEMA],
    );
    const names = tables.map((r) => r.table_name);
    for (const name of generated) expect(names).toContain(name);

    const objects = [...DEFAULT_OBJECTS, ...generated];
    expect(await diffMirror(db.url, SCHEMA, sandbox.control, objects)).toEqual([]);

    // Each generated type's associations reached Postgres, with their labels where it has some.
    const { rows } = await sql.query<{ from_type: string; to_type: string; n: number }>(
      `select from_type, to_type, count(*)::int as n from "${SCHEMA}".associations group by 1, 2`,
    );
    for (const name of generated) {
      const partners = sandbox.control.associatedTypes!(name).filter((p) => objects.includes(p));
      expect(partners.length).toBeGreaterThan(0);
      for (const partner of partners) {
        const [from, to] = [name, partner].sort() as [string, string];
        const expected = [...sandbox.control.truthAssociations(from, to)].length;
        const stored = rows.find((r) => r.from_type === from && r.to_type === to)?.n ?? 0;
        expect(stored, `${from} -> ${to}`).toBe(expected);
      }
    }
  });
});
