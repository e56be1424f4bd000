/**
 * A property's type change (docs/POSTGRES.md, "Type changes"): the column keeps its name and
 * takes the new type; every stored value is re-cast from the text it had, by the same strict
 * rules as a fresh value, so the result equals a mirror built from scratch. A value that does
 * not cast becomes NULL plus a `_rejects` row holding that text; a reject whose raw value casts
 * under the new type is written into the column and cleared. Nothing is lost.
 */
import { sql, type RawBuilder } from 'kysely';
import { castValue } from '../schema/cast.js';
import { EXTRA_COLUMN } from '../schema/catalog.js';
import type { PgType } from '../schema/types.js';
import type { StoreContext } from './connection.js';
import { textFromJsonFragment, toJsonFragment, toPgParam } from './pg-values.js';

const PAGE = 5000;

export interface RecastStep {
  objectType: string;
  property: string;
  columnName: string;
  fromPgType: PgType;
  pgType: PgType;
}

export interface RecastCounts {
  converted: number;
  rejected: number;
  recovered: number;
}

/** The text a stored value had, in the form HubSpot sends (ISO datetimes, `a;b` lists). */
function storedText(type: PgType, column: RawBuilder<unknown>): RawBuilder<unknown> {
  switch (type) {
    case 'date':
      return sql`to_char(${column}, 'YYYY-MM-DD')`;
    case 'timestamptz':
      return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    case 'text[]':
      return sql`array_to_string(${column}, ';')`;
    default:
      return sql`${column}::text`;
  }
}

interface Converted {
  ids: string[];
  values: Array<string | null>;
  rejects: Array<{ id: string; raw: string; error: string }>;
  cleared: string[];
}

/** Casts raw texts by the new type into column text (or `_extra` JSON) values. */
function convert(step: RecastStep, raws: Array<{ id: string; raw: string }>): Converted {
  const out: Converted = { ids: [], values: [], rejects: [], cleared: [] };
  for (const { id, raw } of raws) {
    const cast = castValue(step.pgType, raw);
    out.ids.push(id);
    if (!cast.ok) {
      out.values.push(null);
      out.rejects.push({
        id,
        raw,
        error: `${cast.error} (after type change ${step.fromPgType} -> ${step.pgType})`,
      });
    } else if (cast.value === null) out.values.push(null);
    else if (step.columnName === EXTRA_COLUMN)
      out.values.push(toJsonFragment(step.pgType, cast.value));
    else out.values.push(String(toPgParam(cast.value)));
    if (cast.ok) out.cleared.push(id);
  }
  return out;
}

export async function recastProperty(tx: StoreContext, step: RecastStep): Promise<RecastCounts> {
  const table = sql.id(tx.schema, step.objectType);
  const inExtra = step.columnName === EXTRA_COLUMN;
  const column = sql.id(step.columnName);
  const staging = sql.id('pg_temp', '_recast');
  await sql`drop table if exists ${staging}`.execute(tx.db);
  await sql`create temp table _recast (id bigint primary key, raw text not null)`.execute(tx.db);
  if (inExtra) {
    await sql`insert into ${staging} select id, (_extra -> ${step.property})::text from ${table}
      where _extra ? ${step.property}`.execute(tx.db);
  } else {
    await sql`insert into ${staging} select id, ${storedText(step.fromPgType, sql`${column}`)}
      from ${table} where ${column} is not null`.execute(tx.db);
    await sql`alter table ${table} alter column ${column} type ${sql.raw(step.pgType)} using null`.execute(
      tx.db,
    );
  }
  // Old rejects first: their raw values are HubSpot's own text, and may cast now.
  const rejects = sql.id(tx.schema, '_rejects');
  const { rows: old } = await sql<{ id: string; raw: string }>`
    select id::text as id, raw_value as raw from ${rejects}
    where object_type = ${step.objectType} and property = ${step.property}`.execute(tx.db);
  const recovered = convert(step, old);
  await writeConverted(tx, step, recovered);
  const counts: RecastCounts = { converted: 0, rejected: 0, recovered: recovered.cleared.length };

  let after = '-9223372036854775808';
  for (;;) {
    const { rows } = await sql<{ id: string; raw: string }>`
      select s.id::text as id, raw from ${staging} s where s.id > ${after}::bigint order by s.id limit ${PAGE}`.execute(
      tx.db,
    );
    if (!rows.length) break;
    after = (rows[rows.length - 1] as { id: string }).id;
    const page = convert(
      step,
      inExtra
        ? rows.map((r) => ({ id: r.id, raw: textFromJsonFragment(step.fromPgType, r.raw) }))
        : rows,
    );
    await writeConverted(tx, step, page);
    counts.converted += page.cleared.length;
    counts.rejected += page.rejects.length;
  }
  await sql`drop table ${staging}`.execute(tx.db);
  return counts;
}

async function writeConverted(tx: StoreContext, step: RecastStep, page: Converted): Promise<void> {
  if (!page.ids.length) return;
  const table = sql.id(tx.schema, step.objectType);
  if (step.columnName === EXTRA_COLUMN) {
    await sql`update ${table} t set _extra = case
        when u.v is null then nullif(coalesce(t._extra, '{}'::jsonb) - ${step.property}::text, '{}'::jsonb)
        else coalesce(t._extra, '{}'::jsonb) || jsonb_build_object(${step.property}::text, u.v::jsonb) end
      from unnest(${page.ids}::bigint[], ${page.values}::text[]) as u(id, v) where t.id = u.id`.execute(
      tx.db,
    );
  } else {
    const column = sql.id(step.columnName);
    await sql`update ${table} t set ${column} = u.v::${sql.raw(step.pgType)}
      from unnest(${page.ids}::bigint[], ${page.values}::text[]) as u(id, v) where t.id = u.id`.execute(
      tx.db,
    );
  }
  const rejects = sql.id(tx.schema, '_rejects');
  if (page.cleared.length) {
    await sql`delete from ${rejects} where object_type = ${step.objectType} and property = ${step.property}
      and id = any(${page.cleared}::bigint[])`.execute(tx.db);
  }
  if (page.rejects.length) {
    await sql`insert into ${rejects} as r (object_type, id, property, raw_value, error)
      select ${step.objectType}, id, ${step.property}, raw, error
      from unnest(${page.rejects.map((r) => r.id)}::bigint[], ${page.rejects.map((r) => r.raw)}::text[],
                  ${page.rejects.map((r) => r.error)}::text[]) as u(id, raw, error)
      on conflict (object_type, id, property) do update set raw_value = excluded.raw_value, error = excluded.error`.execute(
      tx.db,
    );
  }
}
