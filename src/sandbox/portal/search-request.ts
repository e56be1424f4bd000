import { validationError } from './errors.js';
import type { PropState } from './property-registry.js';
import { compileFilter, type CompiledFilter } from './search-filters.js';
import type { TypeStore } from './type-store.js';
import type { SearchRequest } from './types.js';

export const MAX_GROUPS = 5;
export const MAX_FILTERS_PER_GROUP = 6;
export const MAX_FILTERS = 18;
export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 10;
/** Search never returns result number 10,001 or later of a query. */
export const RESULT_CAP = 10_000;

export interface SortSpec {
  prop: PropState;
  descending: boolean;
}

export interface ParsedSearch {
  groups: CompiledFilter[][];
  sort: SortSpec | null;
  props: PropState[];
  limit: number;
  offset: number;
  query: string | null;
}

/** Validates a search body against HubSpot's limits and compiles its filters. */
export function parseSearch(store: TypeStore, req: SearchRequest): ParsedSearch {
  const body = req ?? {};
  const groups = body.filterGroups ?? [];
  if (!Array.isArray(groups)) throw validationError('filterGroups must be a list');
  if (groups.length > MAX_GROUPS) {
    throw validationError(
      `Too many filter groups (${groups.length}). The maximum is ${MAX_GROUPS}.`,
      'TOO_MANY_FILTER_GROUPS',
    );
  }
  let total = 0;
  groups.forEach((group, i) => {
    const filters = group?.filters ?? [];
    if (!Array.isArray(filters)) throw validationError(`filterGroups[${i}].filters must be a list`);
    if (filters.length > MAX_FILTERS_PER_GROUP) {
      throw validationError(
        `Too many filters in filter group ${i + 1} (${filters.length}). The maximum is ${MAX_FILTERS_PER_GROUP} per group.`,
        'TOO_MANY_FILTERS_IN_GROUP',
      );
    }
    total += filters.length;
  });
  if (total > MAX_FILTERS) {
    throw validationError(
      `Too many filters (${total}). The maximum is ${MAX_FILTERS} across all filter groups.`,
      'TOO_MANY_FILTERS',
    );
  }
  const sorts = body.sorts ?? [];
  if (!Array.isArray(sorts)) throw validationError('sorts must be a list');
  if (sorts.length > 1)
    throw validationError(`Only one sort is allowed, got ${sorts.length}.`, 'TOO_MANY_SORTS');
  const limit = parseInteger(body.limit ?? DEFAULT_LIMIT, 'limit');
  if (limit > MAX_LIMIT)
    throw validationError(`limit must be at most ${MAX_LIMIT}, got ${limit}.`, 'LIMIT_TOO_LARGE');
  const offset = parseInteger(body.after ?? 0, 'after');
  if (offset + limit > RESULT_CAP) {
    throw validationError(
      `Search results are limited to ${RESULT_CAP} per query: after (${offset}) + limit (${limit}) may not exceed ${RESULT_CAP}.`,
      'RESULT_CAP_EXCEEDED',
    );
  }
  const query =
    typeof body.query === 'string' && body.query.trim() !== ''
      ? body.query.trim().toLowerCase()
      : null;
  return {
    groups: groups.map((g) => (g?.filters ?? []).map((f) => compileFilter(store, f))),
    sort: sorts.length ? parseSort(store, sorts[0]) : null,
    props: store.selectProps(body.properties),
    limit,
    offset,
    query,
  };
}

function parseSort(
  store: TypeStore,
  raw: NonNullable<SearchRequest['sorts']>[number] | undefined,
): SortSpec {
  let name: string;
  let descending = false;
  if (typeof raw === 'string') {
    const trimmed = raw.trim();
    // The SDK's older request type sends each sort as a JSON string.
    if (trimmed.startsWith('{')) return parseSort(store, parseJsonSort(trimmed));
    descending = trimmed.startsWith('-');
    name = descending ? trimmed.slice(1) : trimmed;
  } else if (raw && typeof raw.propertyName === 'string') {
    name = raw.propertyName;
    if (
      raw.direction !== undefined &&
      raw.direction !== 'ASCENDING' &&
      raw.direction !== 'DESCENDING'
    ) {
      throw validationError(`Invalid sort direction: ${String(raw.direction)}`);
    }
    descending = raw.direction === 'DESCENDING';
  } else {
    throw validationError('Each sort needs a propertyName');
  }
  const prop = store.props.live(name);
  if (!prop)
    throw validationError(`Cannot sort by unknown property ${name}`, 'PROPERTY_DOESNT_EXIST');
  return { prop, descending };
}

function parseJsonSort(text: string): {
  propertyName: string;
  direction: 'ASCENDING' | 'DESCENDING';
} {
  try {
    return JSON.parse(text) as { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' };
  } catch {
    throw validationError(`Invalid sort: ${text}`);
  }
}

function parseInteger(value: unknown, name: string): number {
  const n =
    typeof value === 'number' ? value : /^\s*\d+\s*$/.test(String(value)) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0)
    throw validationError(`${name} must be a non-negative integer, got ${String(value)}`);
  return n;
}
