import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { normaliseAssociation, type AssociationRow } from '../../../src/schema/associations.js';
import { AssociationShapeError } from '../../../src/schema/errors.js';
import {
  readAssociations,
  replaceAssociationsFor,
  upsertAssociations,
} from '../../../src/store/associations.js';
import { deleteRecords, readTombstones, restoreTombstone } from '../../../src/store/deletes.js';
import { upsertRecords } from '../../../src/store/records.js';
import { readRejects } from '../../../src/store/rejects.js';
import {
  applyObjects,
  contactsObject,
  openFixture,
  prop,
  record,
  rowsOf,
  type Fixture,
} from './fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await openFixture();
  await applyObjects(fx.store, [
    contactsObject([prop('email'), prop('age', 'number', 'number')]),
    {
      tableName: 'companies',
      objectTypeId: '0-2',
      createdProperty: 'createdate',
      modifiedProperty: 'hs_lastmodifieddate',
      properties: [prop('name')],
    },
    {
      tableName: 'deals',
      objectTypeId: '0-3',
      createdProperty: 'createdate',
      modifiedProperty: 'hs_lastmodifieddate',
      properties: [prop('dealname')],
    },
  ]);
});
afterAll(async () => {
  await fx.close();
});
beforeEach(async () => {
  await sql`truncate hubspot.contacts, hubspot.companies, hubspot.deals, hubspot.associations, hubspot._deleted, hubspot._rejects`.execute(
    fx.store.db,
  );
});

const T1 = '2024-03-01T10:00:00Z';
const T2 = '2024-03-02T10:00:00Z';
const T3 = '2024-03-03T10:00:00Z';

const assoc = (
  fromType: string,
  fromId: string,
  toType: string,
  toId: string,
  typeId: number,
  label: string | null = null,
): AssociationRow => ({
  fromType,
  fromId,
  toType,
  toId,
  typeId,
  category: label ? 'USER_DEFINED' : 'HUBSPOT_DEFINED',
  label,
});

async function seed() {
  await upsertRecords(
    fx.store,
    'contacts',
    ['1', '2', '3'].map((id) =>
      record(id, T1, { email: `${id}@x`, age: id === '2' ? 'old' : '30' }),
    ),
    {
      notify: false,
    },
  );
  await upsertRecords(fx.store, 'companies', [record('100', T1, { name: 'Acme' })], {
    notify: false,
  });
  await upsertRecords(fx.store, 'deals', [record('500', T1, { dealname: 'Big' })], {
    notify: false,
  });
  await upsertAssociations(fx.store, [
    assoc('companies', '100', 'contacts', '1', 280),
    assoc('companies', '100', 'contacts', '2', 280),
    assoc('contacts', '2', 'deals', '500', 4),
    assoc('contacts', '3', 'deals', '500', 4),
  ]);
}

