import { PageCollector, type SortKey } from './page-collector.js';
import type { CompiledFilter } from './search-filters.js';
import {
  indexNameOf,
  planGroup,
  planRange,
  type IndexName,
  type RangePlan,
} from './search-plan.js';
import { RESULT_CAP, type ParsedSearch, type SortSpec } from './search-request.js';
import { comparisonOf, numericValue } from './search-values.js';
import type { SearchView } from './search-view.js';
import type { TypeStore, ValueSource } from './type-store.js';
import type { SearchResponse } from './types.js';

type Predicate = (idx: number, src: ValueSource) => boolean;

export interface SearchContext {
  store: TypeStore;
  view: SearchView;
  tieOrder: 'id' | 'shuffled';
  rng: () => number;
}

/** Runs a parsed search on the lagged view: `total`, one page, and the next offset if any. */
export function executeSearch(ctx: SearchContext, q: ParsedSearch): SearchResponse {
  const { store, view } = ctx;
  const collector = new PageCollector(q.offset, q.limit);
  let total: number;
  if (q.groups.length <= 1) total = searchOneGroup(ctx, q, q.groups[0] ?? [], collector);
  else total = searchManyGroups(ctx, q, collector);

  const idOf = (idx: number) => store.table.ids[idx] as number;
  const page = collector.finish(ctx.tieOrder, idOf, ctx.rng);
  const results = page.map((idx) => store.buildView(idx, q.props, view.source(idx), false));
  const end = q.offset + q.limit;
  const response: SearchResponse = { total, results };
  if (end < Math.min(total, RESULT_CAP)) response.paging = { next: { after: String(end) } };
  return response;
}

function searchOneGroup(
  ctx: SearchContext,
  q: ParsedSearch,
  filters: CompiledFilter[],
  collector: PageCollector,
): number {
  const { view } = ctx;
  const { plans, cheapest, matchBound } = planGroup(view, filters);
  const residualOf = (plan: RangePlan) => predicateFor(ctx, filters, plan.covered, q.query);
  // A plan whose range holds exactly the matches makes `total` a count, not a scan.
  const exact = q.query ? undefined : plans.find((p) => p.covered.size === filters.length);
  const matches = exact ? exact.count : matchBound;
  const sortWhich: IndexName | null = q.sort ? indexNameOf(q.sort.prop.role) : 'id';
  const stream = sortWhich ? chooseStream(view, plans, sortWhich, cheapest, matches, q) : null;

  if (!stream) {
    const found = scan(ctx, cheapest, residualOf(cheapest));
    feedSorted(ctx, found, q.sort, collector);
    return found.length;
  }

  const residual = residualOf(stream);
  let counted = 0;
  let collecting = true;
  // For an id sort, a pinned range is already in id order; a create-date range is walked in id order.
  const idOrder = sortWhich === 'id' && stream.which !== 'id' && !stream.pinned;
  const byId = sortWhich === 'id';
  const ids = ctx.store.table.ids;
  const descending = q.sort?.descending ?? false;
  const cursor = stream.index.cursor(stream.lo, stream.hi, descending, stream.window, idOrder);
  for (let idx = cursor.next(); idx >= 0; idx = cursor.next()) {
    if (residual && !residual(idx, view.source(idx))) continue;
    counted++;
    if (collecting) collecting = collector.push(idx, byId ? (ids[idx] as number) : cursor.key);
    if (!collecting && (exact || stream !== cheapest)) break;
  }
  if (exact) return exact.count;
  if (stream === cheapest) return counted;
  return countMatches(ctx, cheapest, residualOf(cheapest));
}

/**
 * Streams a range already in sort order when walking it to the end of the page is cheaper than
 * scanning the cheapest range and sorting its matches (cost ~ entries touched).
 */
