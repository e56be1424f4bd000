/**
 * Compares the Postgres mirror with the sandbox's ground truth, value by value, and returns the
 * differences (an empty list means equal). Expected values are HubSpot's strings cast by the
 * documented rules (castValue, pinned by its own unit tests); Postgres values are read back as the
 * pg driver returns them, and both are put in one comparable form.
 */
import pg from 'pg';
import { castValue, isPgType, type PgType } from '../../src/schema/index.js';
import type { Portal } from '../../src/sandbox/portal/types.js';

/** The tables a default sandbox portal mirrors (its standard types and its custom `car`). */
export const DEFAULT_SANDBOX_TABLES: readonly string[] = [
  'car',
  'companies',
  'contacts',
  'deals',
  'line_items',
  'products',
  'quotes',
  'tickets',
];

type Truth = Pick<Portal, 'truthRecords' | 'truthAssociations' | 'resolveType'> & {
  associatedTypes?(type: string): string[];
};

const canonicalNumber = (text: string): string => {
  let [int, frac = ''] = text.replace(/^\+/, '').split('.');
  frac = frac.replace(/0+$/, '');
  int = int!.replace(/^(-?)0+(?=\d)/, '$1');
  const out = frac ? `${int}.${frac}` : int!;
  return out === '-0' ? '0' : out;
};

function comparable(pgType: PgType, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (pgType) {
    case 'numeric':
      return canonicalNumber(String(value));
    case 'timestamptz':
      return String(value instanceof Date ? value.getTime() : Date.parse(String(value)));
    case 'jsonb':
      return JSON.stringify(sortKeys(typeof value === 'string' ? JSON.parse(value) : value));
    case 'text[]':
      return JSON.stringify(value);
    default:
      return String(value);
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const DATE_OID = 1082;
/** Dates stay `YYYY-MM-DD` text: pg's default makes them local-midnight Date objects. */
const keepDates = ((oid: number, format?: 'text' | 'binary') =>
  oid === DATE_OID
    ? (value: string) => value
    : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser;

export interface MirrorDiff {
  object: string;
  id?: string;
  what: string;
}

export async function diffMirror(
  databaseUrl: string,
  schema: string,
  truth: Truth,
  objects: readonly string[],
  options: { maxDiffs?: number; associations?: boolean } = {},
): Promise<MirrorDiff[]> {
  const max = options.maxDiffs ?? 20;
  const diffs: MirrorDiff[] = [];
  const client = new pg.Client({
    connectionString: databaseUrl,
    types: { getTypeParser: keepDates },
  });
  await client.connect();
  try {
    for (const object of objects) {
      const apiType = truth.resolveType(object)?.name ?? object;
      const columns = (
        await client.query<{
          property: string;
          column_name: string;
          pg_type: string;
          archived: boolean;
        }>(
          `select property, column_name, pg_type, archived from "${schema}"._columns where object_type = $1`,
          [object],
        )
      ).rows.filter((c) => !c.archived && isPgType(c.pg_type));
      const rows = new Map<string, Record<string, unknown>>();
      for (const row of (await client.query(`select * from "${schema}"."${object}"`)).rows) {
        rows.set(String(row.id), row);
      }
      const seen = new Set<string>();
      for (const record of truth.truthRecords(apiType)) {
        seen.add(record.id);
        const row = rows.get(record.id);
        if (!row) {
          diffs.push({ object, id: record.id, what: 'missing in Postgres' });
          continue;
        }
        if ((row._updated_at as Date).getTime() !== Date.parse(record.updatedAt)) {
          diffs.push({
            object,
            id: record.id,
            what: `_updated_at ${(row._updated_at as Date).toISOString()} != ${record.updatedAt}`,
          });
        }
        if ((row._created_at as Date).getTime() !== Date.parse(record.createdAt)) {
          diffs.push({
            object,
            id: record.id,
            what: `_created_at ${(row._created_at as Date).toISOString()} != ${record.createdAt}`,
          });
        }
        for (const c of columns) {
          const pgType = c.pg_type as PgType;
          const cast = castValue(pgType, record.properties[c.property] ?? null);
          const expected = cast.ok ? comparable(pgType, cast.value) : null;
          const stored =
            c.column_name === '_extra'
              ? comparable(pgType, extraValue(row._extra, c.property))
              : comparable(pgType, row[c.column_name]);
          if (expected !== stored) {
            diffs.push({
              object,
              id: record.id,
              what: `${c.property}: expected ${expected} (raw ${JSON.stringify(record.properties[c.property])}), stored ${stored}`,
            });
          }
        }
        if (diffs.length >= max) return diffs;
      }
      for (const id of rows.keys()) {
        if (!seen.has(id))
          diffs.push({ object, id, what: 'in Postgres but not live in the portal' });
        if (diffs.length >= max) return diffs;
      }
    }
    if (options.associations !== false) {
      diffs.push(...(await diffAssociations(client, schema, truth, objects, max - diffs.length)));
    }
  } finally {
    await client.end();
  }
  return diffs;
}

/** `_extra` holds overflow properties as their cast values (text for text-like types). */
function extraValue(extra: unknown, property: string): unknown {
  if (!extra || typeof extra !== 'object') return null;
  return (extra as Record<string, unknown>)[property] ?? null;
}

async function diffAssociations(
  client: pg.Client,
  schema: string,
  truth: Truth,
  objects: readonly string[],
  max: number,
): Promise<MirrorDiff[]> {
  const diffs: MirrorDiff[] = [];
  const sorted = [...objects].sort();
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const from = sorted[i]!;
      const to = sorted[j]!;
      const fromApi = truth.resolveType(from)?.name ?? from;
      const toApi = truth.resolveType(to)?.name ?? to;
      const expected = new Set<string>();
      for (const a of truth.truthAssociations(fromApi, toApi)) {
        expected.add(`${a.fromId}>${a.toId}#${a.typeId}:${a.label ?? ''}`);
      }
      const stored = new Set(
        (
          await client.query<{ k: string }>(
            `select from_id || '>' || to_id || '#' || type_id || ':' || coalesce(label, '') as k
             from "${schema}".associations where from_type = $1 and to_type = $2`,
            [from, to],
          )
        ).rows.map((r) => r.k),
      );
      for (const k of expected) {
        if (!stored.has(k))
          diffs.push({ object: `${from}->${to}`, what: `association ${k} missing` });
        if (diffs.length >= max) return diffs;
      }
      for (const k of stored) {
        if (!expected.has(k))
          diffs.push({ object: `${from}->${to}`, what: `association ${k} not in the portal` });
        if (diffs.length >= max) return diffs;
      }
    }
  }
  return diffs;
}
