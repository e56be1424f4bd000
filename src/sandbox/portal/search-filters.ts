import { validationError } from './errors.js';
import type { PropState } from './property-registry.js';
import { comparisonOf, numericValue, toNumber, type Comparison } from './search-values.js';
import type { TypeStore, ValueSource } from './type-store.js';
import type { FilterOperator, SearchFilter } from './types.js';

export const OPERATORS: FilterOperator[] = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
];

/** A filter checked against parsed values. Numeric ones carry [lo, hi] for the range indexes. */
export interface CompiledFilter {
  prop: PropState;
  op: FilterOperator;
  comparison: Comparison;
  /** Numeric comparisons: inclusive bounds of what matches (for EQ/LT/LTE/GT/GTE/BETWEEN). */
  lo: number;
  hi: number;
  loOpen: boolean;
  hiOpen: boolean;
  test(store: TypeStore, idx: number, src: ValueSource): boolean;
}

export function compileFilter(store: TypeStore, filter: SearchFilter): CompiledFilter {
  if (!filter || typeof filter.propertyName !== 'string')
    throw validationError('Each filter needs a propertyName');
  const prop = store.props.live(filter.propertyName);
  if (!prop)
    throw validationError(
      `There was a problem with the request: property ${filter.propertyName} does not exist on ${store.spec.name}`,
      'PROPERTY_DOESNT_EXIST',
    );
  const op = filter.operator;
  if (!OPERATORS.includes(op))
    throw validationError(`Invalid filter operator: ${String(op)}`, 'INVALID_OPERATOR');
  const comparison = comparisonOf(prop);
  const multi = prop.def.fieldType === 'checkbox';
  const base = { prop, op, comparison, lo: -Infinity, hi: Infinity, loOpen: false, hiOpen: false };
  const read = (s: TypeStore, idx: number, src: ValueSource) => s.readValue(idx, prop, src);

  if (op === 'HAS_PROPERTY' || op === 'NOT_HAS_PROPERTY') {
    const want = op === 'HAS_PROPERTY';
    return { ...base, test: (s, idx, src) => hasValue(read(s, idx, src)) === want };
  }
  if (op === 'CONTAINS_TOKEN' || op === 'NOT_CONTAINS_TOKEN') {
    const pattern = tokenPattern(requireValue(filter, 'value'));
    const want = op === 'CONTAINS_TOKEN';
    return { ...base, test: (s, idx, src) => containsToken(read(s, idx, src), pattern) === want };
  }
  if (op === 'IN' || op === 'NOT_IN') {
    if (!Array.isArray(filter.values) || filter.values.length === 0)
      throw validationError(`Operator ${op} needs a non-empty values list`);
    const want = op === 'IN';
    if (comparison !== 'text') {
      const set = new Set(
        filter.values.map((v) => parseFilterNumber(comparison, v, filter.propertyName)),
      );
      return {
        ...base,
        test: (s, idx, src) => set.has(numericValue(s, idx, prop, src, comparison)) === want,
      };
    }
    const set = new Set(filter.values.map((v) => String(v).toLowerCase()));
    return { ...base, test: (s, idx, src) => textIn(read(s, idx, src), set, multi) === want };
  }

  const value = requireValue(filter, 'value');
  if (comparison !== 'text') {
    const x = parseFilterNumber(comparison, value, filter.propertyName);
    const bounds = numericBounds(op, x, filter, comparison);
    const f = { ...base, ...bounds };
    if (op === 'NEQ')
      return { ...f, test: (s, idx, src) => numericValue(s, idx, prop, src, comparison) !== x };
    return {
      ...f,
      test: (s, idx, src) => inBounds(numericValue(s, idx, prop, src, comparison), f),
    };
  }
  const x = value.toLowerCase();
  switch (op) {
    case 'EQ':
      return { ...base, test: (s, idx, src) => textEq(read(s, idx, src), x, multi) };
    case 'NEQ':
      return { ...base, test: (s, idx, src) => !textEq(read(s, idx, src), x, multi) };
    case 'BETWEEN': {
      const high = String(requireValue(filter, 'highValue')).toLowerCase();
      return {
        ...base,
        test: (s, idx, src) => textCompare(read(s, idx, src), (v) => v >= x && v <= high),
      };
    }
    case 'LT':
      return { ...base, test: (s, idx, src) => textCompare(read(s, idx, src), (v) => v < x) };
    case 'LTE':
      return { ...base, test: (s, idx, src) => textCompare(read(s, idx, src), (v) => v <= x) };
    case 'GT':
      return { ...base, test: (s, idx, src) => textCompare(read(s, idx, src), (v) => v > x) };
    default:
      return { ...base, test: (s, idx, src) => textCompare(read(s, idx, src), (v) => v >= x) };
  }
}