function chooseStream(
  view: SearchView,
  plans: RangePlan[],
  sortWhich: IndexName,
  cheapest: RangePlan,
  matches: number,
  q: ParsedSearch,
): RangePlan | null {
  const ordered = plans.filter(
    (p) => p.which === sortWhich || (sortWhich === 'id' && (p.pinned || p.index.idOrdered)),
  );
  if (ordered.length === 0) ordered.push(planRange(view, [], sortWhich));
  const need = q.offset + q.limit;
  const cost = (p: RangePlan) =>
    p.count === 0 ? 0 : Math.min(p.span, (need * p.span) / Math.max(1, matches));
  const best = ordered.reduce((a, b) => (cost(b) < cost(a) ? b : a));
  const collectCost = cheapest.span + 3 * matches * Math.log2(matches + 2);
  return cost(best) <= collectCost ? best : null;
}

function searchManyGroups(ctx: SearchContext, q: ParsedSearch, collector: PageCollector): number {
  const union = new Set<number>();
  for (const filters of q.groups) {
    const { cheapest } = planGroup(ctx.view, filters);
    for (const idx of scan(ctx, cheapest, predicateFor(ctx, filters, cheapest.covered, q.query)))
      union.add(idx);
  }
  const matches = [...union];
  feedSorted(ctx, matches, q.sort, collector);
  return matches.length;
}

/** The filters a range does not already guarantee, plus the text query; null if none. */
function predicateFor(
  ctx: SearchContext,
  filters: CompiledFilter[],
  covered: Set<CompiledFilter>,
  query: string | null,
): Predicate | null {
  const { store } = ctx;
  const rest = filters.filter((f) => !covered.has(f));
  const queryProps = query
    ? store.spec.queryProperties.map((n) => store.props.live(n)).filter((p) => p !== undefined)
    : [];
  if (rest.length === 0 && !query) return null;
  return (idx, src) => {
    for (const f of rest) if (!f.test(store, idx, src)) return false;
    if (query === null) return true;
    return queryProps.some(
      (p) => store.readValue(idx, p, src)?.toLowerCase().includes(query) ?? false,
    );
  };
}

function scan(ctx: SearchContext, plan: RangePlan, predicate: Predicate | null): number[] {
  const out: number[] = [];
  const cursor = plan.index.cursor(plan.lo, plan.hi, false, plan.window);
  for (let idx = cursor.next(); idx >= 0; idx = cursor.next()) {
    if (!predicate || predicate(idx, ctx.view.source(idx))) out.push(idx);
  }
  return out;
}

function countMatches(ctx: SearchContext, plan: RangePlan, predicate: Predicate | null): number {
  if (!predicate) return plan.count;
  let n = 0;
  const cursor = plan.index.cursor(plan.lo, plan.hi, false, plan.window);
  for (let idx = cursor.next(); idx >= 0; idx = cursor.next())
    if (predicate(idx, ctx.view.source(idx))) n++;
  return n;
}

/** Sorts collected matches by the sort key (values without one last), then id, and pages them. */
function feedSorted(
  ctx: SearchContext,
  matches: number[],
  sort: SortSpec | null,
  collector: PageCollector,
): void {
  const { store, view } = ctx;
  const ids = store.table.ids;
  const keyOf = sortKeyReader(ctx, sort);
  const keys = new Map<number, SortKey>();
  for (const idx of matches) keys.set(idx, keyOf(idx, view.source(idx)));
  const sign = sort?.descending ? -1 : 1;
  matches.sort((a, b) => {
    const ka = keys.get(a) ?? null;
    const kb = keys.get(b) ?? null;
    if (ka !== kb) {
      if (ka === null) return 1;
      if (kb === null) return -1;
      return (ka < kb ? -1 : 1) * sign;
    }
    return (ids[a] as number) - (ids[b] as number);
  });
  for (const idx of matches) if (!collector.push(idx, keys.get(idx) ?? null)) break;
}

function sortKeyReader(
  ctx: SearchContext,
  sort: SortSpec | null,
): (idx: number, src: ValueSource) => SortKey {
  const { store } = ctx;
  if (!sort) return (idx) => store.table.ids[idx] as number;
  const { prop } = sort;
  const comparison = comparisonOf(prop);
  if (comparison !== 'text') {
    return (idx, src) => {
      const n = numericValue(store, idx, prop, src, comparison);
      return Number.isNaN(n) ? null : n;
    };
  }
  return (idx, src) => {
    const v = store.readValue(idx, prop, src);
    return v === null || v === '' ? null : v.toLowerCase();
  };
}
