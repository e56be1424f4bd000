/**
 * JSON values. JSON.parse checks the syntax; a second pass finds what Postgres' jsonb refuses
 * (a `\u0000` escape, numbers past numeric's range, nesting deep enough to hit its stack limit),
 * since one refused value would otherwise fail the whole batch.
 */
import { normaliseNumber } from './cast-number.js';

const MAX_DEPTH = 500;
/**
 * Below this length no number can pass numeric's limits without a 5-digit exponent, and no
 * nesting can reach MAX_DEPTH, so the token scan is skipped unless one of those shows up.
 */
const SHORT = 2 * MAX_DEPTH;
const LONG_EXPONENT = /[eE][+-]?\d{5}/;
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[[\]{}]/g;

export type JsonResult = { ok: true; value: string } | { ok: false; error: string };

/** Returns the JSON text unchanged when Postgres will take it as jsonb. */
export function castJson(raw: string): JsonResult {
  try {
    JSON.parse(raw);
  } catch {
    return { ok: false, error: 'not valid JSON' };
  }
  if (raw.length < SHORT && !raw.includes('\\u0000') && !LONG_EXPONENT.test(raw)) {
    return { ok: true, value: raw };
  }
  let depth = 0;
  for (const [token] of raw.matchAll(TOKEN)) {
    const first = token[0];
    if (first === '"') {
      if (/(^|[^\\])(\\\\)*\\u0000/.test(token)) {
        return { ok: false, error: 'JSON string contains \\u0000, which jsonb cannot store' };
      }
    } else if (first === '[' || first === '{') {
      depth += 1;
      if (depth > MAX_DEPTH) return { ok: false, error: `JSON nested deeper than ${MAX_DEPTH}` };
    } else if (first === ']' || first === '}') {
      depth -= 1;
    } else if (!normaliseNumber(token).ok) {
      return { ok: false, error: 'JSON number out of range for numeric' };
    }
  }
  return { ok: true, value: raw };
}
