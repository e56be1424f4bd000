/**
 * How cast values travel to Postgres: as text for the column's input function (text[] as an
 * array literal), or as JSON inside `_extra`. And back: the text a stored value had, so a type
 * change can re-cast it by the same rules as a fresh value.
 */
import type { CastValue } from '../schema/cast.js';
import type { PgType } from '../schema/types.js';

const quoteElement = (v: string): string => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** `['a', 'b"c']` → `{"a","b\"c"}`. */
export const arrayLiteral = (values: readonly string[]): string =>
  `{${values.map(quoteElement).join(',')}}`;

/** The value as the column type's text input (or a boolean/null, which pg sends as such). */
export function toPgParam(value: CastValue): string | boolean | null {
  if (Array.isArray(value)) return arrayLiteral(value);
  return value;
}

/** The value as a JSON fragment for `_extra`; numerics stay exact (they are JSON numbers). */
export function toJsonFragment(pgType: PgType, value: Exclude<CastValue, null>): string {
  if (pgType === 'numeric' || pgType === 'jsonb') return value as string;
  return JSON.stringify(value);
}

/** `{"a":…,"b":…}` from prepared fragments, or null when there are none. */
export function jsonObjectText(entries: Array<[string, string]>): string | null {
  if (!entries.length) return null;
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}

/** The HubSpot-style text of a value stored in `_extra` (JSON text of one key's value). */
export function textFromJsonFragment(pgType: PgType, json: string): string {
  switch (pgType) {
    case 'numeric':
    case 'jsonb':
      return json;
    case 'boolean':
      return String(JSON.parse(json));
    case 'text[]':
      return (JSON.parse(json) as string[]).join(';');
    default:
      return JSON.parse(json) as string;
  }
}
