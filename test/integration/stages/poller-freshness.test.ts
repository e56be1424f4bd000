/**
 * Freshness: `_objects.fresh_as_of` is the start of the last live poll that walked to the end of
 * what search shows. Null before one; a failed or aborted poll leaves it; it never moves back; a
 * quiet object stays fresh while its newest change grows old.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatStatus } from '../../../src/cli/status-format.js';
import { createHubSpotClient } from '../../../src/hubspot/index.js';
import { createPollerStage, pollObject } from '../../../src/stages/poll/poller.js';
import type { StageContext } from '../../../src/stages/stage.js';
import { readStatus, recordPollCompleted } from '../../../src/store/index.js';
import { liveIds, openHarness, touch, type Harness } from './poller-harness.js';

const DAY = 86_400_000;

let h: Harness;
/** Set by a test to act before each search request of a walk. */
let onSearch: (() => void) | undefined;

beforeAll(async () => {
  h = await openHarness({
    portal: { counts: { contacts: 250 } },
    beforeRequest: (request) => {
      if (request.path.endsWith('/search')) onSearch?.();
    },
  });
});
afterAll(async () => {
  await h?.close();
});

const contacts = () => h.object('contacts');
const tick = (ctx: StageContext = h.ctx()) => pollObject(ctx, contacts());
const state = async () => {
  const status = await readStatus(h.store, { now: h.clock.now });
  return status.objects.find((o) => o.objectType === 'contacts')!;
};

describe('freshness', () => {
  it('is null before the first completed poll, backfill or not', async () => {
    expect(await state()).toMatchObject({ freshAsOf: null, pollIntervalMs: null });
    expect(await tick()).toEqual({ waiting: 'backfill' });
    expect(await state()).toMatchObject({ freshAsOf: null, pollIntervalMs: null });
    expect(formatStatus(await readStatus(h.store), h.clock.now)).toMatch(
      /^contacts\s+\d+\s+pending\s+backfilling\s/m,
    );

    await h.backfill();
    expect(await state()).toMatchObject({ backfillState: 'complete', freshAsOf: null });
    expect(formatStatus(await readStatus(h.store), h.clock.now)).toMatch(
      /^contacts\s+\d+\s+complete\s+—\s/m,
    );
  });

  it("after a poll is that poll's start, with the interval the poller ran with", async () => {
    h.clock.now += 1_000;
    const started = h.clock.now;
    // The clock moves while the walk runs: the start is what counts, not the end.
    onSearch = () => {
      h.clock.now += 700;
    };
    await tick();
    onSearch = undefined;
    expect(h.clock.now).toBeGreaterThan(started);
    expect(await state()).toMatchObject({
      freshAsOf: new Date(started),
      pollIntervalMs: h.config.pollIntervalMs,
    });

    // The stage records the interval it runs with, and a later poll moves it on.
    const stage = createPollerStage(contacts(), { pollIntervalMs: 2_500 });
    h.clock.now += 2_500;
    const second = h.clock.now;
    await stage.tick(h.ctx());
    expect(await state()).toMatchObject({ freshAsOf: new Date(second), pollIntervalMs: 2_500 });

    const json = JSON.parse(JSON.stringify(await readStatus(h.store))) as {
      objects: Array<Record<string, unknown>>;
    };
    expect(json.objects[0]).toMatchObject({
      freshAsOf: new Date(second).toISOString(),
      pollIntervalMs: 2_500,
    });
  });

  it('stays recent for a quiet object while its newest change grows old', async () => {
    const { latestUpdatedAt } = await state();
    h.clock.now += 8 * DAY;
    const started = h.clock.now;
    const figures = await tick();
    expect(figures).toMatchObject({ inserted: 0, updated: 0 });
    h.clock.now += 3_000;
    const quiet = await state();
    expect(quiet.latestUpdatedAt).toBe(latestUpdatedAt);
    expect(quiet.lagMs).toBeGreaterThan(8 * DAY);
    expect(quiet.freshAsOf).toEqual(new Date(started));
    const text = formatStatus(await readStatus(h.store, { now: h.clock.now }), h.clock.now);
    expect(text).toMatch(/^contacts\s+\d+\s+complete\s+fresh 3s ago\s/m);
    expect(text).not.toMatch(/\b8d\b/);
  });

  it('is not advanced by a failed poll', async () => {
    const before = (await state()).freshAsOf;
    const [id] = touch(h, 'contacts', [liveIds(h, 'contacts')[0]!], () => ({
      firstname: 'After-Failure',
    }));
    h.clock.now += 1_000;
    // Every request a 5xx; a client that gives up at once, so the tick fails quickly.
    const failing = createHubSpotClient(
      { ...h.config.hubspot, budgetShare: 1 },
      { limits: 'off', sleep: async () => {}, retry: { maxAttempts: 2 } },
    );
    h.sandbox.control.setKnobs({ faults: { rate5xx: 1 } });
    try {
      await expect(tick({ ...h.ctx(), client: failing })).rejects.toThrow();
    } finally {
      h.sandbox.control.setKnobs({ faults: { rate5xx: 0 } });
    }
    expect((await state()).freshAsOf).toEqual(before);

    // The next poll that completes catches the change and moves freshness to its start.
    h.clock.now += 1_000;
    const started = h.clock.now;
    expect(await tick()).toMatchObject({ updated: 1 });
    expect((await state()).freshAsOf).toEqual(new Date(started));
    expect(id).toBeDefined();
  });

  it('is not advanced by a poll aborted before the end of what search shows', async () => {
    const before = (await state()).freshAsOf;
    // More changes than one search page holds: the walk needs several pages.
    touch(h, 'contacts', liveIds(h, 'contacts').slice(0, 230), (_, i) => ({
      firstname: `Aborted-${i}`,
    }));
    h.clock.now += 1_000;
    const controller = new AbortController();
    let pages = 0;
    onSearch = () => {
      if (++pages === 2) controller.abort();
    };
    try {
      await tick(h.ctx(controller.signal)).catch(() => undefined);
    } finally {
      onSearch = undefined;
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    expect((await state()).freshAsOf).toEqual(before);

    h.clock.now += 1_000;
    const started = h.clock.now;
    await tick();
    expect((await state()).freshAsOf).toEqual(new Date(started));
    expect(await h.diff()).toEqual([]);
  });

  it('never moves back: an older poll finishing late leaves it', async () => {
    const { freshAsOf } = await state();
    await recordPollCompleted(h.store, 'contacts', {
      startedAt: freshAsOf!.getTime() - 60_000,
      intervalMs: 4_000,
    });
    expect(await state()).toMatchObject({ freshAsOf, pollIntervalMs: 4_000 });
    await expect(
      recordPollCompleted(h.store, 'nosuchobject', { startedAt: 0, intervalMs: 1 }),
    ).rejects.toThrow(/nosuchobject/);
  });
});
