import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK_SKEW_MARGIN_MS, POLLER_STAGE } from '../../../src/stages/poll/modified-walk.js';
import { createPollerStage, pollObject } from '../../../src/stages/poll/poller.js';
import { upsertRecords } from '../../../src/store/index.js';
import {
  liveIds,
  listenChanges,
  openHarness,
  START,
  touch,
  type Harness,
} from './poller-harness.js';

let h: Harness;
let changes: Awaited<ReturnType<typeof listenChanges>>;
/** Set by a test to act between the requests of a walk. */
let onSearch: ((body: { filterGroups?: unknown[] }) => void | Promise<void>) | undefined;
let searches = 0;

beforeAll(async () => {
  h = await openHarness({
    portal: { counts: { contacts: 1800 } },
    beforeRequest: async (request) => {
      if (!request.path.endsWith('/search')) return;
      searches++;
      await onSearch?.(request.body as { filterGroups?: unknown[] });
    },
  });
  changes = await listenChanges(h);
});
afterAll(async () => {
  await changes?.close();
  await h?.close();
});

const contacts = () => h.object('contacts');
const tick = () => pollObject(h.ctx(), contacts());

async function storedValue(id: string, column: string): Promise<unknown> {
  const { rows } = await sql<{
    v: unknown;
  }>`select ${sql.ref(column)} as v from hubspot.contacts where id = ${id}::bigint`.execute(
    h.store.db,
  );
  return rows[0]?.v;
}

