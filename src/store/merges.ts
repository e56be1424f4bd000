/**
 * Merges as the mirror sees them: a survivor's `hs_merged_object_ids` (`;`-separated, or a
 * multi-select `text[]`, or a key of `_extra`) lists the ids merged into it. These queries find
 * listed ids that are still stored (or tombstoned as purged, before the survivor's change
 * arrived), and the survivor of given ids.
 */
import { sql, type RawBuilder } from 'kysely';
import { EXTRA_COLUMN, type CatalogColumn } from '../schema/catalog.js';
import { assertColumnName, assertTableName } from '../schema/identifiers.js';
import type { StoreContext } from './connection.js';
import { canonicalId } from './record-id.js';

export const MERGED_IDS_PROPERTY = 'hs_merged_object_ids';

export interface MergedAway {
  id: string;
  survivorId: string;
  /** The survivor's `_updated_at`: a merge changes the survivor. */
  mergedAt: Date;
  /** `stored`: the row is still there; `purged`: a sweep already removed it as purged. */
  state: 'stored' | 'purged';
}

/** The listed ids of row `t` as text[]. */
function listedIds(column: Pick<CatalogColumn, 'columnName' | 'pgType'>): RawBuilder<string[]> {
  if (column.columnName === EXTRA_COLUMN) {
    const value = sql`t._extra -> ${MERGED_IDS_PROPERTY}`;
    return sql<string[]>`(case jsonb_typeof(${value})
      when 'array' then array(select jsonb_array_elements_text(${value}))
      when 'string' then string_to_array(${value} #>> '{}', ';') end)`;
  }
  const ref = sql.ref(`t.${assertColumnName(column.columnName)}`);
  if (column.pgType === 'text[]') return sql<string[]>`${ref}`;
  return sql<string[]>`string_to_array(${ref}::text, ';')`;
}

/** (survivor, listed id, merged at) for every survivor row `filter` admits. */
function listedPairs(
  store: StoreContext,
  objectType: string,
  column: Pick<CatalogColumn, 'columnName' | 'pgType'>,
  filter: RawBuilder<unknown>,
) {
  const table = sql.id(store.schema, assertTableName(objectType));
  // A bigint has at most 19 digits; 18 keep the cast from ever overflowing (CASE guards it).
  return sql`
    select survivor, merged_at, listed from (
      select t.id as survivor, t._updated_at as merged_at,
        case when btrim(x.v) ~ '^[0-9]{1,18}$' then btrim(x.v)::bigint end as listed
      from ${table} t cross join lateral unnest(${listedIds(column)}) as x(v)
      where ${filter}
    ) p where listed is not null and listed <> survivor`;
}

/**
 * Ids listed by survivors changed since `updatedSince` (every survivor when null) that are still
 * stored, or tombstoned as purged. One survivor per id: the latest merge wins.
 */
export async function readMergedAway(
  store: StoreContext,
  objectType: string,
  column: Pick<CatalogColumn, 'columnName' | 'pgType'>,
  updatedSince: Date | null,
): Promise<MergedAway[]> {
  const table = sql.id(store.schema, assertTableName(objectType));
  const since = updatedSince === null ? sql`true` : sql`t._updated_at >= ${updatedSince}`;
  const { rows } = await sql<{
    id: string;
    survivorId: string;
    mergedAt: Date;
    state: MergedAway['state'];
  }>`
    with s as (${listedPairs(store, objectType, column, since)}),
    c as (
      select distinct on (listed) listed as id, survivor, merged_at
      from s order by listed, merged_at desc, survivor desc
    )
    select c.id::text as id, c.survivor::text as "survivorId", c.merged_at as "mergedAt",
      case when m.id is not null then 'stored' else 'purged' end as state
    from c
    left join ${table} m on m.id = c.id
    left join ${sql.id(store.schema, '_deleted')} d
      on d.object_type = ${objectType} and d.id = c.id and d.reason = 'purged'
    where m.id is not null or d.id is not null
    order by c.id`.execute(store.db);
  return rows;
}

/** For each of `ids` some stored row lists as merged into it: that survivor (latest merge). */
export async function readSurvivors(
  store: StoreContext,
  objectType: string,
  column: Pick<CatalogColumn, 'columnName' | 'pgType'>,
  ids: readonly string[],
): Promise<Map<string, { survivorId: string; mergedAt: Date }>> {
  if (!ids.length) return new Map();
  const wanted = ids.map((id) => canonicalId(id, objectType));
  const filter = sql`${listedIds(column)} is not null`;
  const { rows } = await sql<{ id: string; survivorId: string; mergedAt: Date }>`
    with s as (${listedPairs(store, objectType, column, filter)})
    select distinct on (listed) listed::text as id, survivor::text as "survivorId",
      merged_at as "mergedAt"
    from s where listed = any(${wanted}::bigint[])
    order by listed, merged_at desc, survivor desc`.execute(store.db);
  return new Map(rows.map((r) => [r.id, { survivorId: r.survivorId, mergedAt: r.mergedAt }]));
}
