/**
 * Upsert throughput: 200-record pages with 50 property columns, written through the store's
 * pipeline (cast, one statement, rejects, commit) with each way of shipping rows to Postgres,
 * against the naive baseline of one INSERT … ON CONFLICT per row. Three workloads: fresh
 * inserts (backfill), re-delivered pages (nothing to write) and pages where every row changed.
 *
 * Needs Postgres: BENCH_DATABASE_URL, DATABASE_URL or TEST_DATABASE_URL (a scratch database is
 * created and dropped). Figures are rows per second, median of the rounds.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DesiredProperty } from '../../src/schema/catalog.js';
import type { BenchSuite } from './index.js';
import { planSchema } from '../../src/schema/plan.js';
import { applyDdlPlan } from '../../src/store/apply-plan.js';
import { readCatalog } from '../../src/store/catalog.js';
import { openStore, type Store, type StoreContext } from '../../src/store/connection.js';
import { ddlLockKey } from '../../src/store/locks.js';
import { migrate } from '../../src/store/migrate.js';
import { notificationsSwitch, setNotifications } from '../../src/store/notify.js';
import { prepareBatch, type PreparedBatch } from '../../src/store/record-batch.js';
import { readColumnMapping, upsertRecords, type HubSpotRecord } from '../../src/store/records.js';
import { syncRejects } from '../../src/store/rejects.js';
import { withTransaction } from '../../src/store/transaction.js';
import {
  inputAliases,
  unnestInput,
  upsertStatement,
  type InputSource,
} from '../../src/store/upsert-sql.js';
import { withScratchDatabase } from '../lib/database.js';

const PAGE = 200;
const PAGES = 10;
const ROUNDS = 3;

/** 50 properties: 20 text, 10 number, 5 bool, 5 datetime, 5 date, 3 multi-select, 2 json. */
const PROPERTIES: DesiredProperty[] = [
  ...range(20).map((i) => ({ name: `text_${i}`, type: 'string', fieldType: 'text' })),
  ...range(10).map((i) => ({ name: `number_${i}`, type: 'number', fieldType: 'number' })),
  ...range(5).map((i) => ({ name: `bool_${i}`, type: 'bool', fieldType: 'booleancheckbox' })),
  ...range(5).map((i) => ({ name: `datetime_${i}`, type: 'datetime', fieldType: 'date' })),
  ...range(5).map((i) => ({ name: `date_${i}`, type: 'date', fieldType: 'date' })),
  ...range(3).map((i) => ({ name: `multi_${i}`, type: 'enumeration', fieldType: 'checkbox' })),
  ...range(2).map((i) => ({ name: `json_${i}`, type: 'json', fieldType: 'text' })),
];

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function valueFor(p: DesiredProperty, id: number, version: number): string {
  const k = (id * 31 + version * 7) % 997;
  switch (p.type) {
    case 'number':
      return `${k}.${version}5`;
    case 'bool':
      return k % 2 ? 'true' : 'false';
    case 'datetime':
      return new Date(Date.UTC(2024, 0, 1) + k * 3_600_000 + version).toISOString();
    case 'date':
      return `2024-0${1 + (k % 9)}-1${k % 10}`;
    case 'enumeration':
      return `opt_${k % 5};opt_${(k + version) % 7}`;
    case 'json':
      return JSON.stringify({ k, version, tags: ['a', 'b'] });
    default:
      return `value ${k} of ${p.name} v${version} — some text of a typical length`;
  }
}

function pagesFor(version: number): HubSpotRecord[][] {
  const updatedAt = new Date(Date.UTC(2024, 2, 1) + version * 60_000).toISOString();
  return range(PAGES).map((page) =>
    range(PAGE).map((i) => {
      const id = page * PAGE + i + 1;
      return {
        id: String(id),
        createdAt: '2024-01-01T00:00:00.000Z',
        updatedAt,
        properties: Object.fromEntries(PROPERTIES.map((p) => [p.name, valueFor(p, id, version)])),
      };
    }),
  );
}

