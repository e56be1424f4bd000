import { describe, expect, it } from 'vitest';
import { formatAge, formatStatus } from '../../../src/cli/status-format.js';
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
  it('shows lag, straggler catches, the last delete and association cycles, and the budget', () => {
    const text = formatStatus(
      status(
        [
          object({
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
    expect(text).toMatch(/^contacts\s+10\s+complete\s+2s\s+4\s+0\s+0\s+-$/m);
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
    expect(text).toMatch(/^contacts\s+~5\s+complete\s+-\s+-/m);
    expect(text).toContain('(none yet: `replicator run` records them)');
    expect(text).not.toContain('daily quota');
  });
});
