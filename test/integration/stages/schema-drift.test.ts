/**
 * Schema drift while running: new properties (and their values for rows that will not change
 * again), a property appearing while a poller page is in flight, archived properties, type
 * changes, and a refetch that stops halfway and resumes.
 *
 * The sandbox cannot give an old record a value without modifying it (a new property has no
 * values until a record is updated with one, which bumps updatedAt). So "values for records that
 * did not change after the property appeared" is tested with records updated before the mirror
 * knew the property: the poller has already stored those versions, without the new property.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLLER_STAGE } from '../../../src/stages/poll/modified-walk.js';
import { pollObject } from '../../../src/stages/poll/poller.js';
import { introspect } from '../../../src/stages/schema/introspect.js';
import { REFETCH_STAGE } from '../../../src/stages/schema/refetch-plan.js';
import {
  applySchemaChanges,
  createSchemaStage,
  followSchema,
} from '../../../src/stages/schema/drift.js';
import { countRecords, readRejects, upsertRecords } from '../../../src/store/index.js';
import { liveIds, listenChanges, openHarness, touch, type Harness } from './poller-harness.js';

let h: Harness;
let changes: Awaited<ReturnType<typeof listenChanges>>;
let beforeSearch:
  | ((body: {
      filterGroups?: Array<{ filters: Array<{ operator: string }> }>;
    }) => Promise<void> | void)
  | undefined;

beforeAll(async () => {
  h = await openHarness({
    seed: 21,
    portal: { counts: { contacts: 700 } },
    beforeRequest: async (request) => {
      if (request.path.endsWith('/search')) await beforeSearch?.(request.body as never);
    },
  });
  await h.backfill();
  changes = await listenChanges(h);
});
afterAll(async () => {
  await changes?.close();
  await h?.close();
});

const poll = () => pollObject(h.ctx(), h.object('contacts'));
const schemaTick = (signal?: AbortSignal) => followSchema(h.ctx(signal));
const ids = () => liveIds(h, 'contacts');

async function column(id: string, name: string): Promise<unknown> {
  const { rows } = await sql<{
    v: unknown;
  }>`select ${sql.ref(name)} as v from hubspot.contacts where id = ${id}::bigint`.execute(
    h.store.db,
  );
  return rows[0]?.v;
}

async function mapping(property: string) {
  const { rows } = await sql<{ pg_type: string; archived: boolean; column_name: string }>`
    select pg_type, archived, column_name from hubspot._columns
    where object_type = 'contacts' and property = ${property}`.execute(h.store.db);
  return rows[0];
}

const isRefetchSearch = (body: {
  filterGroups?: Array<{ filters: Array<{ operator: string }> }>;
}) => body.filterGroups?.[0]?.filters[0]?.operator === 'HAS_PROPERTY';

describe('the schema stage', () => {
  it('is one portal-wide stage on the schema interval, and does nothing without drift', async () => {
    const stage = createSchemaStage({ schemaIntervalMs: 123_000 });
    expect(stage).toMatchObject({ name: 'schema', intervalMs: 123_000 });
    expect(stage.object).toBeUndefined();
    expect(await schemaTick()).toMatchObject({
      stepsApplied: 0,
      valuesRefetched: 0,
      refetchSearches: 0,
      refetchPending: 0,
    });
  });

  it('adds new properties as columns and fetches their values for rows already stored', async () => {
    h.sandbox.control.createProperty('contacts', {
      name: 'favorite_food',
      type: 'string',
      fieldType: 'text',
    });
    h.sandbox.control.createProperty('contacts', {
      name: 'shoe_size',
      type: 'number',
      fieldType: 'number',
    });
    const fed = touch(h, 'contacts', ids().slice(0, 30), (id, i) => ({
      favorite_food: `Food ${id}`,
      shoe_size: String(36 + (i % 10)),
    }));
    const sized = touch(h, 'contacts', ids().slice(30, 40), () => ({ shoe_size: '44.5' }));
    // The mirror does not know the properties yet: these versions are stored without them.
    expect(await poll()).toMatchObject({ updated: 40 });

    // This one's newest version reaches the mirror while search still shows the older one: a
    // refetch from search values would be refused as older than the row.
    const hidden = fed[0]!;
    h.sandbox.control.setKnobs({ searchLagMs: { min: 60_000, max: 60_000 } });
    touch(h, 'contacts', [hidden], () => ({ lastname: 'Newer' }));
    h.sandbox.control.setKnobs({ searchLagMs: { min: 0, max: 0 } });
    const properties = [...h.object('contacts').columns.keys()];
    const newer = h.sandbox.control.get('contacts', hidden, { properties })!;
    await upsertRecords(h.store, 'contacts', [newer], { notify: true });

    // Created after the last poll: not in the mirror, so the refetch must not write it.
    h.clock.now += 1;
    const fresh = h.sandbox.control.create('contacts', {
      favorite_food: 'Soup',
      email: 'f@x.io',
    }).id;
    await changes.take();
    const rows = await countRecords(h.store, 'contacts');

    const figures = await schemaTick();
    expect(figures).toMatchObject({
      stepsApplied: 2,
      propertiesAdded: 2,
      valuesRefetched: 40,
      rowsRefetched: 40,
      refetchSkippedStale: 0,
      refetchPending: 0,
    });
    expect(await mapping('favorite_food')).toMatchObject({ pg_type: 'text', archived: false });
    expect(await mapping('shoe_size')).toMatchObject({ pg_type: 'numeric' });
    expect(await column(hidden, 'favorite_food')).toBe(`Food ${hidden}`);
    expect(await column(hidden, 'lastname')).toBe('Newer');
    expect(await column(sized[0]!, 'shoe_size')).toBe('44.5');
    expect(await countRecords(h.store, 'contacts')).toBe(rows);
    expect(await h.diff()).toEqual([
      { object: 'contacts', id: fresh, what: 'missing in Postgres' },
    ]);
    const notes = await changes.take();
    expect(new Set(notes.map((n) => n.id))).toEqual(new Set([...fed, ...sized]));
    expect(notes.every((n) => n.op === 'update')).toBe(true);

    // The loop's object list is still the old one here: the poller notices and reads again.
    expect(h.object('contacts').columns.has('favorite_food')).toBe(false);
    expect(await poll()).toMatchObject({ inserted: 1, propertyRefreshes: 1 });
    expect(await column(fresh, 'favorite_food')).toBe('Soup');
    await h.refreshObjects();
    touch(h, 'contacts', fed.slice(1, 4), () => ({ favorite_food: 'Pasta' }));
    expect(await poll()).toMatchObject({ updated: 3, propertyRefreshes: 0 });
    expect(await h.diff()).toEqual([]);

    expect(await schemaTick()).toMatchObject({ stepsApplied: 0, valuesRefetched: 0 });
    await changes.take();
  });

  it('re-reads a poller page that a new column overtook while it was in flight', async () => {
    h.sandbox.control.createProperty('contacts', {
      name: 'pet_name',
      type: 'string',
      fieldType: 'text',
    });
    const owners = touch(h, 'contacts', ids().slice(100, 110), (id) => ({ pet_name: `Rex ${id}` }));
    let armed = true;
    beforeSearch = async () => {
      if (!armed) return;
      armed = false;
      // The page request is already built with the old list; the column appears before it is written.
      const { plan } = await introspect(h.store, h.client, {
        objects: ['contacts'],
        columnBudget: h.config.columnBudget,
        planOnly: true,
      });
      await applySchemaChanges(h.store, plan);
    };
    const figures = await poll();
    beforeSearch = undefined;
    expect(armed).toBe(false);
    expect(figures).toMatchObject({ updated: 10, propertyRefreshes: 1 });
    // No refetch has run, yet the values are there.
    expect(await h.cursor('contacts', REFETCH_STAGE)).toEqual({
      walking: [],
      afterId: '0',
      queued: ['pet_name'],
    });
    expect(await column(owners[0]!, 'pet_name')).toBe(`Rex ${owners[0]}`);
    expect(await h.diff()).toEqual([]);
    expect(await schemaTick()).toMatchObject({ valuesRefetched: 10, rowsRefetched: 0 });
    await h.refreshObjects();
    await changes.take();
  });

  it('keeps an archived property as an archived column with its values', async () => {
    const before = await sql<{
      n: string;
    }>`select count(favorite_food) as n from hubspot.contacts`.execute(h.store.db);
    h.sandbox.control.archiveProperty('contacts', 'favorite_food');
    expect(await schemaTick()).toMatchObject({ stepsApplied: 1, propertiesArchived: 1 });
    expect(await mapping('favorite_food')).toMatchObject({
      archived: true,
      column_name: 'favorite_food',
    });
    await h.refreshObjects();
    const eater = ids()[1]!;
    touch(h, 'contacts', [eater], () => ({ lastname: 'Still-Eats' }));
    expect(await poll()).toMatchObject({ updated: 1 });
    expect(await column(eater, 'favorite_food')).toBe('Pasta');
    const after = await sql<{
      n: string;
    }>`select count(favorite_food) as n from hubspot.contacts`.execute(h.store.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    expect(Number(after.rows[0]!.n)).toBeGreaterThanOrEqual(31);
    expect(await h.diff()).toEqual([]);
    await changes.take();
  });

  it('re-casts a property whose type changes, keeping what does not fit as a reject', async () => {
    h.sandbox.control.createProperty('contacts', {
      name: 'score',
      type: 'string',
      fieldType: 'text',
    });
    const raw = ['12', '7.5', 'abc', ' 3 ', '1,5', '-0.25'];
    const scored = touch(h, 'contacts', ids().slice(200, 206), (_, i) => ({ score: raw[i]! }));
    await poll();
    expect(await schemaTick()).toMatchObject({ propertiesAdded: 1, rowsRefetched: 6 });
    expect(await column(scored[2]!, 'score')).toBe('abc');

    h.sandbox.control.updateProperty('contacts', 'score', { type: 'number', fieldType: 'number' });
    expect(await schemaTick()).toMatchObject({
      stepsApplied: 1,
      typeChanges: 1,
      valuesRefetched: 0,
    });
    expect(await mapping('score')).toMatchObject({ pg_type: 'numeric', column_name: 'score' });
    expect(await column(scored[0]!, 'score')).toBe('12');
    expect(await column(scored[2]!, 'score')).toBeNull();
    const rejects = (await readRejects(h.store, 'contacts')).filter((r) => r.property === 'score');
    expect(rejects.map((r) => r.rawValue).sort()).toEqual(['1,5', 'abc']);
    expect(await h.diff()).toEqual([]);

    await h.refreshObjects();
    touch(h, 'contacts', [scored[2]!], () => ({ score: '42' }));
    expect(await poll()).toMatchObject({ updated: 1 });
    expect(await column(scored[2]!, 'score')).toBe('42');
    expect(
      (await readRejects(h.store, 'contacts')).filter((r) => r.property === 'score'),
    ).toHaveLength(1);
    await changes.take();
  });

  it('resumes a refetch that stopped halfway, writing each row once', async () => {
    h.sandbox.control.createProperty('contacts', {
      name: 'hobby',
      type: 'string',
      fieldType: 'text',
    });
    const hobbyists = touch(h, 'contacts', ids().slice(-450), (id) => ({ hobby: `Chess ${id}` }));
    expect(hobbyists).toHaveLength(450);
    await poll();
    await changes.take();

    const stop = new AbortController();
    let refetchSearches = 0;
    beforeSearch = (body) => {
      if (isRefetchSearch(body) && ++refetchSearches === 2) stop.abort();
    };
    const first = await schemaTick(stop.signal);
    beforeSearch = undefined;
    expect(first).toMatchObject({ propertiesAdded: 1, valuesRefetched: 200, refetchPending: 1 });
    expect(await h.cursor('contacts', REFETCH_STAGE)).toMatchObject({ walking: ['hobby'] });
    expect(await h.diff({ maxDiffs: 1000 })).toHaveLength(250);

    const second = await schemaTick();
    expect(second).toMatchObject({ stepsApplied: 0, valuesRefetched: 250, rowsRefetched: 250 });
    expect(second.refetchPending).toBe(0);
    expect(await h.diff()).toEqual([]);
    const notes = await changes.take();
    expect(notes).toHaveLength(450);
    expect(new Set(notes.map((n) => n.id)).size).toBe(450);
    expect(await h.cursor('contacts', POLLER_STAGE)).toBeDefined();
  });
});