/** PARAM types for the alternatives that spell out casts per value. */
const SCALAR: Record<string, string> = {
  numeric: 'numeric',
  boolean: 'boolean',
  date: 'date',
  timestamptz: 'timestamptz',
  'text[]': 'text',
  jsonb: 'jsonb',
  text: 'text',
};

const valuesInput: InputSource = (batch) => {
  const rows = batch.ids.map(
    (id, r) =>
      sql`(${sql.join([
        sql`${id}::bigint`,
        sql`${batch.createdAt[r]}::timestamptz`,
        sql`${batch.updatedAt[r]}::timestamptz`,
        ...batch.columns.map((c) => sql`${c.values[r]}::${sql.raw(SCALAR[c.pgType] as string)}`),
      ])})`,
  );
  return sql`select * from (values ${sql.join(rows)}) as u(${sql.join(inputAliases(batch).map((a) => sql.id(a)))})`;
};

const recordsetInput: InputSource = (batch) => {
  const objects = batch.ids.map((id, r) => {
    const o: Record<string, unknown> = {
      id,
      created_at: batch.createdAt[r],
      updated_at: batch.updatedAt[r],
    };
    batch.columns.forEach((c, i) => {
      o[`v${i}`] =
        c.pgType === 'jsonb' && c.values[r] !== null
          ? JSON.parse(c.values[r] as string)
          : c.values[r];
    });
    return o;
  });
  const definitions = [
    sql`id bigint`,
    sql`created_at timestamptz`,
    sql`updated_at timestamptz`,
    ...batch.columns.map((c, i) => sql`${sql.id(`v${i}`)} ${sql.raw(SCALAR[c.pgType] as string)}`),
  ];
  return sql`select * from jsonb_to_recordset(${JSON.stringify(objects)}::jsonb) as u(${sql.join(definitions)})`;
};

type Writer = (store: Store, table: string, page: HubSpotRecord[]) => Promise<void>;

/** The store's pipeline with another input source: the only difference between methods. */
function pipelineWith(
  input: InputSource,
  stage?: (tx: StoreContext, batch: PreparedBatch) => Promise<InputSource>,
): Writer {
  return async (store, table, page) => {
    await withTransaction(store, async (tx) => {
      await sql`select pg_advisory_xact_lock_shared(${ddlLockKey(tx.schema)}::bigint),
        ${notificationsSwitch(false)}`.execute(tx.db);
      const batch = prepareBatch(page, await readColumnMapping(tx, table));
      const source = stage ? await stage(tx, batch) : input;
      const { rows } = await upsertStatement(tx, table, batch, source).execute(tx.db);
      const stale = new Set(rows[0]?.stale ?? []);
      await syncRejects(
        tx,
        table,
        { ids: batch.ids.filter((id) => !stale.has(id)), properties: batch.properties },
        batch.rejects,
      );
    });
  };
}

/** Staging: fill a temp table (from arrays, as COPY needs pg-copy-streams), then INSERT … SELECT. */
const stagingWriter = pipelineWith(unnestInput, async (tx, batch) => {
  await sql`create temp table if not exists bench_stage as ${unnestInput(batch)} limit 0`.execute(
    tx.db,
  );
  await sql`truncate bench_stage`.execute(tx.db);
  await sql`insert into bench_stage ${unnestInput(batch)}`.execute(tx.db);
  return () => sql`select * from bench_stage` as RawBuilder<unknown>;
});