describe('the live poller', () => {
  it('is a stage named poller with the configured interval', () => {
    const stage = createPollerStage(contacts(), { pollIntervalMs: 1234 });
    expect(stage).toMatchObject({ name: 'poller', object: 'contacts', intervalMs: 1234 });
  });

  it('waits for the backfill, and then catches what changed while it ran', async () => {
    expect(await tick()).toEqual({ waiting: 'backfill' });

    // Once the backfill has stored the oldest record, its create-date walk will not read it
    // again: change it then.
    const oldest = liveIds(h, 'contacts')[0]!;
    let changed = false;
    onSearch = async () => {
      if (changed || (await storedValue(oldest, 'id')) === undefined) return;
      changed = true;
      touch(h, 'contacts', [oldest], () => ({ firstname: 'During-Backfill' }));
    };
    await h.backfill();
    onSearch = undefined;
    expect(changed).toBe(true);
    expect(await storedValue(oldest, 'firstname')).not.toBe('During-Backfill');
    expect(await changes.take()).toEqual([
      { table: 'contacts', op: 'backfill_complete', rows: expect.any(Number) },
    ]);

    const first = await tick();
    expect(first).toMatchObject({ updated: 1, inserted: 0, lateFinds: 0, skippedStale: 0 });
    expect(await storedValue(oldest, 'firstname')).toBe('During-Backfill');
    expect(await h.diff()).toEqual([]);
    expect(await changes.take()).toEqual([{ table: 'contacts', op: 'update', id: oldest }]);
  });

  it('stores updates and creates, one notification per changed row, and reports its lag', async () => {
    const ids = liveIds(h, 'contacts').slice(10, 40);
    touch(h, 'contacts', ids, (id) => ({ lastname: `Changed-${id}` }), 7);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      h.clock.now += 3;
      created.push(h.sandbox.control.create('contacts', { email: `new${i}@example.com` }).id);
    }
    const newest = h.clock.now;
    h.clock.now += 2500;
    const figures = await tick();
    expect(figures).toMatchObject({
      inserted: 5,
      updated: 30,
      skippedStale: 0,
      rejected: expect.any(Number),
      lateFinds: 0,
      lagMs: 2500,
    });
    expect(figures.records).toBeGreaterThanOrEqual(35);
    expect(await h.diff()).toEqual([]);
    const notes = await changes.take();
    expect(notes).toHaveLength(35);
    expect(
      notes
        .filter((n) => n.op === 'insert')
        .map((n) => n.id)
        .sort(),
    ).toEqual([...created].sort());
    expect(
      notes
        .filter((n) => n.op === 'update')
        .map((n) => n.id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(notes.every((n) => n.table === 'contacts')).toBe(true);
    expect(newest).toBeGreaterThan(START);
  });

  it('starts the next cycle from its cursor: nothing new is nothing written', async () => {
    searches = 0;
    const figures = await tick();
    expect(figures).toMatchObject({ inserted: 0, updated: 0, pages: 1 });
    // Only the newest timestamp is read again (GTE on the cursor).
    expect(figures.unchanged).toBeLessThanOrEqual(1);
    expect(searches).toBe(1);
    expect(await changes.take()).toEqual([]);
  });

  it('drains more records sharing one millisecond than fit in a page', async () => {
    const ids = liveIds(h, 'contacts').slice(100, 550);
    touch(h, 'contacts', ids, (id) => ({ jobtitle: `Tie ${id}` }), 0);
    searches = 0;
    const figures = await tick();
    expect(figures).toMatchObject({ updated: 450, inserted: 0 });
    expect(figures.pages).toBeGreaterThanOrEqual(3);
    expect(await h.diff()).toEqual([]);
    expect(await changes.take()).toHaveLength(450);
  });

  it('is harmless when it re-reads everything it already stored', async () => {
    const cursor = await h.cursor('contacts', POLLER_STAGE);
    await h.setCursor('contacts', POLLER_STAGE, {
      mode: 'range',
      from: START - CLOCK_SKEW_MARGIN_MS,
      inclusive: true,
    });
    const figures = await tick();
    expect(figures).toMatchObject({ inserted: 0, updated: 0, skippedStale: 0 });
    expect(figures.unchanged).toBeGreaterThanOrEqual(486);
    expect(await changes.take()).toEqual([]);
    expect(await h.cursor('contacts', POLLER_STAGE)).toEqual(cursor);
  });

  it('keeps up with records modified again, and archived, while it walks', async () => {
    const ids = liveIds(h, 'contacts').slice(300, 850);
    expect(ids).toHaveLength(550); // three pages
    touch(h, 'contacts', ids, (id) => ({ company: `Walk ${id}` }), 5);
    const passed = ids[3]!; // on the first page
    const ahead = ids[500]!; // on the third
    const gone = ids[450]!;
    let page = 0;
    onSearch = () => {
      page++;
      if (page === 2) {
        touch(h, 'contacts', [passed], () => ({ company: 'Again 1' }));
        touch(h, 'contacts', [ahead], () => ({ company: 'Ahead 1' }));
        h.clock.now += 1;
        h.sandbox.control.archive('contacts', gone);
      }
      if (page === 3) {
        touch(h, 'contacts', [passed], () => ({ company: 'Again 2' }));
        touch(h, 'contacts', [ahead], () => ({ company: 'Ahead 2' }));
      }
    };
    const figures = await tick();
    onSearch = undefined;
    expect(page).toBeGreaterThanOrEqual(3);
    expect(await storedValue(passed, 'company')).toBe('Again 2');
    expect(await storedValue(ahead, 'company')).toBe('Ahead 2');
    // The archived record is for delete detection; everything else equals the portal.
    expect(await h.diff()).toEqual([
      { object: 'contacts', id: gone, what: 'in Postgres but not live in the portal' },
    ]);
    // Its last change before the archive was never visible to us: still the backfilled row.
    expect(await storedValue(gone, 'company')).not.toBe(`Walk ${gone}`);
    // Every record but the archived one, and the one met again after its page.
    expect(figures.updated).toBe(ids.length - 1 + 1);
    await changes.take();
    expect(await tick()).toMatchObject({ inserted: 0, updated: 0 });
  });

  it('never lets older data overwrite newer', async () => {
    const id = liveIds(h, 'contacts')[5]!;
    touch(h, 'contacts', [id], () => ({ firstname: 'Version-1' }), 10);
    expect(await tick()).toMatchObject({ updated: 1 });
    await changes.take();

    // Version 2 is not visible to search yet, but reaches the mirror another way (a batch read).
    h.sandbox.control.setKnobs({ searchLagMs: { min: 60_000, max: 60_000 } });
    touch(h, 'contacts', [id], () => ({ firstname: 'Version-2' }), 10);
    h.sandbox.control.setKnobs({ searchLagMs: { min: 0, max: 0 } });
    const truth = h.sandbox.control.get('contacts', id, {
      properties: [...contacts().columns.keys()],
    })!;
    await upsertRecords(h.store, 'contacts', [truth], { notify: true });
    expect(await changes.take()).toEqual([{ table: 'contacts', op: 'update', id }]);

    // Search still shows version 1: reading it again must not roll the row back.
    await h.setCursor('contacts', POLLER_STAGE, { mode: 'range', from: START, inclusive: true });
    const figures = await tick();
    expect(figures).toMatchObject({ updated: 0, inserted: 0, skippedStale: 1 });
    expect(await storedValue(id, 'firstname')).toBe('Version-2');
    expect(await changes.take()).toEqual([]);

    h.clock.now += 61_000;
    expect(await tick()).toMatchObject({ updated: 0, inserted: 0 });
    expect(await h.diff({ maxDiffs: 5 })).toHaveLength(1); // only the archived record
  });
});
