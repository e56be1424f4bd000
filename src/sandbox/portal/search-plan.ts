import type { CompiledFilter } from './search-filters.js';
import type { SearchView } from './search-view.js';
import {
  MAX_BOUND,
  MIN_BOUND,
  type Bound,
  type IdxWindow,
  type SortedIndex,
} from './sorted-index.js';

export type IndexName = 'created' | 'modified' | 'id';

/** A contiguous range of one sorted index that holds exactly the records matching `covered`. */
export interface RangePlan {
  which: IndexName;
  index: SortedIndex;
  lo: Bound;
  hi: Bound;
  covered: Set<CompiledFilter>;
  /** The range holds a single key value, so it is in id order. */
  pinned: boolean;
  /** Id filters on a date range that is not pinned: only records in this window count. */
  window?: IdxWindow;
  /** Entries a cursor over the range walks (more than `count` when a window skips some). */
  span: number;
  count: number;
}

const RANGE_OPS = new Set(['EQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN']);

export function indexNameOf(role: string | null | undefined): IndexName | null {
  return role === 'created' || role === 'modified' || role === 'id' ? role : null;
}

function rangeIndexOf(f: CompiledFilter): IndexName | null {
  return RANGE_OPS.has(f.op) ? indexNameOf(f.prop.role) : null;
}

function indexFor(view: SearchView, which: IndexName): SortedIndex {
  return which === 'created' ? view.created : which === 'modified' ? view.modified : view.byId;
}

/** Integer keys (ms, ids): turns a filter's real bounds into [lo, hi) on integers. */
function integerInterval(filters: CompiledFilter[]): [number, number] {
  let lo = -Infinity;
  let hi = Infinity;
  for (const f of filters) {
    lo = Math.max(lo, f.loOpen ? Math.floor(f.lo) + 1 : Math.ceil(f.lo));
    hi = Math.min(hi, f.hiOpen ? Math.ceil(f.hi) : Math.floor(f.hi) + 1);
  }
  return [lo, hi];
}

/** The range of index `which` that the group's filters on it (and on the id, when pinned) allow. */
export function planRange(
  view: SearchView,
  filters: CompiledFilter[],
  which: IndexName,
): RangePlan {
  const index = indexFor(view, which);
  const own = filters.filter((f) => rangeIndexOf(f) === which);
  const covered = new Set(own);
  if (own.length === 0) {
    const count = index.count(MIN_BOUND, MAX_BOUND);
    return {
      which,
      index,
      lo: MIN_BOUND,
      hi: MAX_BOUND,
      covered,
      pinned: false,
      count,
      span: count,
    };
  }
  const [kLo, kHi] = integerInterval(own);
  let lo: Bound = { key: kLo, id: -Infinity };
  let hi: Bound = { key: kHi, id: -Infinity };
  const pinned = kHi - kLo === 1;
  let window: IdxWindow | undefined;
  const ids = which === 'id' ? [] : filters.filter((f) => rangeIndexOf(f) === 'id');
  if (ids.length) {
    const [iLo, iHi] = integerInterval(ids);
    ids.forEach((f) => covered.add(f));
    if (pinned) {
      // Within one timestamp entries are in id order, so id filters narrow the same range.
      lo = { key: kLo, id: iLo };
      hi = { key: kLo, id: Math.max(iLo, iHi) };
    } else {
      window = view.idWindow(iLo, Math.max(iLo, iHi));
    }
  }
  const empty = kHi <= kLo || hi.key < lo.key || (hi.key === lo.key && hi.id <= lo.id);
  if (empty) return { which, index, lo, hi: lo, covered, pinned, count: 0, span: 0 };
  const count = index.count(lo, hi, window);
  // In id order the window narrows the walk itself; otherwise the cursor skips over the rest.
  const span = window && !index.idOrdered ? index.count(lo, hi) : count;
  return { which, index, lo, hi, covered, pinned, ...(window ? { window } : {}), count, span };
}

/** Plans for every index the group filters on, and the narrowest of them (else a full id scan). */
/**
 * One plan per index the group filters on (else a full walk of the id index), the plan that
 * walks the fewest entries, and an upper bound on the matches (the smallest count).
 */
export function planGroup(
  view: SearchView,
  filters: CompiledFilter[],
): { plans: RangePlan[]; cheapest: RangePlan; matchBound: number } {
  const byIndex = new Map<IndexName, RangePlan>();
  for (const f of filters) {
    const which = rangeIndexOf(f);
    if (which && !byIndex.has(which)) byIndex.set(which, planRange(view, filters, which));
  }
  const plans = byIndex.size ? [...byIndex.values()] : [planRange(view, [], 'id')];
  const cheapest = plans.reduce((a, b) => (b.span < a.span ? b : a));
  return { plans, cheapest, matchBound: Math.min(...plans.map((p) => p.count)) };
}
