import { describe, expect, it } from 'vitest';
import { formatAge, formatFreshness, formatStatus } from '../../../src/cli/status-format.js';
import type { ObjectStatus, StoreStatus } from '../../../src/store/index.js';

const NOW = Date.parse('2026-05-01T12:00:00Z');

function object(patch: Partial<ObjectStatus>): ObjectStatus {
  return {
    objectType: 'contacts',
    apiName: 'contacts',
    objectTypeId: '0-1',
    createdProperty: 'createdate',
    modifiedProperty: 'lastmodifieddate',
    backfillState: 'complete',
    backfillStartedAt: null,
    backfillCompletedAt: null,
    rowsBackfilled: 10,
    lastError: null,
    lastErrorAt: null,
    updatedAt: new Date(NOW),
    freshAsOf: null,
    pollIntervalMs: null,
    rows: 10,
    rowsExact: true,
    latestUpdatedAt: null,
    rejects: 0,
    tombstones: 0,
    cursors: [],
    lagMs: null,
    stragglerCatches: null,
    pollerLateFinds: null,
    lastDeleteCycle: null,
    lastAssociationCycle: null,
    lastStageError: null,
    ...patch,
  };
}

const status = (objects: ObjectStatus[], patch: Partial<StoreStatus> = {}): StoreStatus => ({
  schema: 'hubspot',
  objects,
  apiUsage: { day: '2026-05-01', requests: 1234, rateLimited: 2 },
  apiBudget: null,
  stages: [],
  ...patch,
});

describe('formatAge', () => {
  it('picks the largest sensible unit', () => {
    expect([null, 850, 12_400, 240_000, 3 * 3_600_000, 2 * 86_400_000].map(formatAge)).toEqual([
      '-',
      '850ms',
      '12s',
      '4m',
      '3h',
      '2d',
    ]);
  });
});

describe('formatStatus', () => {
  it('shows freshness, straggler catches, the last delete and association cycles, and the budget', () => {
    const text = formatStatus(
      status(
        [
          object({
            freshAsOf: new Date(NOW - 2_300),
            pollIntervalMs: 1_000,
            lagMs: 2_300,
            stragglerCatches: 4,
            lastDeleteCycle: {
              object: 'contacts',
              finishedAt: new Date(NOW - 5_000),
              figures: { archived: 2, merged: 1, purged: 0, restored: 3, apiCalls: 7 },
              owner: 'host:1',
            },
            lastAssociationCycle: {
              object: 'companies->contacts',
              finishedAt: new Date(NOW - 60_000),
              figures: {
                changedSets: 3,
                rowsInserted: 4,
                rowsUpdated: 1,
                rowsDeleted: 2,
                ids: 300,
                apiCalls: 1,
              },
              owner: 'host:1',
            },
            lastStageError: { stage: 'poller contacts', error: 'HubSpot 502', at: new Date(NOW) },
          }),
        ],
        {
          apiBudget: {
            dailyLimit: 500_000,
            allowedForProcess: 250_000,
            portalRemaining: 400_000,
            portalUsedShare: 0.2,
            reportedAt: new Date(NOW),
          },
        },
      ),
      NOW,
    );
    expect(text).toMatch(/^object\s+rows\s+backfill\s+freshness\s+straggler catches/m);
    expect(text).toMatch(/^contacts\s+10\s+complete\s+fresh 2s ago\s+4\s+0\s+0\s+-$/m);
    expect(text).toContain(
      'contacts deletes 5s ago: archived 2, merged 1, purged 0, restored 3; API calls 7',
    );
    expect(text).toContain(
      'contacts associations 1m ago: companies->contacts: 3 sets changed (+4 ~1 -2 rows) of 300 ids; API calls 1',
    );
    expect(text).toContain('contacts last stage error (poller contacts): HubSpot 502');
    expect(text).toContain('API calls today (2026-05-01 UTC): 1234, rate limited: 2');
    expect(text).toContain(
      'daily quota 500000, 20.0% used by the portal (400000 left); this process may use 250000',
    );
  });

  it('says so when no live stage has run yet', () => {
    const text = formatStatus(status([object({ rows: 5, rowsExact: false })]), NOW);
    expect(text).toMatch(/^contacts\s+~5\s+complete\s+—\s+-/m);
    expect(text).toContain('(none yet: `replicator run` records them)');
    expect(text).not.toContain('daily quota');
  });

  it('shows how fresh a quiet object is, not how old its newest change is', () => {
    const quiet = object({
      freshAsOf: new Date(NOW - 3_000),
      pollIntervalMs: 1_000,
      latestUpdatedAt: new Date(NOW - 8 * 86_400_000).toISOString(),
      lagMs: 8 * 86_400_000,
    });
    const text = formatStatus(status([quiet]), NOW);
    expect(text).toMatch(/^contacts\s+10\s+complete\s+fresh 3s ago\s+/m);
    expect(text).not.toContain('8d');
  });
});

describe('formatFreshness', () => {
  it('is the age of the last completed poll, a dash before one, and backfilling meanwhile', () => {
    const at = (
      freshAsOf: Date | null,
      backfillState: ObjectStatus['backfillState'] = 'complete',
    ) => formatFreshness({ freshAsOf, backfillState }, NOW);
    expect(at(new Date(NOW - 3_000))).toBe('fresh 3s ago');
    expect(at(new Date(NOW - 5 * 60_000))).toBe('fresh 5m ago');
    expect(at(null)).toBe('—');
    expect(at(null, 'running')).toBe('backfilling');
    expect(at(null, 'pending')).toBe('backfilling');
    // A clock a little behind the poller's never shows a negative age.
    expect(at(new Date(NOW + 40))).toBe('fresh 0ms ago');
  });
});
