import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readCursor } from '../../../src/store/cursors.js';
import { StoreError } from '../../../src/store/errors.js';
import { upsertRecords } from '../../../src/store/records.js';
import { readRejects } from '../../../src/store/rejects.js';
import { withTransaction } from '../../../src/store/transaction.js';
import {
  applyObjects,
  contactsObject,
  openFixture,
  record,
  rowVersions,
  rowsOf,
  type Fixture,
} from './fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await openFixture();
  await applyObjects(fx.store, [contactsObject()]);
});
afterAll(async () => {
  await fx.close();
});
beforeEach(async () => {
  await sql`truncate hubspot.contacts, hubspot._rejects, hubspot._cursors, hubspot._deleted`.execute(
    fx.store.db,
  );
});

const T1 = '2024-03-01T10:00:00.000Z';
const T2 = '2024-03-02T10:00:00.000Z';
const T0 = '2024-02-28T10:00:00.000Z';
const notify = { notify: true };

const full = {
  email: 'ada@example.com',
  age: '36',
  vip: 'TRUE',
  birthday: '1815-12-10',
  last_seen: '1709287200000',
  hobbies: 'maths; poetry ;',
  tier: 'gold',
  profile: '{"langs":["en","fr"],"n":1.50}',
  'Favourite-Colour': 'green',
};

