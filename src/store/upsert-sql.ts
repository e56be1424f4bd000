/**
 * The one statement that writes a prepared page: rows come in as one array parameter per column
 * (unnest — the fastest of the methods measured in bench/suites/upsert.ts), and
 * INSERT … ON CONFLICT writes a row only when the incoming copy is at least as new and differs,
 * so an unchanged row fires no trigger and sends no notification. A tombstone newer than the
 * record blocks it; an older one is removed by the write (the record came back).
 */
import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import type { PgType } from '../schema/types.js';
import { arrayParam } from './pg-values.js';
import type { StoreContext } from './connection.js';
import type { PreparedBatch } from './record-batch.js';

/** Array parameter type per column type; text[] values travel as array literals in text[]. */
const PARAM_TYPE: Record<PgType, string> = {
  numeric: 'numeric[]',
  boolean: 'boolean[]',
  date: 'date[]',
  timestamptz: 'timestamptz[]',
  'text[]': 'text[]',
  jsonb: 'jsonb[]',
  text: 'text[]',
};

/**
 * A SELECT yielding `id, created_at, updated_at, v0 … vN[, extra]` for the batch. Swappable so
 * the benchmark can compare ways of shipping rows; upsertRecords uses unnestInput.
 */
export type InputSource = (batch: PreparedBatch) => RawBuilder<unknown>;

export const inputAliases = (batch: PreparedBatch): string[] => [
  'id',
  'created_at',
  'updated_at',
  ...batch.columns.map((_, i) => `v${i}`),
  ...(batch.extra ? ['extra'] : []),
];

/** unnestInput's parameters, in its order: one array literal per input column. */
function unnestArrays(batch: PreparedBatch): string[] {
  return [
    arrayParam(batch.ids),
    arrayParam(batch.createdAt),
    arrayParam(batch.updatedAt),
    ...batch.columns.map((c) => arrayParam(c.values)),
    ...(batch.extra ? [arrayParam(batch.extra.values)] : []),
  ];
}

const unnestTypes = (batch: PreparedBatch): string[] => [
  'bigint[]',
  'timestamptz[]',
  'timestamptz[]',
  ...batch.columns.map((c) => PARAM_TYPE[c.pgType]),
  ...(batch.extra ? ['jsonb[]'] : []),
];

export const unnestInput: InputSource = (batch) => {
  const types = unnestTypes(batch);
  const arrays = unnestArrays(batch).map((a, i) => sql`${a}::${sql.raw(types[i] as string)}`);
  const aliases = inputAliases(batch).map((a) => sql.id(a));
  return sql`select * from unnest(${sql.join(arrays)}) as u(${sql.join(aliases)})`;
};

export interface UpsertRow {
  inserted: number;
  updated: number;
  restored: number;
  /** Ids not written because the stored row, or a tombstone, is newer. */
  stale: string[];
}

