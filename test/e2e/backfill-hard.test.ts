/**
 * The hard parts of a backfill, through the real CLI: 12,500 contacts sharing one create
 * millisecond (past the 10,000 search cap) returned in shuffled order, real Professional rate
 * limits, and fault storms. Each run must end exactly equal to the portal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { diffMirror } from '../helpers/mirror.js';

const OBJECTS = ['companies', 'contacts'];
const CONTACTS = 13_000;
const NO_FAULTS = { rate429: 0, rate5xx: 0, rate423: 0, rateDrop: 0, rate207: 0, rateSlow: 0 };

let db: TestDatabase;
let sandbox: Sandbox;

const env = (schema: string, extra: Record<string, string> = {}) => ({
  DATABASE_URL: db.url,
  HUBSPOT_BASE_URL: sandbox.url,
  HUBSPOT_ACCESS_TOKEN: sandbox.token,
  REPLICATOR_SCHEMA: schema,
  REPLICATOR_OBJECTS: OBJECTS.join(','),
  ...extra,
});

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startSandbox({
    port: 0,
    seed: 23,
    portal: {
      counts: { contacts: CONTACTS, companies: 60 },
      bulkImportSize: 12_500,
      archivedRate: 0,
    },
    knobs: { tieOrder: 'shuffled' },
  });
});

afterAll(async () => {
  await sandbox?.close();
  await db?.drop();
});

describe('a portal with 12,500 contacts sharing one create millisecond', () => {
  it('really has the block, beyond what one search can page', () => {
    const created = new Map<string, number>();
    for (const r of sandbox.control.truthRecords('contacts')) {
      created.set(r.createdAt, (created.get(r.createdAt) ?? 0) + 1);
    }
    expect(Math.max(...created.values())).toBeGreaterThanOrEqual(12_500);
  });

  it('backfills under real Professional limits with zero 429s and ~one search per 200 records', async () => {
    sandbox.control.setKnobs({
      limits: { enabled: true, tier: 'professional' },
      faults: NO_FAULTS,
    });
    sandbox.control.resetStats();
    const result = await runCli(['backfill'], env('limits', { HUBSPOT_TIER: 'professional' }));
    expect(result.code, result.stderr).toBe(0);
    const stats = sandbox.control.stats();
    expect(stats.rateLimited).toEqual({ TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 });
    expect(stats.byStatus['429'] ?? 0).toBe(0);
    const searches = stats.byRoute['objects.search'] ?? 0;
    // 1.02 × ⌈records/200⌉ plus a constant per object (slice planning, each slice's last page).
    const perObject = 8;
    expect(searches).toBeLessThanOrEqual(1.02 * Math.ceil(CONTACTS / 200) + 1 + 2 * perObject);
    expect(await diffMirror(db.url, 'limits', sandbox.control, OBJECTS)).toEqual([]);
  });

  it('converges exactly through 429s with Retry-After, 5xx, 423, dropped sockets and 207s', async () => {
    sandbox.control.setKnobs({
      limits: { enabled: false },
      faults: {
        rate429: 0.1,
        retryAfter: true,
        rate5xx: 0.08,
        rate423: 0.03,
        rateDrop: 0.03,
        rate207: 0.3,
      },
    });
    sandbox.control.resetStats();
    const result = await runCli(['backfill'], env('faults', { HUBSPOT_PACING: 'off' }));
    expect(result.code, result.stderr).toBe(0);
    const faults = sandbox.control.stats().faults;
    expect(faults['429'] + faults['5xx'] + faults.drop + faults['207']).toBeGreaterThan(5);
    expect(await diffMirror(db.url, 'faults', sandbox.control, OBJECTS)).toEqual([]);
  });

  it('converges exactly through a 429 storm without Retry-After', async () => {
    sandbox.control.setKnobs({
      limits: { enabled: false },
      faults: { ...NO_FAULTS, rate429: 0.1, retryAfter: false },
    });
    sandbox.control.resetStats();
    const result = await runCli(['backfill'], env('storm', { HUBSPOT_PACING: 'off' }));
    expect(result.code, result.stderr).toBe(0);
    expect(sandbox.control.stats().faults['429']).toBeGreaterThan(0);
    expect(await diffMirror(db.url, 'storm', sandbox.control, OBJECTS)).toEqual([]);
  });
});