function numericBounds(
  op: FilterOperator,
  x: number,
  filter: SearchFilter,
  comparison: Comparison,
): Pick<CompiledFilter, 'lo' | 'hi' | 'loOpen' | 'hiOpen'> {
  switch (op) {
    case 'EQ':
      return { lo: x, hi: x, loOpen: false, hiOpen: false };
    case 'LT':
      return { lo: -Infinity, hi: x, loOpen: false, hiOpen: true };
    case 'LTE':
      return { lo: -Infinity, hi: x, loOpen: false, hiOpen: false };
    case 'GT':
      return { lo: x, hi: Infinity, loOpen: true, hiOpen: false };
    case 'GTE':
      return { lo: x, hi: Infinity, loOpen: false, hiOpen: false };
    case 'BETWEEN': {
      const high = parseFilterNumber(
        comparison,
        requireValue(filter, 'highValue'),
        filter.propertyName,
      );
      return { lo: x, hi: high, loOpen: false, hiOpen: false };
    }
    default:
      return { lo: -Infinity, hi: Infinity, loOpen: false, hiOpen: false };
  }
}

function inBounds(v: number, f: Pick<CompiledFilter, 'lo' | 'hi' | 'loOpen' | 'hiOpen'>): boolean {
  if (Number.isNaN(v)) return false;
  if (f.loOpen ? v <= f.lo : v < f.lo) return false;
  return f.hiOpen ? v < f.hi : v <= f.hi;
}

function parseFilterNumber(comparison: Comparison, value: unknown, name: string): number {
  const n = typeof value === 'number' ? value : toNumber(comparison, String(value));
  if (!Number.isFinite(n))
    throw validationError(
      `Invalid value for ${name}: ${String(value)} is not a ${comparison === 'date' ? 'date (epoch milliseconds)' : 'number'}`,
    );
  return n;
}

function requireValue(filter: SearchFilter, key: 'value' | 'highValue'): string {
  const v = filter[key];
  if (v === undefined || v === null || v === '')
    throw validationError(`Operator ${filter.operator} on ${filter.propertyName} needs a ${key}`);
  return String(v);
}

function hasValue(v: string | null): boolean {
  return v !== null && v !== '';
}

function textEq(v: string | null, x: string, multi: boolean): boolean {
  if (v === null) return false;
  const lower = v.toLowerCase();
  if (lower === x) return true;
  return multi && lower.split(';').some((part) => part.trim() === x);
}

function textIn(v: string | null, set: Set<string>, multi: boolean): boolean {
  if (v === null) return false;
  const lower = v.toLowerCase();
  if (set.has(lower)) return true;
  return multi && lower.split(';').some((part) => set.has(part.trim()));
}

function textCompare(v: string | null, cmp: (v: string) => boolean): boolean {
  return v !== null && v !== '' && cmp(v.toLowerCase());
}

/** A CONTAINS_TOKEN pattern: `*` matches any run of characters; matching is case-insensitive. */
function tokenPattern(value: string): RegExp {
  const escaped = value
    .toLowerCase()
    .split('*')
    .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

/** Tokens are the whole value, its blank/`;`-separated words, and their alphanumeric pieces. */
function containsToken(v: string | null, pattern: RegExp): boolean {
  if (v === null || v === '') return false;
  const lower = v.toLowerCase();
  if (pattern.test(lower)) return true;
  for (const word of lower.split(/[\s;]+/)) {
    if (word && pattern.test(word)) return true;
    for (const piece of word.split(/[^\p{L}\p{N}]+/u))
      if (piece && pattern.test(piece)) return true;
  }
  return false;
}