export function upsertStatement(
  ctx: StoreContext,
  objectType: string,
  batch: PreparedBatch,
  input: InputSource = unnestInput,
): RawBuilder<UpsertRow> {
  const table = sql.id(ctx.schema, objectType);
  const deleted = sql.id(ctx.schema, '_deleted');
  const targets = batch.columns.map((c) => sql.id(c.column));
  const values = batch.columns.map((c, i) =>
    c.pgType === 'text[]' ? sql`i.${sql.id(`v${i}`)}::text[]` : sql`i.${sql.id(`v${i}`)}`,
  );
  const extraKeys = batch.extra?.keys ?? [];
  // Replace the batch's own `_extra` keys, keep the others; no values at all is NULL.
  const mergedExtra = sql`nullif((coalesce(t._extra, '{}'::jsonb) - ${extraKeys}::text[]) || coalesce(excluded._extra, '{}'::jsonb), '{}'::jsonb)`;
  const insertColumns = [
    sql`id`,
    sql`_created_at`,
    sql`_updated_at`,
    sql`_synced_at`,
    ...targets,
    ...(batch.extra ? [sql`_extra`] : []),
  ];
  const selected = [
    sql`i.id`,
    sql`i.created_at`,
    sql`i.updated_at`,
    sql`now()`,
    ...values,
    ...(batch.extra ? [sql`i.extra`] : []),
  ];
  const assignments = [
    sql`_created_at = excluded._created_at`,
    sql`_updated_at = excluded._updated_at`,
    sql`_synced_at = excluded._synced_at`,
    ...targets.map((c) => sql`${c} = excluded.${c}`),
    ...(batch.extra ? [sql`_extra = ${mergedExtra}`] : []),
  ];
  const current = [sql`t._created_at`, sql`t._updated_at`, ...targets.map((c) => sql`t.${c}`)];
  const incoming = [
    sql`excluded._created_at`,
    sql`excluded._updated_at`,
    ...targets.map((c) => sql`excluded.${c}`),
  ];
  if (batch.extra) {
    current.push(sql`t._extra`);
    incoming.push(mergedExtra);
  }
  return sql<UpsertRow>`
    with i as (${input(batch)}),
    blocked as (
      select d.id from ${deleted} d join i on i.id = d.id
      where d.object_type = ${objectType} and d.deleted_at > i.updated_at
    ),
    prior as (select t.id, t._updated_at from ${table} t where t.id in (select id from i)),
    written as (
      insert into ${table} as t (${sql.join(insertColumns)})
      select ${sql.join(selected)} from i where i.id not in (select id from blocked) order by i.id
      on conflict (id) do update set ${sql.join(assignments)}
      where (t._updated_at is null or t._updated_at <= excluded._updated_at)
        and row(${sql.join(current)}) is distinct from row(${sql.join(incoming)})
      returning t.id
    ),
    restored as (
      delete from ${deleted} d using written w
      where d.object_type = ${objectType} and d.id = w.id
      returning d.id
    )
    select
      (select count(*)::int from written w where w.id not in (select id from prior)) as inserted,
      (select count(*)::int from written w where w.id in (select id from prior)) as updated,
      (select count(*)::int from restored) as restored,
      array(
        select p.id::text from prior p join i on i.id = p.id where p._updated_at > i.updated_at
        union select id::text from blocked
      ) as stale`;
}

/** Where each parameter of a shape's statement comes from: an input array, or a constant. */
interface StatementShape {
  sql: string;
  params: Array<{ array: number } | { value: unknown }>;
}

const shapes = new Map<string, StatementShape>();
const MAX_SHAPES = 100;

/**
 * upsertStatement over unnestInput, compiled once per shape of batch (schema, table, columns,
 * `_extra` keys) rather than once per page: building and compiling the query tree was about a
 * millisecond of every page's CPU. Only the array parameters change from page to page.
 */
export function compileUpsert(
  ctx: StoreContext,
  objectType: string,
  batch: PreparedBatch,
): CompiledQuery<UpsertRow> {
  const key = [
    ctx.schema,
    objectType,
    batch.extra?.keys.join('\u0001') ?? '',
    ...batch.columns.map((c) => `${c.column}\u0001${c.pgType}`),
  ].join('\u0000');
  let shape = shapes.get(key);
  if (!shape) {
    shape = probeShape(ctx, objectType, batch);
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(key, shape);
  }
  const arrays = unnestArrays(batch);
  return CompiledQuery.raw(
    shape.sql,
    shape.params.map((p) => ('array' in p ? arrays[p.array] : p.value)),
  ) as CompiledQuery<UpsertRow>;
}

/** Compiles a batch of the same shape whose arrays are markers, to learn where each one goes. */
function probeShape(ctx: StoreContext, objectType: string, batch: PreparedBatch): StatementShape {
  let n = 0;
  const marker = () => [`\u0000${n++}`];
  const probe: PreparedBatch = {
    ...batch,
    ids: marker(),
    createdAt: marker(),
    updatedAt: marker(),
    columns: batch.columns.map((c) => ({ ...c, values: marker() })),
    extra: batch.extra ? { keys: batch.extra.keys, values: marker() } : null,
  };
  const markers = new Map(unnestArrays(probe).map((text, i) => [text, i]));
  const compiled = upsertStatement(ctx, objectType, probe).compile(ctx.db);
  return {
    sql: compiled.sql,
    params: compiled.parameters.map((value) => {
      const array = typeof value === 'string' ? markers.get(value) : undefined;
      return array === undefined ? { value } : { array };
    }),
  };
}
