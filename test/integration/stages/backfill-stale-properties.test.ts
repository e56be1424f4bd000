/**
 * A property added while backfill pages are in flight: those pages were asked for with the old
 * property list, so writing them would pass their records without the new values (only a
 * refetch that happened to come later would fill them). The write refuses, and the slice reads
 * the page again with the new list.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { backfillObject } from '../../../src/stages/backfill/backfill.js';
import { introspect } from '../../../src/stages/schema/introspect.js';
import { applySchemaChanges } from '../../../src/stages/schema/drift.js';
import { liveIds, openHarness, touch, type Harness } from './poller-harness.js';

let h: Harness;
let beforePageSearch: (() => Promise<void>) | undefined;

beforeAll(async () => {
  h = await openHarness({
    seed: 23,
    portal: { counts: { contacts: 700 } },
    beforeRequest: async (request) => {
      const body = request.body as { limit?: number } | undefined;
      if (request.path.endsWith('/search') && body?.limit === 200) await beforePageSearch?.();
    },
  });
});
afterAll(async () => {
  await h?.close();
});

it('reads again a backfill page that a new column overtook, so no record misses its value', async () => {
  h.sandbox.control.createProperty('contacts', {
    name: 'pet_name',
    type: 'string',
    fieldType: 'text',
  });
  const owners = touch(h, 'contacts', liveIds(h, 'contacts').slice(0, 700), (id) => ({
    pet_name: `Rex ${id}`,
  })).filter((_, i) => i % 7 === 0);
  // Every slice's first page is asked for with the old list; none is answered before the
  // column exists.
  let applied: Promise<void> | undefined;
  beforePageSearch = () =>
    (applied ??= (async () => {
      const { plan } = await introspect(h.store, h.client, {
        objects: ['contacts'],
        columnBudget: h.config.columnBudget,
        planOnly: true,
      });
      await applySchemaChanges(h.store, plan);
    })());

  const result = await backfillObject(
    { store: h.store, client: h.client, now: () => new Date(h.clock.now) },
    h.object('contacts'),
    [],
  );
  beforePageSearch = undefined;
  expect(applied).toBeDefined();
  expect(result.finished).toBe(true);
  expect(result.propertyRefreshes).toBeGreaterThanOrEqual(1);
  const { rows } = await sql<{ id: string; pet_name: string | null }>`
    select id::text, pet_name from hubspot.contacts where id = any(${owners}::bigint[])`.execute(
    h.store.db,
  );
  expect(rows).toHaveLength(owners.length);
  for (const row of rows) expect(row.pet_name).toBe(`Rex ${row.id}`);
  // No refetch has run: every value came with its page.
  await h.refreshObjects();
  expect(await h.diff()).toEqual([]);
});
