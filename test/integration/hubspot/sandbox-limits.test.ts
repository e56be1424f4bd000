import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import { createHubSpotClient, type HubSpotClient } from '../../../src/hubspot/client.js';
import { batchReadObjects, listObjectsPage } from '../../../src/hubspot/objects.js';
import { listProperties } from '../../../src/hubspot/properties.js';
import { searchObjects } from '../../../src/hubspot/search.js';
import type { Priority } from '../../../src/hubspot/types.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';

// A burst well past two 10-second windows of the professional bucket (190) and twelve
// seconds of search (5/s), kept to ~25 s so the file stays quick.
const STANDARD_CALLS = 400;
const SEARCH_CALLS = 60;
const PRIORITIES: Priority[] = ['live', 'straggler', 'sweep', 'backfill'];

function clientFor(sandbox: Sandbox, extra: { tier?: 'starter' } = {}): HubSpotClient {
  return createHubSpotClient({
    baseUrl: sandbox.url,
    apiVersion: '2026-03',
    auth: { kind: 'static', token: new Secret(sandbox.token) },
    budgetShare: 1,
    tier: 'professional',
    requestTimeoutMs: 30_000,
    pacing: true,
    ...extra,
  });
}

describe('real professional limits', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: 7,
      knobs: { limits: { enabled: true, tier: 'professional' } },
    });
  });
  afterAll(() => sandbox.close());

  it(`runs ${STANDARD_CALLS} standard calls and ${SEARCH_CALLS} searches with zero 429s`, async () => {
    const client = clientFor(sandbox);
    const contactIds = [...sandbox.control.truthRecords('contacts')].map((r) => r.id).slice(0, 100);
    const started = Date.now();
    const standard = Array.from({ length: STANDARD_CALLS }, (_, i) => {
      const priority = PRIORITIES[i % PRIORITIES.length]!;
      if (i % 4 === 0)
        return listProperties(client, 'contacts', { priority }).then((p) => p.length > 0);
      if (i % 4 === 1)
        return batchReadObjects(client, 'contacts', contactIds, ['email'], { priority }).then(
          (r) => r.results.length === contactIds.length,
        );
      return listObjectsPage(client, 'companies', { priority, limit: 10 }).then(
        (p) => p.results.length === 10,
      );
    });
    const searches = Array.from({ length: SEARCH_CALLS }, (_, i) =>
      searchObjects(
        client,
        'contacts',
        {
          filterGroups: [],
          sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
          properties: ['email'],
          limit: 10,
          ...(i % 2 ? { after: '10' } : {}),
        },
        { priority: PRIORITIES[i % PRIORITIES.length]! },
      ).then((page) => page.results.length === 10),
    );
    let searchMs = 0;
    const searchesDone = Promise.all(searches).then((done) => {
      searchMs = Date.now() - started;
      return done;
    });
    const outcomes = (await Promise.all([Promise.all(standard), searchesDone])).flat();
    const elapsedMs = Date.now() - started;
    expect(outcomes.every(Boolean)).toBe(true);
    const stats = client.stats();
    expect(stats.byPolicy).toEqual({});
    expect(stats.rateLimited429).toBe(0);
    expect(stats.retries).toBe(0);
    expect(sandbox.control.stats().rateLimited).toEqual({
      TEN_SECONDLY_ROLLING: 0,
      SECONDLY: 0,
      DAILY: 0,
    });
    expect(stats.requests).toBe(STANDARD_CALLS + SEARCH_CALLS);
    // Figures for the report: share of the bucket used over the run.
    console.info(
      `limits: ${STANDARD_CALLS} standard + ${SEARCH_CALLS} search in ${elapsedMs} ms; ` +
        `standard ${((STANDARD_CALLS / elapsedMs) * 10_000).toFixed(1)}/10 s of 190, ` +
        `last remaining ${stats.lastRateLimit?.remaining}; ` +
        `search ${((SEARCH_CALLS / searchMs) * 1_000).toFixed(2)}/s of 5`,
    );
    await client.close();
  });
});

describe('a bucket smaller than the client assumed', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: 8,
      knobs: { limits: { enabled: true, tier: 'starter' } },
      // A small, fast window so the test is short; the client learns it from the headers only.
      tierLimits: { starter: { burst: 30, intervalMs: 2_000 } },
    });
  });
  afterAll(() => sandbox.close());

  it('adopts Max and Interval from the headers before any 429', async () => {
    const client = clientFor(sandbox);
    expect(client.tier).toBe('professional');
    const pages = await Promise.all(
      Array.from({ length: 120 }, () =>
        listObjectsPage(client, 'deals', { priority: 'backfill', limit: 5 }),
      ),
    );
    expect(pages.every((page) => page.results.length === 5)).toBe(true);
    expect(client.stats().rateLimited429).toBe(0);
    expect(client.stats().limiter.standard).toMatchObject({ max: 30, intervalMs: 2_000 });
    expect(sandbox.control.stats().rateLimited.TEN_SECONDLY_ROLLING).toBe(0);
    await client.close();
  });
});
