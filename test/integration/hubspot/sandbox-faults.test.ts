import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import { createHubSpotClient, type HubSpotClient } from '../../../src/hubspot/client.js';
import { readAllAssociations } from '../../../src/hubspot/associations.js';
import { batchReadObjects, listObjectsPage } from '../../../src/hubspot/objects.js';
import { searchObjects } from '../../../src/hubspot/search.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 13 });
});
afterAll(() => sandbox.close());

function clientFor(apiVersion: '2026-03' | 'legacy'): HubSpotClient {
  return createHubSpotClient(
    {
      baseUrl: sandbox.url,
      apiVersion,
      auth: { kind: 'static', token: new Secret(sandbox.token) },
      budgetShare: 1,
      tier: 'professional',
      requestTimeoutMs: 30_000,
      pacing: true,
    },
    // The sandbox's limits are off here; the faults are what is under test.
    { limits: 'off', timeoutMs: 500 },
  );
}

async function listAllIds(client: HubSpotClient, type: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const page = await listObjectsPage(client, type, {
      priority: 'backfill',
      ...(after ? { after } : {}),
    });
    ids.push(...page.results.map((record) => record.id));
    after = page.paging?.next.after;
  } while (after);
  return ids;
}

const sorted = (values: Iterable<string>) => [...values].sort();

async function readEverything(client: HubSpotClient): Promise<void> {
  const truth = [...sandbox.control.truthRecords('contacts')];
  expect(sorted(await listAllIds(client, 'contacts'))).toEqual(sorted(truth.map((r) => r.id)));

  const { results, missing } = await batchReadObjects(
    client,
    'contacts',
    [...truth.map((r) => r.id), '999999999'],
    ['email', 'firstname'],
    { priority: 'backfill' },
  );
  expect(missing).toEqual(['999999999']);
  expect(results).toHaveLength(truth.length);
  const byId = new Map(results.map((record) => [record.id, record]));
  for (const record of truth) {
    expect(byId.get(record.id)?.properties.email ?? null).toBe(record.properties.email ?? null);
    expect(byId.get(record.id)?.properties.firstname ?? null).toBe(
      record.properties.firstname ?? null,
    );
  }

  const expected = new Map<string, string[]>();
  for (const row of sandbox.control.truthAssociations('companies', 'contacts')) {
    const list = expected.get(row.fromId) ?? [];
    list.push(`${row.toId}:${row.typeId}`);
    expected.set(row.fromId, list);
  }
  const companyIds = [...sandbox.control.truthRecords('companies')].map((r) => r.id);
  const seen = new Map<string, string[]>();
  for await (const set of readAllAssociations(client, 'companies', 'contacts', companyIds, {
    priority: 'sweep',
  })) {
    const pairs = set.targets.flatMap((target) =>
      target.associationTypes.map((type) => `${target.toObjectId}:${type.typeId}`),
    );
    if (pairs.length > 0) seen.set(set.fromId, sorted(pairs));
  }
  expect(seen).toEqual(new Map([...expected].map(([id, pairs]) => [id, sorted(pairs)])));

  const page = await searchObjects(
    client,
    'contacts',
    {
      filterGroups: [],
      sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
      properties: ['email'],
      limit: 100,
    },
    { priority: 'live' },
  );
  expect(page.total).toBe(truth.length);
  expect(page.results).toHaveLength(100);
}

describe('with fault knobs on, every call still returns the right data', () => {
  it('survives 429s with Retry-After, 5xx, 423, drops, slow answers and 207s', async () => {
    sandbox.control.resetStats();
    sandbox.control.setKnobs({
      faults: {
        rate429: 0.1,
        retryAfter: true,
        rate5xx: 0.1,
        rate423: 0.1,
        rateDrop: 0.05,
        rateSlow: 0.05,
        slowMs: 1_500,
        rate207: 0.3,
      },
    });
    const client = clientFor('2026-03');
    await readEverything(client);
    const faults = sandbox.control.stats().faults;
    // Which requests draw which fault depends on arrival order, so only the common ones are pinned.
    expect(faults['429']).toBeGreaterThan(0);
    expect(faults['207']).toBeGreaterThan(0);
    expect(faults['5xx'] + faults['423'] + faults.drop + faults.slow).toBeGreaterThan(0);
    expect(client.stats().retries).toBeGreaterThan(0);
    console.info(
      `faults: ${JSON.stringify(faults)}; client ${JSON.stringify(client.stats().byStatus)}`,
    );
    await client.close();
  });

  it('survives a 429 storm without Retry-After, on the legacy paths', async () => {
    sandbox.control.resetStats();
    sandbox.control.setKnobs({
      faults: {
        rate429: 0.3,
        retryAfter: false,
        rate5xx: 0,
        rate423: 0,
        rateDrop: 0,
        rateSlow: 0,
        rate207: 0,
      },
    });
    const client = clientFor('legacy');
    await readEverything(client);
    expect(sandbox.control.stats().faults['429']).toBeGreaterThan(0);
    expect(client.stats().byPolicy.TEN_SECONDLY_ROLLING).toBeGreaterThan(0);
    expect(sandbox.control.stats().byFamily.dated).toBe(0);
    await client.close();
  });
});
