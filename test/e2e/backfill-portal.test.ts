/**
 * The real CLI backfills a whole default portal (every object type, every property type, a custom
 * object, bad values, awkward property names) into a real Postgres, in both API path families,
 * and the mirror equals the sandbox's ground truth value by value.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { DEFAULT_SANDBOX_TABLES, diffMirror } from '../helpers/mirror.js';

const OBJECTS = DEFAULT_SANDBOX_TABLES;
const TOKEN = 'pat-e2e-portal-secret';

let db: TestDatabase;
let sandbox: Sandbox;
let sql: pg.Client;

const env = (schema: string, extra: Record<string, string> = {}) => ({
  DATABASE_URL: db.url,
  HUBSPOT_BASE_URL: sandbox.url,
  HUBSPOT_ACCESS_TOKEN: TOKEN,
  HUBSPOT_PACING: 'off',
  REPLICATOR_SCHEMA: schema,
  ...extra,
});

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startSandbox({
    port: 0,
    seed: 11,
    token: TOKEN,
    portal: { badValueRate: 0.05, archivedRate: 0.05 },
  });
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
});

afterAll(async () => {
  await sql?.end();
  await sandbox?.close();
  await db?.drop();
});

describe.each([
  ['2026-03', 'dated'],
  ['legacy', 'legacy'],
  ['2026-09', 'dated'],
] as const)('backfill with --api-version %s', (version, family) => {
  const schema = `mirror_${version.replace('-', '_')}`;

  it('exits 0 and leaves Postgres equal to the portal, without printing the token', async () => {
    sandbox.control.resetStats();
    const result = await runCli(['backfill'], env(schema, { HUBSPOT_API_VERSION: version }));
    expect(result.stderr + result.stdout).not.toContain(TOKEN);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/backfill complete/);
    const stats = sandbox.control.stats();
    expect(stats.byFamily[family]).toBeGreaterThan(0);
    expect(stats.byFamily[family === 'legacy' ? 'dated' : 'legacy']).toBe(0);
    expect(await diffMirror(db.url, schema, sandbox.control, OBJECTS)).toEqual([]);
  });
});

describe('the mirror of the default portal', () => {
  const schema = 'mirror_2026_03';

  it('has one table per object, named by the API name, the custom object by its schema name', async () => {
    const { rows } = await sql.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = $1 and table_name !~ '^_' order by 1`,
      [schema],
    );
    expect(rows.map((r) => r.table_name)).toEqual(['associations', ...OBJECTS].sort());
  });

  it('maps every property to a distinct column of at most 63 bytes, with the documented type map', async () => {
    const { rows } = await sql.query<{
      object_type: string;
      property: string;
      column_name: string;
      hubspot_type: string;
      field_type: string;
      pg_type: string;
    }>(
      `select object_type, property, column_name, hubspot_type, field_type, pg_type from "${schema}"._columns`,
    );
    const byObject = new Map<string, Set<string>>();
    for (const r of rows) {
      expect(Buffer.byteLength(r.column_name)).toBeLessThanOrEqual(63);
      expect(r.column_name).toMatch(/^[a-z][a-z0-9_]*$/);
      const seen = byObject.get(r.object_type) ?? new Set();
      expect(seen.has(r.column_name), `${r.object_type}.${r.column_name} twice`).toBe(false);
      seen.add(r.column_name);
      byObject.set(r.object_type, seen);
      const expected =
        r.hubspot_type === 'number'
          ? 'numeric'
          : r.hubspot_type === 'bool'
            ? 'boolean'
            : r.hubspot_type === 'date'
              ? 'date'
              : r.hubspot_type === 'datetime'
                ? 'timestamptz'
                : r.hubspot_type === 'enumeration' && r.field_type === 'checkbox'
                  ? 'text[]'
                  : r.hubspot_type === 'json'
                    ? 'jsonb'
                    : 'text';
      expect(r.pg_type, `${r.object_type}.${r.property}`).toBe(expected);
    }
    const contacts = rows.filter((r) => r.object_type === 'contacts');
    const hubspotTypes = new Set(contacts.map((r) => r.hubspot_type));
    for (const type of [
      'string',
      'number',
      'date',
      'datetime',
      'enumeration',
      'bool',
      'phone_number',
      'json',
    ]) {
      expect(hubspotTypes).toContain(type);
    }
    // The awkward names: over 63 bytes, uppercase and dashes, a leading digit, `id`.
    const long = contacts.filter((r) => Buffer.byteLength(r.property) > 63);
    expect(long.length).toBeGreaterThanOrEqual(2);
    for (const r of long) expect(r.column_name).toMatch(/^[a-z0-9_]{54}_[0-9a-f]{8}$/);
    expect(contacts.find((r) => r.property === 'id')?.column_name).toMatch(/^id_[0-9a-f]{8}$/);
    expect(contacts.find((r) => r.property === '2fa_enabled')?.column_name).toBe('p_2fa_enabled');
    expect(contacts.find((r) => r.property === 'Legacy-Score')?.column_name).toBe('legacy_score');
  });

  it('records every bad value in _rejects with its raw text, and stores NULL', async () => {
    const { rows } = await sql.query<{
      object_type: string;
      id: string;
      property: string;
      raw_value: string;
    }>(`select object_type, id::text, property, raw_value from "${schema}"._rejects`);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows.slice(0, 50)) {
      const record = [...sandbox.control.truthRecords(r.object_type)].find((x) => x.id === r.id);
      expect(record?.properties[r.property]).toBe(r.raw_value);
    }
  });

  it('stores associations once per pair, from the table name that sorts first, with labels', async () => {
    const { rows } = await sql.query<{ from_type: string; to_type: string; labels: number }>(
      `select from_type, to_type, count(label)::int as labels from "${schema}".associations group by 1, 2`,
    );
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) expect(r.from_type < r.to_type).toBe(true);
    expect(rows.some((r) => r.labels > 0)).toBe(true);
  });

  it('reports every object complete in `status --json`, with the right row counts', async () => {
    const result = await runCli(['status', '--json'], env(schema));
    expect(result.code, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout) as {
      objects: Array<{ objectType: string; backfillState: string; rows: number }>;
    };
    for (const object of OBJECTS) {
      const row = status.objects.find((o) => o.objectType === object);
      expect(row?.backfillState).toBe('complete');
      expect(row?.rows).toBe([...sandbox.control.truthRecords(object)].length);
    }
  });

  it('is a no-op when run again, and --restart rewrites no row', async () => {
    const before = await sql.query(`select id, xmin::text from "${schema}".contacts order by id`);
    sandbox.control.resetStats();
    const again = await runCli(['backfill'], env(schema));
    expect(again.code, again.stderr).toBe(0);
    expect(sandbox.control.stats().byRoute['objects.search'] ?? 0).toBe(0);
    const restart = await runCli(['backfill', '--restart'], env(schema));
    expect(restart.code, restart.stderr).toBe(0);
    expect(sandbox.control.stats().byRoute['objects.search']).toBeGreaterThan(0);
    const after = await sql.query(`select id, xmin::text from "${schema}".contacts order by id`);
    expect(after.rows).toEqual(before.rows);
  });

  it('prints the DDL plan for a fresh schema without applying it', async () => {
    const result = await runCli(
      ['introspect', '--plan', '--objects', 'contacts,car'],
      env('mirror_plan'),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/create table "mirror_plan"\."contacts"/);
    expect(result.stdout).toMatch(/create table "mirror_plan"\."car"/);
    const { rows } = await sql.query(
      `select 1 from information_schema.tables where table_schema = 'mirror_plan' and table_name = 'contacts'`,
    );
    expect(rows).toEqual([]);
  });
});

describe('the comparison itself', () => {
  it('notices a changed value, a lost row and a stray association', async () => {
    const schema = 'mirror_legacy';
    const [a, b] = (
      await sql.query<{ id: string }>(
        `select id::text from "${schema}".contacts order by id limit 2`,
      )
    ).rows;
    await sql.query(`update "${schema}".contacts set firstname = 'Tampered' where id = $1`, [
      a!.id,
    ]);
    await sql.query(`delete from "${schema}".contacts where id = $1`, [b!.id]);
    await sql.query(
      `insert into "${schema}".associations values ('companies', 1, 'contacts', 2, 280, 'HUBSPOT_DEFINED', null)`,
    );
    const diffs = await diffMirror(db.url, schema, sandbox.control, ['companies', 'contacts']);
    expect(diffs.map((d) => d.what).join('\n')).toMatch(/firstname: expected .*stored Tampered/);
    expect(diffs).toContainEqual({ object: 'contacts', id: b!.id, what: 'missing in Postgres' });
    expect(diffs.some((d) => /association 1>2#280: not in the portal/.test(d.what))).toBe(true);
  });
});

describe('bad input', () => {
  it('names the flag to fix in one line and exits 2', async () => {
    const result = await runCli(['backfill', '--api-version', '2020-01'], env('mirror_bad'));
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--api-version/);
  });

  it('rejects an unknown object type with the ones the portal has', async () => {
    const result = await runCli(['backfill', '--objects', 'contacts,unicorns'], env('mirror_bad'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown object type "unicorns".*contacts/);
  });

  it('fails clearly, without the token, when HubSpot refuses it', async () => {
    const result = await runCli(
      ['backfill'],
      env('mirror_bad', { HUBSPOT_ACCESS_TOKEN: 'pat-wrong-token' }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/401|INVALID_AUTHENTICATION/);
    expect(result.stderr).not.toContain('pat-wrong-token');
  });
});