/** Baseline: one INSERT … ON CONFLICT per row, same rules (newer and different only). */
const naiveWriter: Writer = async (store, table, page) => {
  await withTransaction(store, async (tx) => {
    await setNotifications(tx, false);
    const batch = prepareBatch(page, await readColumnMapping(tx, table));
    const target = sql.id(tx.schema, table);
    const columns = batch.columns.map((c) => sql.id(c.column));
    for (let r = 0; r < batch.ids.length; r += 1) {
      const values = batch.columns.map((c) => sql`${c.values[r]}::${sql.raw(c.pgType)}`);
      await sql`insert into ${target} as t (id, _created_at, _updated_at, _synced_at, ${sql.join(columns)})
        values (${batch.ids[r]}, ${batch.createdAt[r]}::timestamptz, ${batch.updatedAt[r]}::timestamptz, now(), ${sql.join(values)})
        on conflict (id) do update set _updated_at = excluded._updated_at, _synced_at = excluded._synced_at,
          ${sql.join(columns.map((c) => sql`${c} = excluded.${c}`))}
        where t._updated_at <= excluded._updated_at
          and row(${sql.join(columns.map((c) => sql`t.${c}`))}) is distinct from row(${sql.join(columns.map((c) => sql`excluded.${c}`))})`.execute(
        tx.db,
      );
    }
  });
};

const METHODS: Record<string, Writer> = {
  naive_per_row: naiveWriter,
  unnest_arrays: (store, table, page) =>
    upsertRecords(store, table, page, { notify: false }).then(() => undefined),
  multi_row_values: pipelineWith(valuesInput),
  jsonb_to_recordset: pipelineWith(recordsetInput),
  temp_table_staging: stagingWriter,
};

async function timeRows(
  write: Writer,
  store: Store,
  table: string,
  pages: HubSpotRecord[][],
): Promise<number> {
  const started = process.hrtime.bigint();
  for (const page of pages) await write(store, table, page);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return Math.round((pages.length * PAGE) / seconds);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function run(): Promise<Record<string, unknown>> {
  return withScratchDatabase(async (url) => {
    const store = openStore({ databaseUrl: url, schema: 'bench', max: 2 });
    try {
      await migrate(store);
      const tables = Object.keys(METHODS);
      const objects = tables.map((table, i) => ({
        tableName: table,
        objectTypeId: `2-${i + 1}`,
        createdProperty: 'hs_createdate',
        modifiedProperty: 'hs_lastmodifieddate',
        properties: PROPERTIES,
      }));
      await applyDdlPlan(
        store,
        planSchema(await readCatalog(store), { objects }, { columnBudget: 100 }),
      );
      const figures: Record<string, Record<string, number[]>> = {
        insert: {},
        unchanged: {},
        update: {},
      };
      for (let round = 0; round < ROUNDS; round += 1) {
        const order = round % 2 ? [...tables].reverse() : tables;
        for (const table of order) {
          const write = METHODS[table] as Writer;
          await sql`truncate ${sql.id('bench', table)}`.execute(store.db);
          const v1 = pagesFor(round * 2 + 1);
          const v2 = pagesFor(round * 2 + 2);
          (figures.insert![table] ??= []).push(await timeRows(write, store, table, v1));
          (figures.unchanged![table] ??= []).push(await timeRows(write, store, table, v1));
          (figures.update![table] ??= []).push(await timeRows(write, store, table, v2));
        }
      }
      const rowsPerSecond = Object.fromEntries(
        Object.entries(figures).map(([workload, byMethod]) => [
          workload,
          Object.fromEntries(Object.entries(byMethod).map(([m, xs]) => [m, median(xs)])),
        ]),
      );
      const speedup = Object.fromEntries(
        Object.entries(rowsPerSecond).map(([workload, byMethod]) => [
          workload,
          Math.round(
            ((byMethod.unnest_arrays as number) / (byMethod.naive_per_row as number)) * 10,
          ) / 10,
        ]),
      );
      return {
        page: PAGE,
        columns: PROPERTIES.length,
        rowsPerWorkload: PAGE * PAGES,
        rounds: ROUNDS,
        chosen: 'unnest_arrays',
        rowsPerSecond,
        speedupOverNaive: speedup,
      };
    } finally {
      await store.close();
    }
  });
}

export const name = 'upsert';
export { run };
/** Not registered in bench/suites/index.ts: the integrator adds it there. */
export const upsertSuite: BenchSuite = { name, run };
export default upsertSuite;