describe('upsertRecords', () => {
  it('inserts cast values into their columns', async () => {
    const summary = await upsertRecords(fx.store, 'contacts', [record('1', T1, full)], notify);
    expect(summary).toEqual({
      inserted: 1,
      updated: 0,
      unchanged: 0,
      skippedStale: 0,
      rejected: 0,
    });
    const [row] = await rowsOf(fx.store, 'contacts');
    expect(row).toEqual({
      id: 1,
      _created_at: '2024-01-01T00:00:00+00:00',
      _updated_at: '2024-03-01T10:00:00+00:00',
      email: 'ada@example.com',
      age: 36,
      vip: true,
      birthday: '1815-12-10',
      last_seen: '2024-03-01T10:00:00+00:00',
      hobbies: ['maths', 'poetry'],
      tier: 'gold',
      profile: { langs: ['en', 'fr'], n: 1.5 },
      favourite_colour: 'green',
    });
  });

  it('updates newer data, skips unchanged and older data without writing', async () => {
    await upsertRecords(
      fx.store,
      'contacts',
      [record('1', T1, full), record('2', T1, { email: 'b@x' })],
      notify,
    );
    const before = await rowVersions(fx.store, 'contacts');

    const same = await upsertRecords(
      fx.store,
      'contacts',
      [record('1', T1, full), record('2', T1, { email: 'b@x' })],
      notify,
    );
    expect(same).toEqual({ inserted: 0, updated: 0, unchanged: 2, skippedStale: 0, rejected: 0 });
    expect(await rowVersions(fx.store, 'contacts')).toEqual(before);

    const older = await upsertRecords(
      fx.store,
      'contacts',
      [record('1', T0, { ...full, email: 'old@x' })],
      notify,
    );
    expect(older).toEqual({ inserted: 0, updated: 0, unchanged: 0, skippedStale: 1, rejected: 0 });
    expect(await rowVersions(fx.store, 'contacts')).toEqual(before);

    const newer = await upsertRecords(
      fx.store,
      'contacts',
      [record('1', T2, { ...full, email: 'new@x' }), record('3', T2, { email: 'c@x' })],
      notify,
    );
    expect(newer).toEqual({ inserted: 1, updated: 1, unchanged: 0, skippedStale: 0, rejected: 0 });
    const rows = await rowsOf(fx.store, 'contacts');
    expect(rows.map((r) => [r.id, r.email, r._updated_at])).toEqual([
      [1, 'new@x', '2024-03-02T10:00:00+00:00'],
      [2, 'b@x', '2024-03-01T10:00:00+00:00'],
      [3, 'c@x', '2024-03-02T10:00:00+00:00'],
    ]);
  });

  it('writes data as new as the stored row when it differs (a refetch at the same updatedAt)', async () => {
    await upsertRecords(fx.store, 'contacts', [record('1', T1, { email: 'a@x' })], notify);
    const summary = await upsertRecords(
      fx.store,
      'contacts',
      [record('1', T1, { email: 'a@x', tier: 'silver' })],
      notify,
    );
    expect(summary.updated).toBe(1);
    expect((await rowsOf(fx.store, 'contacts'))[0]?.tier).toBe('silver');
  });

  it('treats an absent property as no value, unless only some properties are written', async () => {
    await upsertRecords(fx.store, 'contacts', [record('1', T1, full)], notify);
    await upsertRecords(fx.store, 'contacts', [record('1', T2, { age: '40' })], {
      notify: true,
      onlyProperties: ['age'],
    });
    let [row] = await rowsOf(fx.store, 'contacts');
    expect([row?.age, row?.email, row?.tier]).toEqual([40, 'ada@example.com', 'gold']);
    await upsertRecords(fx.store, 'contacts', [record('1', T2, { age: '40' })], notify);
    [row] = await rowsOf(fx.store, 'contacts');
    expect([row?.age, row?.email, row?.tier]).toEqual([40, null, null]);
  });

  it('stores text exactly, whatever array-literal syntax it contains', async () => {
    const tricky = [
      'a "quoted" \\ back\\slash, {brace} ;',
      'NULL',
      ' spaced ',
      'line\nbreak\ttab',
      '😀 naïve',
      '\\',
      '"',
      '{}',
    ];
    const page = tricky.map((text, i) =>
      record(String(i + 1), T1, { email: text, hobbies: `${text.replace(/;/g, '')};x` }),
    );
    await upsertRecords(fx.store, 'contacts', page, notify);
    const rows = await rowsOf(fx.store, 'contacts');
    expect(rows.map((r) => r.email)).toEqual(tricky);
    expect(rows.map((r) => r.hobbies)).toEqual(
      tricky.map((t) => [t.replace(/;/g, '').trim(), 'x'].filter((v) => v !== '')),
    );
  });

  it('ignores properties that are not mapped', async () => {
    const summary = await upsertRecords(
      fx.store,
      'contacts',
      [record('1', T1, { email: 'a@x', unknown_prop: 'zzz' })],
      notify,
    );
    expect(summary.inserted).toBe(1);
    expect(Object.keys((await rowsOf(fx.store, 'contacts'))[0] ?? {})).not.toContain(
      'unknown_prop',
    );
  });

  it('stores a bad value as NULL with a reject, and a later good value clears it', async () => {
    const bad = { email: 'a@x', age: '1,5', vip: 'yes', birthday: '2023-02-29', profile: '{oops' };
    const first = await upsertRecords(fx.store, 'contacts', [record('1', T1, bad)], notify);
    expect(first).toMatchObject({ inserted: 1, rejected: 4 });
    const [row] = await rowsOf(fx.store, 'contacts');
    expect([row?.email, row?.age, row?.vip, row?.birthday, row?.profile]).toEqual([
      'a@x',
      null,
      null,
      null,
      null,
    ]);
    const rejects = await readRejects(fx.store, 'contacts');
    expect(rejects.map((r) => [r.id, r.property, r.rawValue])).toEqual([
      ['1', 'age', '1,5'],
      ['1', 'birthday', '2023-02-29'],
      ['1', 'profile', '{oops'],
      ['1', 'vip', 'yes'],
    ]);
    expect(rejects[0]?.error).toMatch(/number/);

    // Re-delivery: same rejects, same first-seen time.
    await upsertRecords(fx.store, 'contacts', [record('1', T1, bad)], notify);
    expect(await readRejects(fx.store, 'contacts')).toEqual(rejects);

    // Age fixed, vip emptied (a good value too), the rest still bad.
    await upsertRecords(
      fx.store,
      'contacts',
      [record('1', T2, { ...bad, age: '1.5', vip: '' })],
      notify,
    );
    expect((await readRejects(fx.store, 'contacts')).map((r) => r.property)).toEqual([
      'birthday',
      'profile',
    ]);
    expect((await rowsOf(fx.store, 'contacts'))[0]?.age).toBe(1.5);

    // A stale copy carrying the old bad value does not bring its reject back.
    const stale = await upsertRecords(fx.store, 'contacts', [record('1', T0, bad)], notify);
    expect(stale).toMatchObject({ skippedStale: 1, rejected: 0 });
    expect((await readRejects(fx.store, 'contacts')).map((r) => r.property)).toEqual([
      'birthday',
      'profile',
    ]);
  });

  it('changes nothing at all when the same page arrives twice', async () => {
    const page = [
      record('1', T1, full),
      record('2', T1, { ...full, age: 'x' }),
      record('3', T2, { email: 'c' }),
    ];
    await upsertRecords(fx.store, 'contacts', page, {
      notify: true,
      cursor: { stage: 'backfill', value: { from: 1 } },
    });
    const snapshot = async () => ({
      versions: await rowVersions(fx.store, 'contacts'),
      rows: await rowsOf(fx.store, 'contacts'),
      rejects: await readRejects(fx.store),
      cursor: await readCursor(fx.store, 'contacts', 'backfill'),
    });
    const before = await snapshot();
    const again = await upsertRecords(fx.store, 'contacts', page, {
      notify: true,
      cursor: { stage: 'backfill', value: { from: 1 } },
    });
    expect(again).toEqual({ inserted: 0, updated: 0, unchanged: 3, skippedStale: 0, rejected: 1 });
    expect(await snapshot()).toEqual(before);
  });

  it('keeps the newest copy when a page holds one id twice', async () => {
    const summary = await upsertRecords(
      fx.store,
      'contacts',
      [
        record('1', T2, { email: 'new' }),
        record('1', T1, { email: 'old' }),
        record('2', T1, { email: 'a' }),
        record('2', T1, { email: 'b' }),
      ],
      notify,
    );
    expect(summary).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 1,
      skippedStale: 1,
      rejected: 0,
    });
    expect((await rowsOf(fx.store, 'contacts')).map((r) => r.email)).toEqual(['new', 'b']);
  });

  // `007` becomes `7` at the hubspot/ boundary (test/unit/hubspot/boundary-records.test.ts).
  it('keeps the newest of two copies of one id', async () => {
    const summary = await upsertRecords(
      fx.store,
      'contacts',
      [record('7', T1, { email: 'a' }), record('7', T2, { email: 'b' })],
      notify,
    );
    expect(summary).toMatchObject({ inserted: 1, skippedStale: 1 });
    expect((await rowsOf(fx.store, 'contacts')).map((r) => [r.id, r.email])).toEqual([[7, 'b']]);
  });

  it('lets concurrent writers of the same ids, in any order, finish without deadlock', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => String(i + 1));
    for (let round = 0; round < 4; round += 1) {
      const at = `2024-04-0${round + 1}T00:00:00Z`;
      const forward = ids.map((id) => record(id, at, { email: `f${round}` }));
      const backward = [...ids].reverse().map((id) => record(id, at, { email: `b${round}` }));
      const results = await Promise.all([
        upsertRecords(fx.store, 'contacts', forward, notify),
        upsertRecords(fx.store, 'contacts', backward, notify),
      ]);
      expect(
        results.map((r) => r.inserted + r.updated).reduce((a, b) => a + b),
      ).toBeGreaterThanOrEqual(200);
    }
  });

  it('saves the cursor with the rows, and a failure rolls back both', async () => {
    await upsertRecords(fx.store, 'contacts', [record('1', T1, { email: 'a' })], {
      notify: false,
      cursor: { stage: 'backfill', value: { mode: 'range', from: 1 } },
    });
    expect(await readCursor(fx.store, 'contacts', 'backfill')).toEqual({ mode: 'range', from: 1 });

    // The cursor cannot be stored (jsonb refuses \u0000): the page's rows must not stay either.
    await expect(
      upsertRecords(fx.store, 'contacts', [record('2', T1, { email: 'b' })], {
        notify: false,
        cursor: { stage: 'backfill', value: { mode: 'bad\u0000' } },
      }),
    ).rejects.toBeInstanceOf(StoreError);
    expect((await rowsOf(fx.store, 'contacts')).map((r) => r.id)).toEqual([1]);

    // A failure after the upsert, inside the caller's transaction.
    await expect(
      withTransaction(fx.store, async (tx) => {
        await upsertRecords(tx, 'contacts', [record('3', T1, { email: 'c', age: 'bad' })], {
          notify: false,
          cursor: { stage: 'backfill', value: { mode: 'range', from: 3 } },
        });
        throw new Error('crash between upsert and commit');
      }),
    ).rejects.toThrow(/crash/);
    expect((await rowsOf(fx.store, 'contacts')).map((r) => r.id)).toEqual([1]);
    expect(await readRejects(fx.store)).toEqual([]);
    expect(await readCursor(fx.store, 'contacts', 'backfill')).toEqual({ mode: 'range', from: 1 });
  });

  // A record's id and dates are checked at the hubspot/ boundary; the store trusts them.
  it('refuses records of an object without a table, before writing anything', async () => {
    await expect(
      upsertRecords(fx.store, 'deals', [record('1', T1, {})], notify),
    ).rejects.toMatchObject({
      code: 'STORE_UNKNOWN_OBJECT',
    });
    expect(await rowsOf(fx.store, 'contacts')).toEqual([]);
  });

  it('handles an empty page (cursor only) and ids up to bigint', async () => {
    expect(
      await upsertRecords(fx.store, 'contacts', [], {
        notify: true,
        cursor: { stage: 'poll', value: 5 },
      }),
    ).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 0,
      skippedStale: 0,
      rejected: 0,
    });
    expect(await readCursor(fx.store, 'contacts', 'poll')).toBe(5);
    await upsertRecords(fx.store, 'contacts', [record('9223372036854775807', T1, {})], notify);
    expect((await rowVersions(fx.store, 'contacts'))[0]).toMatch(/^9223372036854775807:/);
  });
});