describe('deleteRecords', () => {
  it('deletes rows, their associations in both directions and rejects, and writes tombstones', async () => {
    await seed();
    const summary = await deleteRecords(fx.store, 'contacts', [
      { id: '2', reason: 'merged', mergedInto: '1', deletedAt: T2 },
      { id: '9', reason: 'purged', deletedAt: T2 },
    ]);
    expect(summary).toEqual({ deleted: 1, tombstoned: 2, skippedStale: 0, associationsDeleted: 2 });
    expect((await rowsOf(fx.store, 'contacts')).map((r) => r.id)).toEqual([1, 3]);
    expect(await readAssociations(fx.store, 'companies', 'contacts')).toEqual([
      assoc('companies', '100', 'contacts', '1', 280),
    ]);
    expect(await readAssociations(fx.store, 'contacts', 'deals')).toEqual([
      assoc('contacts', '3', 'deals', '500', 4),
    ]);
    expect(await readRejects(fx.store, 'contacts')).toEqual([]);
    expect(
      (await readTombstones(fx.store, 'contacts')).map((t) => [
        t.id,
        t.reason,
        t.mergedInto,
        t.deletedAt.toISOString(),
      ]),
    ).toEqual([
      ['2', 'merged', '1', '2024-03-02T10:00:00.000Z'],
      ['9', 'purged', null, '2024-03-02T10:00:00.000Z'],
    ]);
    // Same delete again: nothing changes.
    expect(
      await deleteRecords(fx.store, 'contacts', [
        { id: '2', reason: 'merged', mergedInto: '1', deletedAt: T2 },
      ]),
    ).toEqual({
      deleted: 0,
      tombstoned: 0,
      skippedStale: 0,
      associationsDeleted: 0,
    });
  });

  it('treats ids with leading zeros as the same record', async () => {
    await seed();
    const summary = await deleteRecords(fx.store, 'contacts', [
      { id: '002', reason: 'archived', deletedAt: T2 },
      { id: '2', reason: 'merged', mergedInto: '01', deletedAt: T3 },
    ]);
    expect(summary).toMatchObject({ deleted: 1, tombstoned: 1 });
    expect(
      (await readTombstones(fx.store, 'contacts')).map((t) => [t.id, t.reason, t.mergedInto]),
    ).toEqual([['2', 'merged', '1']]);
    const rows = [
      assoc('companies', '0100', 'contacts', '1', 280),
      assoc('companies', '100', 'contacts', '01', 280),
    ];
    expect(await upsertAssociations(fx.store, rows)).toMatchObject({ inserted: 0, unchanged: 1 });
  });

  it('keeps a row that changed after the delete', async () => {
    await seed();
    await upsertRecords(fx.store, 'contacts', [record('1', T3, { email: 'restored' })], {
      notify: false,
    });
    const summary = await deleteRecords(fx.store, 'contacts', [
      { id: '1', reason: 'archived', deletedAt: T2 },
    ]);
    expect(summary).toMatchObject({
      deleted: 0,
      tombstoned: 0,
      skippedStale: 1,
      associationsDeleted: 0,
    });
    expect((await rowsOf(fx.store, 'contacts')).map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('blocks older copies of a deleted record, lets newer ones and restored ones back', async () => {
    await seed();
    await deleteRecords(fx.store, 'contacts', [{ id: '3', reason: 'archived', deletedAt: T2 }]);
    // A straggler page from before the delete must not resurrect it.
    expect(
      await upsertRecords(fx.store, 'contacts', [record('3', T1, { email: 'ghost' })], {
        notify: false,
      }),
    ).toMatchObject({
      inserted: 0,
      skippedStale: 1,
    });
    expect((await rowsOf(fx.store, 'contacts')).map((r) => r.id)).toEqual([1, 2]);
    // The delete sweep sees it live again: the tombstone goes, the record comes back.
    expect(await restoreTombstone(fx.store, 'contacts', ['3'])).toBe(1);
    expect(
      await upsertRecords(fx.store, 'contacts', [record('3', T1, { email: 'back' })], {
        notify: false,
      }),
    ).toMatchObject({ inserted: 1 });
    // Changed after a delete: the record wins and its tombstone is removed.
    await deleteRecords(fx.store, 'contacts', [{ id: '1', reason: 'archived', deletedAt: T2 }]);
    expect(
      await upsertRecords(fx.store, 'contacts', [record('1', T3, { email: 'new' })], {
        notify: false,
      }),
    ).toMatchObject({ inserted: 1 });
    expect(await readTombstones(fx.store, 'contacts')).toEqual([]);
  });
});

describe('associations', () => {
  it('upserts normalised rows, counting inserts, label changes and unchanged rows', async () => {
    const read = [
      assoc('contacts', '1', 'companies', '100', 279),
      assoc('contacts', '2', 'companies', '100', 279),
    ];
    const rows = read.map((r) => normaliseAssociation(r, { typeId: 280 }));
    expect(await upsertAssociations(fx.store, rows)).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0,
      deleted: 0,
    });
    expect(await upsertAssociations(fx.store, rows)).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 2,
      deleted: 0,
    });
    const labelled = { ...(rows[0] as AssociationRow), label: 'Boss', category: 'USER_DEFINED' };
    expect(await upsertAssociations(fx.store, [labelled])).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 0,
      deleted: 0,
    });
    expect(await readAssociations(fx.store, 'companies', 'contacts')).toEqual([
      assoc('companies', '100', 'contacts', '1', 280, 'Boss'),
      assoc('companies', '100', 'contacts', '2', 280),
    ]);
    await expect(
      upsertAssociations(fx.store, [assoc('contacts', '1', 'companies', '100', 279)]),
    ).rejects.toBeInstanceOf(AssociationShapeError);
  });

  it('replaces the rows of a set of records exactly, from either side', async () => {
    await upsertAssociations(fx.store, [
      assoc('companies', '100', 'contacts', '1', 280),
      assoc('companies', '100', 'contacts', '2', 280),
      assoc('companies', '101', 'contacts', '2', 280),
      assoc('companies', '100', 'contacts', '3', 280),
    ]);
    // Read from the contacts side (contacts 1 and 2): 1 keeps 100, 2 loses 100, gains 102, keeps 101 with a label.
    const fromContacts = [
      assoc('contacts', '1', 'companies', '100', 279),
      assoc('contacts', '2', 'companies', '101', 279, 'Board'),
      assoc('contacts', '2', 'companies', '102', 279),
    ].map((r) => normaliseAssociation(r, { typeId: 280, label: r.label }));
    const summary = await replaceAssociationsFor(
      fx.store,
      'contacts',
      'companies',
      ['1', '2'],
      fromContacts,
    );
    expect(summary).toEqual({ inserted: 1, updated: 1, unchanged: 1, deleted: 1 });
    expect(
      (await readAssociations(fx.store, 'companies', 'contacts')).map(
        (r) => `${r.fromId}-${r.toId}:${r.label ?? ''}`,
      ),
    ).toEqual(['100-1:', '100-3:', '101-2:Board', '102-2:']);
    // From the companies side: company 100 now has no contacts; contact 2's other rows stay.
    expect(
      await replaceAssociationsFor(fx.store, 'companies', 'contacts', ['100'], []),
    ).toMatchObject({ deleted: 2 });
    expect(
      (await readAssociations(fx.store, 'companies', 'contacts')).map(
        (r) => `${r.fromId}-${r.toId}`,
      ),
    ).toEqual(['101-2', '102-2']);
    // A row outside the named records is a caller bug.
    await expect(
      replaceAssociationsFor(
        fx.store,
        'companies',
        'contacts',
        ['100'],
        [assoc('companies', '101', 'contacts', '2', 280)],
      ),
    ).rejects.toBeInstanceOf(AssociationShapeError);
  });
});
