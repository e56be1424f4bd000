import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredProperty } from '../../../src/schema/catalog.js';
import { readCursor } from '../../../src/store/cursors.js';
import { upsertRecords } from '../../../src/store/records.js';
import { readRejects } from '../../../src/store/rejects.js';
import { withTransaction } from '../../../src/store/transaction.js';
import { applyObjects, openFixture, record, rowsOf, type Fixture } from './fixture.js';

// 800 text columns filled with 12-byte values make a 10 kB row: more than a Postgres page.
const WIDTH = 800;
const properties: DesiredProperty[] = Array.from({ length: WIDTH }, (_, i) => ({
  name: `p${String(i).padStart(3, '0')}`,
  type: 'string',
  fieldType: 'text',
}));
const filled = (value: string) => Object.fromEntries(properties.map((p) => [p.name, value]));

let fx: Fixture;
beforeAll(async () => {
  fx = await openFixture();
  await applyObjects(
    fx.store,
    [
      {
        tableName: 'wide',
        objectTypeId: '2-9',
        createdProperty: 'hs_createdate',
        modifiedProperty: 'hs_lastmodifieddate',
        properties,
      },
    ],
    1000,
  );
});
afterAll(async () => {
  await fx.close();
});

const T1 = '2024-03-01T10:00:00Z';
const T2 = '2024-03-02T10:00:00Z';

describe('a record too wide for a Postgres row', () => {
  it('is kept whole as a reject while the rest of the page and its cursor are written', async () => {
    const page = [
      record('1', T1, { p000: 'small' }),
      record('2', T1, filled('value 123456')),
      record('3', T1, { p001: 'x' }),
    ];
    const summary = await upsertRecords(fx.store, 'wide', page, {
      notify: false,
      cursor: { stage: 'backfill', value: 3 },
    });
    expect(summary).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0,
      skippedStale: 0,
      rejected: 1,
    });
    expect((await rowsOf(fx.store, 'wide')).map((r) => r.id)).toEqual([1, 3]);
    expect(await readCursor(fx.store, 'wide', 'backfill')).toBe(3);
    const [reject] = await readRejects(fx.store, 'wide');
    expect(reject).toMatchObject({
      id: '2',
      property: '_row',
      error: expect.stringMatching(/row too big/),
    });
    expect(JSON.parse(reject?.rawValue as string).properties.p799).toBe('value 123456');

    // A later copy that fits is written and clears the reject.
    expect(
      await upsertRecords(fx.store, 'wide', [record('2', T2, { p000: 'fits now' })], {
        notify: false,
      }),
    ).toMatchObject({ inserted: 1 });
    expect(await readRejects(fx.store, 'wide')).toEqual([]);
  });

  it('does not abort a caller’s transaction', async () => {
    const summary = await withTransaction(fx.store, async (tx) => {
      const result = await upsertRecords(
        tx,
        'wide',
        [record('4', T1, filled('value 123456')), record('5', T1, {})],
        { notify: false },
      );
      await upsertRecords(tx, 'wide', [record('6', T1, {})], { notify: false });
      return result;
    });
    expect(summary).toMatchObject({ inserted: 1, rejected: 1 });
    expect((await rowsOf(fx.store, 'wide')).map((r) => r.id)).toEqual([1, 2, 3, 5, 6]);
  });
});
