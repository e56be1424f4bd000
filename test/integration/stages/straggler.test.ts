/**
 * Search lag: the sandbox shows each write to search after its own delay (knobs.searchLagMs), so
 * the live poller passes timestamps whose changes surface later. The straggler, running
 * config.stragglerLagMs (5 s here) behind, must catch exactly those, and the mirror converge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLOCK_SKEW_MARGIN_MS,
  POLLER_STAGE,
  STRAGGLER_STAGE,
} from '../../../src/stages/poll/modified-walk.js';
import { pollObject } from '../../../src/stages/poll/poller.js';
import { catchStragglers, createStragglerStage } from '../../../src/stages/poll/straggler.js';
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

beforeAll(async () => {
  h = await openHarness({ seed: 3, portal: { counts: { contacts: 800 } } });
  await h.backfill();
  changes = await listenChanges(h);
});
afterAll(async () => {
  await changes?.close();
  await h?.close();
});

const poll = () => pollObject(h.ctx(), h.object('contacts'));
const straggle = () => catchStragglers(h.ctx(), h.object('contacts'));
const lag = (min: number, max = min) => h.sandbox.control.setKnobs({ searchLagMs: { min, max } });
const diffIds = async () => new Set((await h.diff({ maxDiffs: 10_000 })).map((d) => d.id!));

describe('the straggler poller', () => {
  it('is a stage named straggler that runs every tenth of its lag, at most as often as the poller', () => {
    const stage = createStragglerStage(h.object('contacts'), {
      pollIntervalMs: 5000,
      stragglerLagMs: 600_000,
    });
    expect(stage).toMatchObject({ name: 'straggler', object: 'contacts', intervalMs: 60_000 });
  });

  it('never walks past what the live poller has passed', async () => {
    const ids = touch(h, 'contacts', liveIds(h, 'contacts').slice(0, 20), (id) => ({
      lastname: `First ${id}`,
    }));
    h.clock.now += 10_000;
    expect(await straggle()).toMatchObject({ records: 0, catches: 0 });
    expect(await h.cursor('contacts', STRAGGLER_STAGE)).toBeUndefined();

    expect(await poll()).toMatchObject({ updated: 20 });
    await changes.take();
    h.clock.now += 10_000;
    // The poller's cursor keeps its newest millisecond open (GTE), so the window ends before it.
    expect(await straggle()).toMatchObject({ catches: 0, unchanged: ids.length - 1 });
  });

  it('catches every change search showed too late for the poller, and the mirror converges', async () => {
    lag(0, 3000);
    const all = liveIds(h, 'contacts');
    for (let round = 0; round < 12; round++) {
      const ids = Array.from({ length: 25 }, (_, i) => all[(round * 131 + i * 29) % all.length]!);
      touch(h, 'contacts', ids, (id) => ({ jobtitle: `Round ${round} ${id}` }), 40);
      await poll();
    }
    h.clock.now += 3500; // everything written is visible now
    await poll();
    const missed = await diffIds();
    expect(missed.size).toBeGreaterThan(5);
    // The poller will not find them by itself: they are behind its cursor.
    expect(await poll()).toMatchObject({ updated: 0, inserted: 0 });
    await changes.take();

    h.clock.now += h.config.stragglerLagMs;
    const figures = await straggle();
    expect(figures.catches).toBe(missed.size);
    expect(await h.diff()).toEqual([]);
    const notes = await changes.take();
    expect(new Set(notes.map((n) => n.id))).toEqual(missed);
    expect(notes).toHaveLength(missed.size);

    expect(await straggle()).toMatchObject({ catches: 0 });
    lag(0);
  });

  it('drains a page-sized block of equal timestamps the poller missed', async () => {
    lag(2000);
    const tied = touch(
      h,
      'contacts',
      liveIds(h, 'contacts').slice(200, 650),
      (id) => ({ company: `Tie ${id}` }),
      0,
    );
    lag(0);
    touch(h, 'contacts', [liveIds(h, 'contacts')[700]!], () => ({ company: 'Visible' }), 5);
    expect(await poll()).toMatchObject({ updated: 1 });
    h.clock.now += 2500;
    expect(await poll()).toMatchObject({ updated: 0 });
    expect((await diffIds()).size).toBe(tied.length);

    h.clock.now += h.config.stragglerLagMs;
    const figures = await straggle();
    expect(figures).toMatchObject({ catches: tied.length });
    expect(figures.pages).toBeGreaterThanOrEqual(3);
    expect(await h.diff()).toEqual([]);
    await changes.take();
  });

  it('counts what the poller stores behind the straggler as late finds, and re-reading is harmless', async () => {
    // Visible only after 20 s: later than the straggler's 5 s, so both pass it at first.
    lag(20_000);
    const [late] = touch(h, 'contacts', [liveIds(h, 'contacts')[3]!], () => ({
      firstname: 'Very-Late',
    }));
    lag(0);
    touch(h, 'contacts', [liveIds(h, 'contacts')[4]!], () => ({ firstname: 'On-Time' }), 10);
    expect(await poll()).toMatchObject({ updated: 1, lateFinds: 0 });
    await changes.take();
    h.clock.now += h.config.stragglerLagMs + 1000;
    expect(await straggle()).toMatchObject({ catches: 0 });
    h.clock.now += 20_000;
    expect(await poll()).toMatchObject({ updated: 0 });
    expect(await straggle()).toMatchObject({ catches: 0 });
    expect(await diffIds()).toEqual(new Set([late]));

    // Only a walk over the past finds it: here, the poller's cursor moved back to the start.
    await h.setCursor('contacts', POLLER_STAGE, {
      mode: 'range',
      from: START - CLOCK_SKEW_MARGIN_MS,
      inclusive: true,
    });
    expect(await poll()).toMatchObject({ updated: 1, inserted: 0, lateFinds: 1 });
    expect(await h.diff()).toEqual([]);
    expect(await changes.take()).toEqual([{ table: 'contacts', op: 'update', id: late }]);

    await h.setCursor('contacts', STRAGGLER_STAGE, {
      mode: 'range',
      from: START - CLOCK_SKEW_MARGIN_MS,
      inclusive: true,
    });
    const again = await straggle();
    expect(again).toMatchObject({ catches: 0, skippedStale: 0 });
    expect(again.unchanged).toBeGreaterThan(700);
    expect(await changes.take()).toEqual([]);
  });
});
