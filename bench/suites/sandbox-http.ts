/**
 * The sandbox under load: a 1,000,000-contact portal with 50 extra properties, limits off.
 * Measures startup, resident memory, and HTTP search latency for 200-record pages of 50
 * properties walked by create date (the backfill's access pattern). The baseline is the same
 * searches called on the in-process portal, so the figures show what HTTP adds.
 */
import { startSandbox } from '../../src/sandbox/index.js';
import type { SearchRequest } from '../../src/sandbox/portal/types.js';

export const name = 'sandbox-http';

const CONTACTS = Number(process.env.BENCH_SANDBOX_CONTACTS ?? 1_000_000);
const PAGES = Number(process.env.BENCH_SANDBOX_PAGES ?? 500);
const PAGE_SIZE = 200;
const SEARCH_CAP = 10_000;

export async function run(): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const sandbox = await startSandbox({
    seed: 1,
    portal: { counts: { contacts: CONTACTS }, extraProperties: 50 },
    knobs: { limits: { enabled: false }, searchLagMs: { min: 0, max: 0 }, tieOrder: 'id' },
  });
  const startupSeconds = (performance.now() - t0) / 1000;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  try {
    const { control } = sandbox;
    const properties = control
      .properties('contacts')
      .map((p) => p.name)
      .slice(0, 50);
    const http = await walkByCreateDate(
      PAGES,
      async (body) => {
        const res = await fetch(`${sandbox.url}/crm/objects/2026-03/contacts/search`, {
          method: 'POST',
          headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (res.status !== 200)
          throw new Error(`search answered ${res.status}: ${await res.text()}`);
        return (await res.json()) as Page;
      },
      properties,
    );
    const model = await walkByCreateDate(
      PAGES,
      async (body) => control.search('contacts', body) as Page,
      properties,
    );
    return {
      contacts: control.count('contacts'),
      propertiesPerRecord: properties.length,
      startupSeconds: round(startupSeconds),
      rssMb: Math.round(rssMb),
      peakRssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      pages: PAGES,
      pageSize: PAGE_SIZE,
      httpSearchP50Ms: round(percentile(http.latencies, 0.5)),
      httpSearchP99Ms: round(percentile(http.latencies, 0.99)),
      httpRecordsPerSecond: Math.round(http.records / (http.seconds || 1)),
      baselineModelSearchP50Ms: round(percentile(model.latencies, 0.5)),
      baselineModelSearchP99Ms: round(percentile(model.latencies, 0.99)),
      httpOverheadP50Ms: round(percentile(http.latencies, 0.5) - percentile(model.latencies, 0.5)),
    };
  } finally {
    await sandbox.close();
  }
}

interface Page {
  results: Array<{ id: string; createdAt: string; properties: Record<string, string | null> }>;
  paging?: { next: { after: string } };
}

/** The backfill's walk: create date ascending; at the 10,000 cap, re-window from the last date. */
async function walkByCreateDate(
  pages: number,
  search: (body: SearchRequest) => Promise<Page>,
  properties: string[],
) {
  const latencies: number[] = [];
  let records = 0;
  let cursor = '0';
  let after = 0;
  const started = performance.now();
  for (let i = 0; i < pages; i++) {
    const body: SearchRequest = {
      filterGroups: [{ filters: [{ propertyName: 'createdate', operator: 'GTE', value: cursor }] }],
      sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
      properties,
      limit: PAGE_SIZE,
      after,
    };
    const t = performance.now();
    const page = await search(body);
    latencies.push(performance.now() - t);
    records += page.results.length;
    const last = page.results[page.results.length - 1];
    if (!page.paging || !last) break;
    after = Number(page.paging.next.after);
    if (after + PAGE_SIZE > SEARCH_CAP) {
      cursor = String(Date.parse(last.createdAt));
      after = 0;
    }
  }
  return { latencies, records, seconds: (performance.now() - started) / 1000 };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
