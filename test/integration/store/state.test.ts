import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/connection.js';
import { addApiUsage } from '../../../src/store/api-usage.js';
import { readCursor, saveCursor } from '../../../src/store/cursors.js';
import {
  readLatestUpdatedAt,
  readObjectStates,
  setObjectState,
} from '../../../src/store/objects.js';
import { upsertRecords } from '../../../src/store/records.js';
import { readStageRuns, recordStageRun } from '../../../src/store/stage-runs.js';
import { readStatus } from '../../../src/store/status.js';
import { withTransaction } from '../../../src/store/transaction.js';
import {
  applyObjects,
  contactsObject,
  openFixture,
  prop,
  record,
  type Fixture,
} from './fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await openFixture();
  await applyObjects(fx.store, [contactsObject([prop('email'), prop('age', 'number', 'number')])]);
});
afterAll(async () => {
  await fx.close();
});

describe('object state, cursors and status', () => {
  it('saves cursors inside a caller transaction and rolls them back with it', async () => {
    await saveCursor(fx.store, 'contacts', 'poll', { at: 1 });
    await expect(
      withTransaction(fx.store, async (tx) => {
        await saveCursor(tx, 'contacts', 'poll', { at: 2 });
        expect(await readCursor(tx, 'contacts', 'poll')).toEqual({ at: 2 });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await readCursor(fx.store, 'contacts', 'poll')).toEqual({ at: 1 });
    expect(await readCursor(fx.store, 'contacts', 'nothing')).toBeUndefined();
  });

  it('tracks backfill state and the last error', async () => {
    await setObjectState(fx.store, 'contacts', {
      backfillState: 'running',
      backfillStartedAt: '2024-03-01T00:00:00Z',
      lastError: 'boom',
    });
    let [state] = await readObjectStates(fx.store);
    expect(state).toMatchObject({
      objectType: 'contacts',
      backfillState: 'running',
      lastError: 'boom',
      rowsBackfilled: 0,
    });
    expect(state?.lastErrorAt).toBeInstanceOf(Date);
    await setObjectState(fx.store, 'contacts', {
      backfillState: 'complete',
      backfillCompletedAt: new Date(),
      rowsBackfilled: 2,
      lastError: null,
    });
    [state] = await readObjectStates(fx.store);
    expect(state).toMatchObject({
      backfillState: 'complete',
      rowsBackfilled: 2,
      lastError: null,
      lastErrorAt: null,
    });
    expect(state?.backfillStartedAt?.toISOString()).toBe('2024-03-01T00:00:00.000Z');
    await expect(
      setObjectState(fx.store, 'nope', { backfillState: 'running' }),
    ).rejects.toMatchObject({ code: 'STORE_UNKNOWN_OBJECT' });
  });

  it('reports rows, rejects, cursors, newest change and API usage per object', async () => {
    await upsertRecords(
      fx.store,
      'contacts',
      [
        record('1', '2024-03-01T10:00:00.123456Z', { age: 'x' }),
        record('2', '2024-03-01T09:00:00Z', {}),
      ],
      { notify: false, cursor: { stage: 'backfill', value: { from: 5 } } },
    );
    await addApiUsage(fx.store, { requests: 7, rateLimited: 1 });
    await addApiUsage(fx.store, { requests: 3 });
    const status = await readStatus(fx.store);
    expect(status.apiUsage).toMatchObject({ requests: 10, rateLimited: 1 });
    expect(status.objects).toHaveLength(1);
    expect(status.objects[0]).toMatchObject({
      objectType: 'contacts',
      rows: 2,
      rowsExact: true,
      rejects: 1,
      tombstones: 0,
      latestUpdatedAt: '2024-03-01T10:00:00.123456+00:00',
      backfillState: 'complete',
    });
    expect(status.objects[0]?.cursors.map((c) => [c.stage, c.value])).toEqual([
      ['backfill', { from: 5 }],
      ['poll', { at: 1 }],
    ]);
  });

  it('adds up the work figures of stage runs but keeps gauges only as the last value', async () => {
    const run = (result: Record<string, number>) =>
      recordStageRun(fx.store, {
        objectType: 'contacts',
        stage: 'gauged',
        startedAt: new Date(),
        result,
        gauges: ['lagMs'],
      });
    await run({ records: 3, lagMs: 500 });
    await run({ records: 4, lagMs: 200 });
    const [stage] = (await readStageRuns(fx.store)).filter((r) => r.stage === 'gauged');
    expect(stage).toMatchObject({ runs: 2, totals: { records: 7 }, lastResult: { lagMs: 200 } });
    expect(stage!.totals).not.toHaveProperty('lagMs');
  });

  it('renders times in UTC whatever the server or database time zone', async () => {
    const { rows } = await sql<{ db: string }>`select current_database() as db`.execute(
      fx.store.db,
    );
    await sql`alter database ${sql.id(rows[0]?.db as string)} set timezone = 'Asia/Kolkata'`.execute(
      fx.store.db,
    );
    const store = openStore({ databaseUrl: fx.database.url, schema: 'hubspot', max: 1 });
    try {
      const zone = await sql<{ tz: string }>`select current_setting('TimeZone') as tz`.execute(
        store.db,
      );
      expect(zone.rows[0]?.tz).toBe('UTC');
      expect(await readLatestUpdatedAt(store, 'contacts')).toBe('2024-03-01T10:00:00.123456+00:00');
    } finally {
      await store.close();
    }
  });
});
