/**
 * Strict casting of HubSpot's string values to the column's Postgres type, done here rather than
 * by Postgres so a bad value becomes a reject (NULL + a `_rejects` row) instead of failing the
 * batch. Values come out in the form the store sends fastest: numerics as plain decimal strings
 * (exact), dates `YYYY-MM-DD`, datetimes ISO 8601 strings, multi-selects string arrays, JSON as
 * its text.
 */
import { normaliseNumber } from './cast-number.js';
import { castJson } from './cast-json.js';
import { castDate, castDateTime } from './cast-time.js';
import type { PgType } from './types.js';

export type CastValue = string | boolean | string[] | null;
export type CastResult = { ok: true; value: CastValue } | { ok: false; error: string };

const NUL = '\u0000';
const ok = (value: CastValue): CastResult => ({ ok: true, value });
const TRUE: CastResult = Object.freeze({ ok: true, value: true });
const FALSE: CastResult = Object.freeze({ ok: true, value: false });

export function castValue(pgType: PgType, raw: string | null | undefined): CastResult {
  if (raw == null || raw === '') return ok(null);
  switch (pgType) {
    case 'numeric':
      return normaliseNumber(raw);
    case 'boolean':
      if (raw === 'true') return TRUE;
      if (raw === 'false') return FALSE;
      if (/^true$/i.test(raw)) return ok(true);
      if (/^false$/i.test(raw)) return ok(false);
      return { ok: false, error: 'not a boolean (true or false)' };
    case 'date':
      return castDate(raw);
    case 'timestamptz':
      return castDateTime(raw);
    case 'jsonb':
      return castJson(raw);
    case 'text[]':
      return castMultiSelect(raw);
    case 'text':
      // Postgres text cannot hold a NUL character.
      return raw.includes(NUL) ? { ok: false, error: 'text contains a NUL character' } : ok(raw);
  }
}

/** `a; b;;c` → ['a', 'b', 'c']; nothing left → NULL, like an empty value. */
function castMultiSelect(raw: string): CastResult {
  if (raw.includes(NUL)) return { ok: false, error: 'text contains a NUL character' };
  const values = raw
    .split(';')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return ok(values.length ? values : null);
}
