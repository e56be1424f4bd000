/**
 * The delete stage against the sandbox and a real Postgres, ticks driven directly: archives,
 * restores, merges (survivor first, and survivor late), purges, a type without an archived list,
 * a long archived list spread over ticks and resumed by a new stage instance, and an idle tick.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchReadObjects, type HubSpotClient } from '../../../src/hubspot/index.js';
import { createDeleteStage } from '../../../src/stages/deletes/deletes.js';
import { deleteRecords, upsertRecords } from '../../../src/store/index.js';
import { diffMirror } from '../../helpers/mirror.js';
import {
  listenForChanges,
  openStageFixture,
  settle,
  SCHEMA,
  type StageFixture,
} from './deletes-fixture.js';
import { propertiesToRead } from '../../../src/stages/catalog-object.js';

const HOUR = 3_600_000;
const OBJECTS = ['companies', 'contacts', 'deals', 'quotes'];

let fx: StageFixture;
let listener: Awaited<ReturnType<typeof listenForChanges>>;
/** The stages' clock: the id sweep's spacing is tested by moving it. */
let clock = Date.now();
const now = () => clock;

beforeAll(async () => {
  fx = await openStageFixture({
    seed: 11,
    objects: OBJECTS,
    portal: {
      counts: { contacts: 400, companies: 60, deals: 120, quotes: 30 },
      archivedRate: 0.05,
    },
  });
  listener = await listenForChanges(fx.db.url);
});

afterAll(async () => {
  await listener?.close();
  await fx?.close();
});

const live = (type: string) => [...fx.sandbox.control.truthRecords(type)].map((r) => r.id);
const tombstone = async (type: string, id: string) =>
  (
    await fx.query<{ reason: string; deleted_at: Date; merged_into: string | null }>(
      `select reason, deleted_at, merged_into::text from ${SCHEMA}._deleted where object_type = $1 and id = $2`,
      [type, id],
    )
  )[0];
const rowExists = async (type: string, id: string) =>
  (await fx.query(`select 1 from ${SCHEMA}.${type} where id = $1`, [id])).length === 1;
const associationCount = async (type: string, id: string) =>
  Number(
    (
      await fx.query<{ n: string }>(
        `select count(*) as n from ${SCHEMA}.associations
         where (from_type = $1 and from_id = $2) or (to_type = $1 and to_id = $2)`,
        [type, id],
      )
    )[0]!.n,
  );

/** What the pollers would do with a changed record: read it and upsert it. */
async function pollRecord(type: string, id: string) {
  const object = fx.object(type);
  const { results } = await batchReadObjects(fx.client, type, [id], propertiesToRead(object), {
    priority: 'live',
  });
  await upsertRecords(fx.store, type, results, { notify: true });
}

const contactsStage = () => createDeleteStage(fx.object('contacts'), fx.config);

