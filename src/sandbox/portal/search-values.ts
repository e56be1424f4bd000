import type { PropState } from './property-registry.js';
import type { TypeStore, ValueSource } from './type-store.js';

/** How a property compares in search: numerically (numbers, dates) or as case-insensitive text. */
export type Comparison = 'number' | 'date' | 'text';

export function comparisonOf(prop: PropState): Comparison {
  const { type } = prop.def;
  if (type === 'number') return 'number';
  if (type === 'date' || type === 'datetime') return 'date';
  return 'text';
}

const NUMERIC = /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** A number property value, or NaN when it is not a number ("n/a", "1,5", ""). */
export function parseNumber(value: string): number {
  return NUMERIC.test(value) ? Number(value) : NaN;
}

/** Epoch ms of a date value: epoch milliseconds, ISO 8601 or YYYY-MM-DD; NaN otherwise. */
export function parseDate(value: string): number {
  const s = value.trim();
  if (s === '') return NaN;
  if (/^-?\d+$/.test(s)) return Number(s);
  return /^\d{4}-\d{2}-\d{2}/.test(s) ? Date.parse(s) : NaN;
}

export function toNumber(comparison: Comparison, value: string): number {
  return comparison === 'date' ? parseDate(value) : parseNumber(value);
}

/** Reads the value search compares for a record; numeric roles skip the string round trip. */
export function numericValue(
  store: TypeStore,
  idx: number,
  prop: PropState,
  src: ValueSource,
  comparison: Comparison,
): number {
  switch (prop.role) {
    case 'id':
      return store.table.ids[idx] as number;
    case 'created':
      return src.created;
    case 'modified':
      return src.updated;
    default: {
      const raw = store.readValue(idx, prop, src);
      return raw == null ? NaN : toNumber(comparison, raw);
    }
  }
}
