/**
 * The in-process sandbox portal at scale: a 1,000,000-contact portal with 50+ properties per
 * contact. Measures startup, resident memory, and search latency for 200-record pages with 50
 * properties along the replicator's two walks (create date ascending, modify date ascending,
 * each with its tie drain by hs_object_id), and over 10,000 freshly updated records. Baseline: the same
 * pages answered by the model's scan-and-sort fallback (an OR of two identical filter groups
 * cannot use the sorted indexes), which is what an unindexed model would do for every page.
 */
import {
  createPortal,
  type Portal,
  type SearchFilter,
  type SearchRequest,
} from '../../src/sandbox/portal/index.js';

export const name = 'sandbox-model';

const CONTACTS = Number(process.env.BENCH_SANDBOX_CONTACTS ?? 1_000_000);
const PAGES = Number(process.env.BENCH_SANDBOX_PAGES ?? 400);
const UPDATES = 10_000;
const PAGE_SIZE = 200;

export async function run(): Promise<Record<string, unknown>> {
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const portal = createPortal({
    seed: 1,
    counts: { contacts: CONTACTS },
    extraProperties: 20,
    bulkImportSize: 12_500,
    heavyAssociationCount: 5000,
    knobs: { tieOrder: 'id', searchLagMs: { min: 0, max: 0 } },
  });
  const startupSeconds = (performance.now() - t0) / 1000;
  global.gc?.();
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  const properties = portal
    .properties('contacts')
    .map((p) => p.name)
    .slice(0, 50);

  walk(portal, 'createdate', properties, 20); // warm up the JIT
  const created = walk(portal, 'createdate', properties, PAGES);
  const modified = walk(portal, 'lastmodifieddate', properties, PAGES);
  const mixed = probeDateAndId(portal, properties, 200);
  const bulkAt = bulkBlockTime(portal);
  const throughBulk = walk(portal, 'createdate', properties, 100, { from: bulkAt - 1 });

  const ids = listIds(portal, UPDATES);
  const updatesFrom = Date.now();
  const w0 = performance.now();
  for (const id of ids) portal.update('contacts', id, { firstname: 'Updated' });
  const updatesPerSecond = ids.length / ((performance.now() - w0) / 1000);
  // Many updates share a millisecond here, so this walk drains ties too.
  const overUpdates = walk(portal, 'lastmodifieddate', properties, 80, { from: updatesFrom - 1 });

  const baseline = walk(portal, 'createdate', properties, 5, { forceScan: true });
  return {
    contacts: portal.count('contacts'),
    propertiesPerContact: portal.properties('contacts').length,
    propertiesPerPage: properties.length,
    startupSeconds: round(startupSeconds),
    rssMb: Math.round(rssMb),
    rssGrowthMb: Math.round((process.memoryUsage().rss - rssBefore) / 2 ** 20),
    pageSize: PAGE_SIZE,
    createDateWalk: summary(created),
    modifyDateWalk: summary(modified),
    createDateWalkThroughBulkBlock: summary(throughBulk),
    dateRangeAndIdFilterProbe: summary(mixed),
    updatesPerSecond: Math.round(updatesPerSecond),
    modifyDateWalkOver10kUpdatedRecords: summary(overUpdates),
    baselineScanAndSortPageP50Ms: round(percentile(baseline.times, 0.5)),
    speedupOverScanP50: round(percentile(baseline.times, 0.5) / percentile(created.times, 0.5)),
    peakRssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

interface WalkResult {
  times: number[];
  records: number;
  tiePages: number;
}

/**
 * The replicator's keyset walk: GTE the last timestamp, sorted by it; a page of one timestamp
 * switches to draining that timestamp by hs_object_id.
 */
function walk(
  portal: Portal,
  property: string,
  properties: string[],
  pages: number,
  opts: { forceScan?: boolean; from?: number } = {},
): WalkResult {
  const times: number[] = [];
  let records = 0;
  let tiePages = 0;
  let from: number | null = opts.from ?? null;
  let ties: { at: number; afterId: string } | null = null;
  for (let i = 0; i < pages; i++) {
    let filters: SearchFilter[];
    let sort: string;
    if (ties) {
      filters = [
        { propertyName: property, operator: 'EQ', value: String(ties.at) },
        { propertyName: 'hs_object_id', operator: 'GT', value: ties.afterId },
      ];
      sort = 'hs_object_id';
    } else {
      filters =
        from === null
          ? [{ propertyName: property, operator: 'GTE', value: '0' }]
          : [{ propertyName: property, operator: 'GTE', value: String(from) }];
      sort = property;
    }
    const groups = opts.forceScan ? [{ filters }, { filters }] : [{ filters }];
    const req: SearchRequest = {
      filterGroups: groups,
      sorts: [{ propertyName: sort, direction: 'ASCENDING' }],
      properties,
      limit: PAGE_SIZE,
    };
    const t = performance.now();
    const page = portal.search('contacts', req);
    times.push(performance.now() - t);
    records += page.results.length;
    const keys = page.results.map((r) => Date.parse(r.properties[property] ?? ''));
    if (ties) {
      tiePages++;
      if (page.results.length < PAGE_SIZE) {
        from = ties.at + 1;
        ties = null;
      } else ties.afterId = page.results.at(-1)!.id;
    } else if (page.results.length === PAGE_SIZE && keys[0] === keys.at(-1)) {
      ties = { at: keys[0]!, afterId: '0' };
    } else if (page.results.length < PAGE_SIZE) {
      from = null; // the end: start over
    } else {
      from = keys.at(-1)!;
    }
  }
  return { times, records, tiePages };
}

/**
 * Pages filtered on a date range AND hs_object_id GT (random cursors), sorted by the date or by
 * hs_object_id: the shapes pollers use when they break ties by id.
 */
function probeDateAndId(portal: Portal, properties: string[], queries: number): WalkResult {
  const first = portal.search('contacts', { sorts: ['hs_object_id'], limit: 1 }).results[0]!;
  const last = portal.search('contacts', {
    sorts: [{ propertyName: 'hs_object_id', direction: 'DESCENDING' }],
    limit: 1,
  }).results[0]!;
  const times: number[] = [];
  let records = 0;
  for (let i = 0; i < queries; i++) {
    const property = i % 2 ? 'createdate' : 'lastmodifieddate';
    const u = (i * 0.618_034) % 1;
    const since =
      Date.parse(first.createdAt) + Math.floor(u * (Date.now() - Date.parse(first.createdAt)));
    const afterId = Math.floor(
      Number(first.id) + ((u * 7) % 1) * (Number(last.id) - Number(first.id)),
    );
    const req: SearchRequest = {
      filterGroups: [
        {
          filters: [
            { propertyName: property, operator: i % 3 ? 'GTE' : 'GT', value: String(since) },
            { propertyName: 'hs_object_id', operator: 'GT', value: String(afterId) },
          ],
        },
      ],
      sorts: [{ propertyName: i % 4 < 2 ? property : 'hs_object_id', direction: 'ASCENDING' }],
      properties,
      limit: PAGE_SIZE,
    };
    const t = performance.now();
    records += portal.search('contacts', req).results.length;
    times.push(performance.now() - t);
  }
  return { times, records, tiePages: 0 };
}

function listIds(portal: Portal, count: number): string[] {
  const ids: string[] = [];
  let after: string | undefined;
  while (ids.length < count) {
    const page = portal.list('contacts', { limit: 100, ...(after ? { after } : {}) });
    ids.push(...page.results.map((r) => r.id));
    after = page.paging?.next.after;
    if (!after) break;
  }
  return ids.slice(0, count);
}

/**
 * The create time of the 12,500-contact bulk block, found with search totals alone: binary search
 * for the time of the record in the middle of the block (it sits at 60% of the others).
 */
function bulkBlockTime(portal: Portal): number {
  const total = (operator: 'LT' | 'LTE', t: number) =>
    portal.search('contacts', {
      filterGroups: [{ filters: [{ propertyName: 'createdate', operator, value: String(t) }] }],
      limit: 0,
    }).total;
  const n = portal.count('contacts');
  const k = Math.floor((n - 12_500) * 0.6) + 6_250;
  let lo = 0;
  let hi = Date.now();
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (total('LTE', mid) > k) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function summary(w: WalkResult): Record<string, number> {
  return {
    pages: w.times.length,
    records: w.records,
    tiePages: w.tiePages,
    p50Ms: round(percentile(w.times, 0.5)),
    p99Ms: round(percentile(w.times, 0.99)),
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
