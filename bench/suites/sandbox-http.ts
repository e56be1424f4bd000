/**
 * The sandbox under load: a 1,000,000-contact portal with 50 extra properties, limits off.
 * Measures startup, resident memory, and HTTP search latency for 200-record pages of 50
 * properties walked by create date (the backfill's access pattern). Baselines: the same
 * searches called on the in-process portal (what HTTP adds), and a bare fastify answering a
 * page of the same size (the floor for any HTTP server in this process).
 */
import Fastify from 'fastify';
import { startSandbox } from '../../src/sandbox/index.js';
import type { SearchRequest } from '../../src/sandbox/portal/types.js';
import { spawnSandbox } from '../lib/processes.js';

export const name = 'sandbox-http';

const CONTACTS = Number(process.env.BENCH_SANDBOX_CONTACTS ?? 1_000_000);
const PAGES = Number(process.env.BENCH_SANDBOX_PAGES ?? 500);
const WARMUP_PAGES = 30;
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
    const searchOverHttp = searchOver(sandbox.url, sandbox.token);
    const searchInProcess = async (body: SearchRequest) => control.search('contacts', body) as Page;
    // Warm both paths up (JIT, lazily built indexes) before measuring.
    await walkByCreateDate(WARMUP_PAGES, properties, searchOverHttp, searchInProcess);
    const { http, model, records, seconds } = await walkByCreateDate(
      PAGES,
      properties,
      searchOverHttp,
      searchInProcess,
    );
    const floor = await timeBareServer(await searchInProcess(firstPageBody(properties)));
    // The same walk against a sandbox in its own process: the client's fetch and JSON parsing
    // no longer share the server's event loop, as with the replicator in real use.
    const child = await spawnSandbox([
      '--seed',
      '1',
      '--contacts',
      String(CONTACTS),
      '--extra-properties',
      '50',
      '--tie-order',
      'id',
    ]);
    let separate: number[];
    try {
      const searchChild = searchOver(child.url, child.token);
      await walkByCreateDate(WARMUP_PAGES, properties, searchChild, searchInProcess);
      separate = (await walkByCreateDate(PAGES, properties, searchChild, searchInProcess)).http;
    } finally {
      await child.stop();
    }
    const http50 = percentile(http, 0.5);
    const model50 = percentile(model, 0.5);
    return {
      contacts: control.count('contacts'),
      propertiesPerRecord: properties.length,
      startupSeconds: round(startupSeconds),
      rssMb: Math.round(rssMb),
      peakRssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      pages: PAGES,
      pageSize: PAGE_SIZE,
      recordsWalked: records,
      httpSearchP50Ms: round(http50),
      httpSearchP99Ms: round(percentile(http, 0.99)),
      baselineModelSearchP50Ms: round(model50),
      baselineModelSearchP99Ms: round(percentile(model, 0.99)),
      httpOverheadP50Ms: round(http50 - model50),
      httpSeparateProcessSearchP50Ms: round(percentile(separate, 0.5)),
      httpSeparateProcessSearchP99Ms: round(percentile(separate, 0.99)),
      bareFastifySamePageP50Ms: round(floor),
      walkSeconds: round(seconds),
    };
  } finally {
    await sandbox.close();
  }
}

function searchOver(url: string, token: string) {
  return async (body: SearchRequest): Promise<Page> => {
    const res = await fetch(`${url}/crm/objects/2026-03/contacts/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`search answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as Page;
  };
}

interface Page {
  results: Array<{ id: string; createdAt: string; properties: Record<string, string | null> }>;
  paging?: { next: { after: string } };
}

/**
 * The backfill's walk: create date ascending; at the 10,000 cap, re-window from the last date.
 * Each page is asked of the in-process portal and then over HTTP, so both see the same load.
 */
async function walkByCreateDate(
  pages: number,
  properties: string[],
  overHttp: (body: SearchRequest) => Promise<Page>,
  inProcess: (body: SearchRequest) => Promise<Page>,
) {
  const http: number[] = [];
  const model: number[] = [];
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
    let t = performance.now();
    await inProcess(body);
    model.push(performance.now() - t);
    t = performance.now();
    const page = await overHttp(body);
    http.push(performance.now() - t);
    records += page.results.length;
    const last = page.results[page.results.length - 1];
    if (!last) break;
    // No next page either means the end, or that the next page would pass the search cap.
    const atCap = after + page.results.length >= SEARCH_CAP;
    if (!page.paging && !atCap) break;
    after = page.paging ? Number(page.paging.next.after) : SEARCH_CAP;
    if (after + PAGE_SIZE > SEARCH_CAP) {
      cursor = String(Date.parse(last.createdAt));
      after = 0;
    }
  }
  return { http, model, records, seconds: (performance.now() - started) / 1000 };
}

function firstPageBody(properties: string[]): SearchRequest {
  return {
    sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
    properties,
    limit: PAGE_SIZE,
  };
}

/** The floor under any HTTP search: a bare fastify answering one fixed page of the same size. */
async function timeBareServer(page: Page): Promise<number> {
  const app = Fastify({ logger: false });
  app.post('/page', () => page);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const latencies: number[] = [];
  try {
    for (let i = 0; i < 130; i++) {
      const t = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/page`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      await res.json();
      if (i >= 30) latencies.push(performance.now() - t);
    }
  } finally {
    await app.close();
  }
  return percentile(latencies, 0.5);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
