/**
 * A bulk job stamps more than 10,000 records with one last-modified millisecond: the poller must
 * drain them all by id without ever paging past search's 10,000-result cap.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pollObject } from '../../../src/stages/poll/poller.js';
import { catchStragglers } from '../../../src/stages/poll/straggler.js';
import { openHarness, type Harness } from './poller-harness.js';

const BULK = 10_150;
let h: Harness;
const afters: unknown[] = [];

beforeAll(async () => {
  h = await openHarness({
    seed: 5,
    portal: { counts: { contacts: 10_400 }, bulkImportSize: BULK, archivedRate: 0 },
    beforeRequest: (request) => {
      if (request.path.endsWith('/search'))
        afters.push((request.body as { after?: unknown }).after);
    },
  });
  await h.backfill();
}, 120_000);
afterAll(() => h?.close());

it('drains more than 10,000 records changed in one millisecond, without paging past the cap', async () => {
  const byCreated = new Map<string, string[]>();
  for (const r of h.sandbox.control.truthRecords('contacts')) {
    byCreated.set(r.createdAt, [...(byCreated.get(r.createdAt) ?? []), r.id]);
  }
  const bulk = [...byCreated.values()].sort((a, b) => b.length - a.length)[0]!;
  expect(bulk.length).toBe(BULK);

  // One frozen millisecond for every update, as HubSpot's own bulk jobs do.
  h.clock.now += 1000;
  for (const id of bulk) h.sandbox.control.update('contacts', id, { jobtitle: `Bulk ${id}` });
  h.sandbox.control.resetStats();
  afters.length = 0;

  const figures = await pollObject(h.ctx(), h.object('contacts'));
  expect(figures).toMatchObject({ updated: BULK, inserted: 0, skippedStale: 0, lateFinds: 0 });
  expect(figures.pages).toBeGreaterThan(Math.ceil(BULK / 200));
  const stats = h.sandbox.control.stats();
  expect(stats.byStatus['400']).toBeUndefined();
  expect(afters.every((a) => a === undefined)).toBe(true);
  expect(await h.diff()).toEqual([]);

  // The straggler walks the same window later and finds nothing the poller missed.
  h.clock.now += h.config.stragglerLagMs + 1000;
  const late = await catchStragglers(h.ctx(), h.object('contacts'));
  expect(late).toMatchObject({ catches: 0, skippedStale: 0 });
  // A first page that is all one millisecond is stored, then drained again by id from the start.
  expect(late.records).toBe(BULK + 200);
  expect(late.unchanged).toBe(late.records);
});