describe('the delete stage', () => {
  it('leaves a fresh mirror alone: records archived before the backfill need no tombstone', async () => {
    expect(fx.sandbox.control.truthArchivedIds('contacts').length).toBeGreaterThan(5);
    const figures = await fx.tick(contactsStage(), { now });
    expect(figures).toMatchObject({
      archived: 0,
      purged: 0,
      merged: 0,
      restored: 0,
      archivedPass: 'complete',
      idPass: 'complete',
      archivedPages: 1,
      idPages: 4,
    });
    // The archived page, four live pages, and nothing to confirm.
    expect(figures.apiCalls).toBe(5);
    expect(await fx.query(`select * from ${SCHEMA}._deleted`)).toEqual([]);
    expect(await diffMirror(fx.db.url, SCHEMA, fx.sandbox.control, OBJECTS)).toEqual([]);
  });

  it('deletes an archived record with its associations, tombstoned at archivedAt, and notifies', async () => {
    const [row] = await fx.query<{ id: string }>(
      `select to_id::text as id from ${SCHEMA}.associations
       where from_type = 'companies' and to_type = 'contacts' limit 1`,
    );
    const id = row!.id;
    expect(await associationCount('contacts', id)).toBeGreaterThan(0);
    fx.sandbox.control.archive('contacts', id);
    const archivedAt = fx.sandbox.control.get('contacts', id, { archived: true })!.archivedAt!;
    listener.events.length = 0;

    const figures = await fx.tick(contactsStage(), { now });
    expect(figures).toMatchObject({ archived: 1, purged: 0, idPass: 'idle' });
    expect(await rowExists('contacts', id)).toBe(false);
    expect(await associationCount('contacts', id)).toBe(0);
    const stone = await tombstone('contacts', id);
    expect(stone).toMatchObject({ reason: 'archived', merged_into: null });
    expect(stone!.deleted_at.toISOString()).toBe(new Date(archivedAt).toISOString());
    await settle();
    expect(listener.events).toContainEqual({ table: 'contacts', op: 'delete', id });
    expect(await diffMirror(fx.db.url, SCHEMA, fx.sandbox.control, OBJECTS)).toEqual([]);

    // The next tick finds nothing more to do.
    expect(await fx.tick(contactsStage(), { now })).toMatchObject({ archived: 0, restored: 0 });
  });

  it('brings a restored record back within one tick, equal to the portal, and notifies', async () => {
    const [stone] = await fx.query<{ id: string }>(
      `select id::text from ${SCHEMA}._deleted where object_type = 'contacts' and reason = 'archived'`,
    );
    const id = stone!.id;
    fx.sandbox.control.restore('contacts', id);
    listener.events.length = 0;

    const figures = await fx.tick(contactsStage(), { now });
    expect(figures).toMatchObject({ restored: 1, archived: 0 });
    expect(await rowExists('contacts', id)).toBe(true);
    expect(await tombstone('contacts', id)).toBeUndefined();
    await settle();
    expect(listener.events).toContainEqual({ table: 'contacts', op: 'insert', id });
    // Its associations come back with the association sweeper, not here.
    expect(
      await diffMirror(fx.db.url, SCHEMA, fx.sandbox.control, ['contacts'], {
        associations: false,
      }),
    ).toEqual([]);
  });

  it('removes a merged-away record, tombstoned merged_into the survivor', async () => {
    const [survivor, merged] = live('contacts').slice(10, 12) as [string, string];
    const view = fx.sandbox.control.merge('contacts', survivor, merged);
    expect(view.properties.hs_merged_object_ids).toContain(merged);
    await pollRecord('contacts', survivor);

    const figures = await fx.tick(contactsStage(), { now });
    expect(figures).toMatchObject({ merged: 1, archived: 0, purged: 0 });
    expect(await rowExists('contacts', merged)).toBe(false);
    expect(await rowExists('contacts', survivor)).toBe(true);
    expect(await associationCount('contacts', merged)).toBe(0);
    const stone = await tombstone('contacts', merged);
    expect(stone).toMatchObject({ reason: 'merged', merged_into: survivor });
    expect(stone!.deleted_at.toISOString()).toBe(new Date(view.updatedAt).toISOString());
  });

  it('finds a merge whose survivor is late as gone, then corrects the tombstone when it arrives', async () => {
    const [survivor, merged] = live('contacts').slice(20, 22) as [string, string];
    fx.sandbox.control.merge('contacts', survivor, merged);
    clock += 25 * HOUR;
    const first = await fx.tick(contactsStage(), { now });
    expect(first).toMatchObject({ purged: 1, merged: 0, idPass: 'complete' });
    expect(await tombstone('contacts', merged)).toMatchObject({ reason: 'purged' });

    await pollRecord('contacts', survivor);
    const second = await fx.tick(contactsStage(), { now });
    expect(second).toMatchObject({ retagged: 1, purged: 0, idPass: 'idle' });
    expect(await tombstone('contacts', merged)).toMatchObject({
      reason: 'merged',
      merged_into: survivor,
    });
  });

  it('finds a purged record only with the id mark-and-sweep, when it is due', async () => {
    const id = live('contacts')[30]!;
    fx.sandbox.control.purge('contacts', id);
    const early = await fx.tick(contactsStage(), { now });
    expect(early).toMatchObject({ purged: 0, idPass: 'idle', archivedPass: 'complete' });
    expect(await rowExists('contacts', id)).toBe(true);

    clock += 25 * HOUR;
    const due = await fx.tick(contactsStage(), { now });
    expect(due).toMatchObject({ purged: 1, idPass: 'complete' });
    expect(await rowExists('contacts', id)).toBe(false);
    expect(await tombstone('contacts', id)).toMatchObject({ reason: 'purged', merged_into: null });
    expect(
      await diffMirror(fx.db.url, SCHEMA, fx.sandbox.control, ['contacts'], {
        associations: false,
      }),
    ).toEqual([]);
  });

  it('tags a record archived while the id sweep runs as archived, so a quick restore is found next tick', async () => {
    const id = live('contacts')[50]!;
    clock += 25 * HOUR;
    // The archive lands after the tick's archived sweep read its list, as the id sweep starts.
    let armed = true;
    const client: HubSpotClient = Object.create(fx.client, {
      request: {
        value: (request: Parameters<HubSpotClient['request']>[0]) => {
          if (armed && request.method === 'GET' && !request.qs?.archived) {
            armed = false;
            fx.sandbox.control.archive('contacts', id);
          }
          return fx.client.request(request);
        },
      },
    });
    const figures = await fx.tick(contactsStage(), { now, client });
    expect(armed).toBe(false);
    expect(figures).toMatchObject({ idPass: 'complete', archived: 1, purged: 0 });
    const archivedAt = fx.sandbox.control.get('contacts', id, { archived: true })!.archivedAt!;
    const stone = await tombstone('contacts', id);
    expect(stone).toMatchObject({ reason: 'archived' });
    expect(stone!.deleted_at.toISOString()).toBe(new Date(archivedAt).toISOString());

    fx.sandbox.control.restore('contacts', id);
    const next = await fx.tick(contactsStage(), { now });
    expect(next).toMatchObject({ restored: 1, idPass: 'idle' });
    expect(await rowExists('contacts', id)).toBe(true);
    expect(await tombstone('contacts', id)).toBeUndefined();
  });

  it('corrects a purged tombstone to archived when the archived list shows the record', async () => {
    const id = live('contacts')[40]!;
    // As if an id sweep had found it gone just before the archived sweep saw it.
    await deleteRecords(fx.store, 'contacts', [
      { id, reason: 'purged', deletedAt: new Date(clock).toISOString() },
    ]);
    fx.sandbox.control.archive('contacts', id);
    const archivedAt = fx.sandbox.control.get('contacts', id, { archived: true })!.archivedAt!;
    const figures = await fx.tick(contactsStage(), { now });
    expect(figures).toMatchObject({ retagged: 1, archived: 0, restored: 0 });
    const stone = await tombstone('contacts', id);
    expect(stone).toMatchObject({ reason: 'archived' });
    expect(stone!.deleted_at.toISOString()).toBe(new Date(archivedAt).toISOString());
  });

  it('calls an archived record purged once it leaves the archived list without coming back', async () => {
    const [stone] = await fx.query<{ id: string }>(
      `select id::text from ${SCHEMA}._deleted where object_type = 'contacts' and reason = 'archived'`,
    );
    fx.sandbox.control.purge('contacts', stone!.id);
    const figures = await fx.tick(contactsStage(), { now });
    expect(figures).toMatchObject({ retagged: 1, restored: 0, archived: 0 });
    expect(await tombstone('contacts', stone!.id)).toMatchObject({ reason: 'purged' });
    // Now a purged tombstone, it is no longer read back on every pass.
    expect(await fx.tick(contactsStage(), { now })).toMatchObject({ retagged: 0, apiCalls: 1 });
  });

  it('costs one call per archived page on an idle tick', async () => {
    const archivedPages = Math.ceil(fx.sandbox.control.truthArchivedIds('contacts').length / 100);
    const before = fx.client.stats().requests;
    const figures = await fx.tick(contactsStage(), { now });
    expect(figures).toMatchObject({
      archived: 0,
      purged: 0,
      merged: 0,
      restored: 0,
      retagged: 0,
      idPass: 'idle',
      archivedPages,
      apiCalls: archivedPages,
    });
    expect(fx.client.stats().requests - before).toBe(archivedPages);
  });

  it('spreads a long archived list over ticks, resuming with a new stage instance', async () => {
    const ids = live('deals').slice(0, 105);
    for (const id of ids) fx.sandbox.control.archive('deals', id);
    const total = fx.sandbox.control.truthArchivedIds('deals').length;
    expect(total).toBeGreaterThan(100);
    const passes: string[] = [];
    let archived = 0;
    for (let tick = 0; tick < 5 && passes.at(-1) !== 'complete'; tick++) {
      // A new instance each tick: all the pass's state is in its cursor.
      const stage = createDeleteStage(fx.object('deals'), fx.config, { archivedPagesPerTick: 1 });
      const figures = await fx.tick(stage, { now });
      passes.push(String(figures.archivedPass));
      archived += Number(figures.archived);
      expect(figures.archivedPages).toBe(1);
    }
    expect(passes).toEqual(['partial', 'complete']);
    expect(archived).toBe(105);
    expect(
      await diffMirror(fx.db.url, SCHEMA, fx.sandbox.control, ['deals'], { associations: false }),
    ).toEqual([]);
  });

  it('covers a type without an archived list (quotes) with the id sweep, every tick', async () => {
    const stage = () => createDeleteStage(fx.object('quotes'), fx.config);
    const first = await fx.tick(stage(), { now });
    expect(first).toMatchObject({ archivedPass: 'unsupported', idPass: 'complete', purged: 0 });

    const id = live('quotes')[3]!;
    fx.sandbox.control.archive('quotes', id);
    const gone = await fx.tick(stage(), { now });
    // No archived list to read: the 400 is remembered, and the id sweep runs again at once.
    expect(gone).toMatchObject({
      archivedPass: 'unsupported',
      archivedPages: 0,
      idPass: 'complete',
    });
    expect(gone.purged).toBe(1);
    expect(await rowExists('quotes', id)).toBe(false);
    expect(await associationCount('quotes', id)).toBe(0);

    fx.sandbox.control.restore('quotes', id);
    listener.events.length = 0;
    expect(await fx.tick(stage(), { now })).toMatchObject({ restored: 1, idPass: 'complete' });
    expect(await rowExists('quotes', id)).toBe(true);
    await settle();
    expect(listener.events).toContainEqual({ table: 'quotes', op: 'insert', id });
    expect(
      await diffMirror(fx.db.url, SCHEMA, fx.sandbox.control, ['quotes'], { associations: false }),
    ).toEqual([]);
  });
});
