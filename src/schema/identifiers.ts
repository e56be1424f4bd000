/**
 * Postgres names for HubSpot names (docs/POSTGRES.md, "Names"). Postgres silently truncates identifiers
 * past 63 bytes, so every name that reaches `sql.id` is made to fit here first, and collisions
 * are settled deterministically: a name once given never changes.
 */
import { createHash } from 'node:crypto';
import { IdentifierError } from './errors.js';

/** Postgres' NAMEDATALEN - 1. */
export const MAX_IDENTIFIER_BYTES = 63;
const CUT_BYTES = 54;
const HASH_DIGITS = 8;
/** `<schema>_changes` must itself fit in 63 bytes, since it is the notification channel. */
export const MAX_SCHEMA_BYTES = MAX_IDENTIFIER_BYTES - '_changes'.length;

/** Columns every object table has; no property may take these names. */
export const SYSTEM_COLUMNS: ReadonlySet<string> = new Set([
  'id',
  '_created_at',
  '_updated_at',
  '_synced_at',
  '_extra',
]);
/** Tables of the mirror schema that are not object tables (the `_` ones cannot be produced). */
export const RESERVED_TABLES: ReadonlySet<string> = new Set(['associations']);

const PLAIN_NAME = /^[a-z][a-z0-9_]*$/;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

const byteLength = (name: string): number => Buffer.byteLength(name, 'utf8');

/** First 8 hex digits of md5 of the name's UTF-8 bytes. */
export const nameHash = (name: string): string =>
  createHash('md5').update(name, 'utf8').digest('hex').slice(0, HASH_DIGITS);

/** Lowercase, replace every code point outside [a-z0-9_] by `_`, prefix `p_` if no leading letter. */
function normaliseName(name: string): string {
  const replaced = name.toLowerCase().replace(/[^a-z0-9_]/gu, '_');
  return /^[a-z]/.test(replaced) ? replaced : `p_${replaced}`;
}

/** The result of normaliseName is ASCII, so characters are bytes here. */
const cut = (name: string, bytes: number): string => name.slice(0, bytes);

/** The column name a property gets when nothing collides (docs/POSTGRES.md's rule, steps in order). */
export function columnNameFor(property: string): string {
  if (PLAIN_NAME.test(property) && byteLength(property) <= MAX_IDENTIFIER_BYTES) return property;
  const normalised = normaliseName(property);
  if (normalised.length <= MAX_IDENTIFIER_BYTES) return normalised;
  return `${cut(normalised, CUT_BYTES)}_${nameHash(property)}`;
}

/**
 * The name a colliding property tries at `attempt`. Attempt 0 is the documented hash suffix (the name
 * cut to 54 bytes + `_` + md5 prefix). That can still collide (a long name's suffixed form is
 * its plain form; two md5 prefixes can match), so attempt n >= 1 appends `_<n>` and cuts the
 * name shorter to stay within 63 bytes.
 */
export function suffixedName(property: string, attempt: number): string {
  const normalised = normaliseName(property);
  const hash = nameHash(property);
  if (attempt === 0) return `${cut(normalised, CUT_BYTES)}_${hash}`;
  const tail = `_${hash}_${attempt}`;
  return `${cut(normalised, MAX_IDENTIFIER_BYTES - tail.length)}${tail}`;
}

/** Sorts by UTF-8 bytes (= code points), as Postgres' C collation and most languages do. */
export const compareNames = (a: string, b: string): number =>
  Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * Gives each name a unique identifier. `existing` names never change; newcomers are settled in
 * sorted order, so the result does not depend on the order of `names`:
 * 1. each newcomer wants columnNameFor(name); among newcomers wanting the same free name, the
 *    one that sorts first gets it;
 * 2. the others, in sorted order, take the first free suffixedName(name, 0, 1, 2, …).
 * A name is free when no existing or reserved name and no step-1 winner holds it.
 */
export function assignNames(
  existing: ReadonlyMap<string, string>,
  names: Iterable<string>,
  reserved: ReadonlySet<string>,
): Map<string, string> {
  const result = new Map(existing);
  const taken = new Set<string>([...reserved, ...existing.values()]);
  const newcomers = [...new Set(names)].filter((n) => !existing.has(n)).sort(compareNames);
  const losers: string[] = [];
  for (const name of newcomers) {
    const wanted = columnNameFor(name);
    if (taken.has(wanted)) losers.push(name);
    else {
      taken.add(wanted);
      result.set(name, wanted);
    }
  }
  for (const name of losers) {
    let attempt = 0;
    while (taken.has(suffixedName(name, attempt))) attempt += 1;
    const given = suffixedName(name, attempt);
    taken.add(given);
    result.set(name, given);
  }
  return result;
}

/** Column names for properties (see assignNames); `id` and the `_` system columns are reserved. */
export const assignColumnNames = (
  existing: ReadonlyMap<string, string>,
  properties: Iterable<string>,
): Map<string, string> => assignNames(existing, properties, SYSTEM_COLUMNS);

/** Table names for object types (`contacts`, a custom object's `name`), by the same rule. */
export const assignTableNames = (
  existing: ReadonlyMap<string, string>,
  objectNames: Iterable<string>,
): Map<string, string> => assignNames(existing, objectNames, RESERVED_TABLES);

/** The table name of one object type when no other object type is in play. */
export const tableNameFor = (objectName: string): string =>
  assignTableNames(new Map(), [objectName]).get(objectName) as string;

/** Throws unless `name` is a lowercase identifier Postgres keeps as is (at most 63 bytes). */
/** `name` as a quoted SQL identifier, for DDL built as text. */
export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new IdentifierError(`"${name}" is not an identifier: use [a-z_][a-z0-9_]*`, name);
  }
  if (byteLength(name) > MAX_IDENTIFIER_BYTES) {
    throw new IdentifierError(`"${name}" is longer than ${MAX_IDENTIFIER_BYTES} bytes`, name);
  }
  return name;
}

/** A mirror schema name: an identifier short enough for its `<schema>_changes` channel. */
export function assertSchemaName(name: string): string {
  assertIdentifier(name);
  if (byteLength(name) > MAX_SCHEMA_BYTES) {
    throw new IdentifierError(
      `schema "${name}" is longer than ${MAX_SCHEMA_BYTES} bytes (its channel "${name}_changes" must fit in 63)`,
      name,
    );
  }
  if (name.startsWith('pg_')) {
    throw new IdentifierError(`schema "${name}": names starting with pg_ are Postgres'`, name);
  }
  return name;
}

/** An object table name: an identifier that is not one of the mirror's own tables. */
export function assertTableName(name: string): string {
  assertIdentifier(name);
  if (name.startsWith('_') || RESERVED_TABLES.has(name)) {
    throw new IdentifierError(`"${name}" is reserved for the replicator's own tables`, name);
  }
  return name;
}

/** A property column name: an identifier that is not a system column. */
export function assertColumnName(name: string): string {
  assertIdentifier(name);
  if (name.startsWith('_') || SYSTEM_COLUMNS.has(name)) {
    throw new IdentifierError(`"${name}" is reserved for a system column`, name);
  }
  return name;
}
