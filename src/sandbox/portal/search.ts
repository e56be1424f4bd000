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

/** Above this many candidates, a sort on another index streams that index instead of sorting. */
const COLLECT_LIMIT = 20_000;

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
  const { best, plans } = planGroup(view, filters);
  const sortWhich: IndexName | null = q.sort ? indexNameOf(q.sort.prop.role) : 'id';
  const descending = q.sort?.descending ?? false;
  const bestResidual = predicateFor(ctx, filters, best.covered, q.query);

  let stream: RangePlan | null = null;
  if (sortWhich && (best.which === sortWhich || (sortWhich === 'id' && best.pinned))) stream = best;
  else if (sortWhich) {
    // Walking the sort index stops after one page; collecting and sorting pays off only when
    // the filtered range is much smaller than the sort index's own range.
    const sortPlan = plans.get(sortWhich) ?? planRange(view, [], sortWhich);
    if (best.count > COLLECT_LIMIT || best.count * 4 >= sortPlan.count) stream = sortPlan;
  }

  if (!stream) {
    const matches = scan(ctx, best, bestResidual);
    feedSorted(ctx, matches, q.sort, collector);
    return matches.length;
  }

  const residual =
    stream === best ? bestResidual : predicateFor(ctx, filters, stream.covered, q.query);
  const exactCount = bestResidual === null ? best.count : -1;
  let counted = 0;
  let collecting = true;
  const byId = sortWhich !== stream.which;
  const ids = ctx.store.table.ids;
  const cursor = stream.index.cursor(stream.lo, stream.hi, descending, stream.window);
  for (let idx = cursor.next(); idx >= 0; idx = cursor.next()) {
    if (residual && !residual(idx, view.source(idx))) continue;
    counted++;
    // A pinned range streamed for an id sort is in id order; its index key is the same throughout.
    if (collecting) collecting = collector.push(idx, byId ? (ids[idx] as number) : cursor.key);
    if (!collecting && (exactCount >= 0 || stream !== best)) break;
  }
  if (exactCount >= 0) return exactCount;
  if (stream === best) return counted;
  return countMatches(ctx, best, bestResidual);
}

function searchManyGroups(ctx: SearchContext, q: ParsedSearch, collector: PageCollector): number {
  const union = new Set<number>();
  for (const filters of q.groups) {
    const { best } = planGroup(ctx.view, filters);
    for (const idx of scan(ctx, best, predicateFor(ctx, filters, best.covered, q.query)))
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
