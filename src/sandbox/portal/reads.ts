import { validationError } from './errors.js';
import { ARCHIVED, LIVE, parseId } from './record-table.js';
import type { TypeStore } from './type-store.js';
import type { BatchReadResult, Page, RecordView } from './types.js';
import { findByUnique } from './unique-lookup.js';

export const MAX_LIST_LIMIT = 100;

/** `GET /crm/objects/{type}`: records in id order; `after` is the id of the next record to return. */
export function listRecords(
  store: TypeStore,
  opts: { limit: number; after?: string; properties?: string[]; archived?: boolean },
): Page<RecordView> {
  const limit = opts.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT)
    throw validationError(`limit must be between 1 and ${MAX_LIST_LIMIT}`);
  if (opts.archived && !store.spec.supportsArchived) {
    throw validationError(
      `Listing archived ${store.spec.name} is not supported`,
      'ARCHIVED_NOT_SUPPORTED',
    );
  }
  let start = -Infinity;
  if (opts.after !== undefined && opts.after !== '') {
    start = parseId(opts.after);
    if (Number.isNaN(start))
      throw validationError(`Invalid after cursor: ${opts.after}`, 'INVALID_AFTER');
  }
  const props = store.selectProps(opts.properties);
  const { table } = store;
  const results: RecordView[] = [];
  const page = (idx: number): boolean => {
    if (results.length === limit) return false;
    results.push(store.truthView(idx, props));
    return true;
  };
  let next: number | undefined;
  if (opts.archived) {
    const list = store.archivedSorted;
    for (let i = lowerBoundIds(list, table.ids, start); i < list.length; i++) {
      if (!page(list[i] as number)) {
        next = list[i];
        break;
      }
    }
  } else {
    for (let idx = start === -Infinity ? 0 : table.lowerBoundId(start); idx < table.length; idx++) {
      if (table.state[idx] !== LIVE) continue;
      if (!page(idx)) {
        next = idx;
        break;
      }
    }
  }
  return next === undefined
    ? { results }
    : { results, paging: { next: { after: String(table.ids[next]) } } };
}

/** A record's index by id or unique property, if its state matches `archived`; else -1. */
export function locate(
  store: TypeStore,
  id: string,
  opts: { idProperty?: string; archived?: boolean },
  written: Map<string, number>,
): number {
  const idx =
    opts.idProperty && opts.idProperty !== 'hs_object_id'
      ? findByUnique(store, opts.idProperty, String(id), written)
      : store.table.indexOf(parseId(id));
  if (idx < 0) return -1;
  const want = opts.archived ? ARCHIVED : LIVE;
  return store.table.state[idx] === want ? idx : -1;
}

export function getRecord(
  store: TypeStore,
  id: string,
  opts: { properties?: string[]; archived?: boolean; idProperty?: string },
  written: Map<string, number>,
): RecordView | undefined {
  const idx = locate(store, id, opts, written);
  return idx < 0 ? undefined : store.truthView(idx, store.selectProps(opts.properties));
}

export function batchReadRecords(
  store: TypeStore,
  ids: string[],
  opts: { properties?: string[]; idProperty?: string; archived?: boolean },
  written: Map<string, number>,
): BatchReadResult {
  const props = store.selectProps(opts.properties);
  const results: RecordView[] = [];
  const missing: string[] = [];
  const seen = new Set<number>();
  for (const raw of ids) {
    const id = String(raw);
    const idx = locate(store, id, opts, written);
    if (idx < 0) {
      if (!missing.includes(id)) missing.push(id);
      continue;
    }
    if (seen.has(idx)) continue;
    seen.add(idx);
    results.push(store.truthView(idx, props));
  }
  return { results, missing };
}

function lowerBoundIds(list: number[], ids: Float64Array, id: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[list[mid] as number] as number) < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
