/**
 * The store queries the delete and association sweeps stand on, against a real Postgres: id
 * ranges in numeric order across digit counts, tombstone reads and corrections, merged ids
 * found in a multi-select column, a text column and `_extra`, and exact association deletes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredObject } from '../../../src/schema/index.js';
import {
  deleteAssociationRows,
  deleteOrphanAssociations,
  deleteRecords,
  migrate,
  openStore,
  readAssociationRowsFor,
  readCatalog,
  readIdsInRange,
  readMergedAway,
  readStoredIds,
  readSurvivors,
  readTombstonedIdsInRange,
  readTombstoneReasons,
  retagTombstones,
  upsertAssociations,
  upsertRecords,
  type Store,
} from '../../../src/store/index.js';
import { applyDdlPlan } from '../../../src/store/index.js';
import { planSchema } from '../../../src/schema/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

let db: TestDatabase;
let store: Store;

const object = (tableName: string, mergedType: [string, string]): DesiredObject => ({
  tableName,
  objectTypeId: `2-${tableName.length}`,
  createdProperty: 'createdate',
  modifiedProperty: 'lastmodifieddate',
  properties: [
    { name: 'aaa', type: 'string', fieldType: 'text' },
    { name: 'hs_merged_object_ids', type: mergedType[0], fieldType: mergedType[1] },
  ],
});

const record = (id: string, merged: string | null, updatedAt = '2026-01-01T00:00:00.000Z') => ({
  id,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt,
  properties: { aaa: 'x', hs_merged_object_ids: merged },
});

beforeAll(async () => {
  db = await createTestDatabase();
  store = openStore({ databaseUrl: db.url, schema: 'hubspot', max: 2 });
  await migrate(store);
  const apply = async (objects: DesiredObject[], columnBudget: number) =>
    applyDdlPlan(store, planSchema(await readCatalog(store), { objects }, { columnBudget }));
  await apply(
    [object('multi', ['enumeration', 'checkbox']), object('plain', ['string', 'text'])],
    10,
  );
  await apply([object('extra', ['enumeration', 'checkbox'])], 1);
});

afterAll(async () => {
  await store?.close();
  await db?.drop();
});

describe('id ranges', () => {
  it('page in numeric order across digit counts, with and without an upper bound', async () => {
    const ids = ['7', '9', '10', '99', '100', '101', '1000', '12345678901'];
    await upsertRecords(
      store,
      'plain',
      ids.map((id) => record(id, null)),
      { notify: false },
    );
    const walked: string[] = [];
    for (let after = '0'; ;) {
      const page = await readIdsInRange(store, 'plain', after, null, 3);
      if (!page.length) break;
      walked.push(...page);
      after = page.at(-1)!;
    }
    expect(walked).toEqual(ids);
    expect(await readIdsInRange(store, 'plain', '9', '1000', 10)).toEqual([
      '10',
      '99',
      '100',
      '101',
      '1000',
    ]);
    expect(await readIdsInRange(store, 'plain', '101', '101', 10)).toEqual([]);
    expect([...(await readStoredIds(store, 'plain', ['010', '11', '12345678901']))].sort()).toEqual(
      ['10', '12345678901'],
    );
  });

  it('read tombstones by reason and range, in numeric order, and correct their reason', async () => {
    const at = '2026-02-01T00:00:00.000Z';
    await deleteRecords(store, 'plain', [
      { id: '9', reason: 'archived', deletedAt: at },
      { id: '10', reason: 'archived', deletedAt: at },
      { id: '100', reason: 'purged', deletedAt: at },
      { id: '1000', reason: 'archived', deletedAt: at },
    ]);
    expect(await readTombstonedIdsInRange(store, 'plain', 'archived', '0', null, 10)).toEqual([
      '9',
      '10',
      '1000',
    ]);
    expect(await readTombstonedIdsInRange(store, 'plain', 'archived', '9', '999', 10)).toEqual([
      '10',
    ]);
    expect(await readTombstonedIdsInRange(store, 'plain', 'archived', '0', null, 2)).toEqual([
      '9',
      '10',
    ]);
    expect(
      Object.fromEntries(await readTombstoneReasons(store, 'plain', ['9', '100', '7'])),
    ).toEqual({
      9: 'archived',
      100: 'purged',
    });

    const later = '2026-03-01T00:00:00.000Z';
    const items = [
      { id: '100', reason: 'merged' as const, mergedInto: '7', deletedAt: later },
      { id: '55', reason: 'purged' as const, deletedAt: later },
    ];
    expect(await retagTombstones(store, 'plain', items)).toBe(1);
    expect(await retagTombstones(store, 'plain', items)).toBe(0);
    expect(Object.fromEntries(await readTombstoneReasons(store, 'plain', ['100', '55']))).toEqual({
      100: 'merged',
    });
  });
});

describe('merged ids', () => {
  const columnOf = async (table: string) =>
    (await readCatalog(store)).objects.get(table)!.columns.get('hs_merged_object_ids')!;

  it.each([
    ['multi', 'text[]'],
    ['plain', 'text'],
    ['extra', '_extra'],
  ])('are read from a %s column (%s)', async (table, kind) => {
    const column = await columnOf(table);
    expect(kind === '_extra' ? column.columnName : column.pgType).toBe(kind);
    await upsertRecords(
      store,
      table,
      [
        record('2001', '2002;2003; 2004 ;junk;99999999999999999999', '2026-01-05T00:00:00.000Z'),
        record('2002', null),
        record('2004', null),
        record('2005', '2004', '2026-01-06T00:00:00.000Z'),
        record('2006', '2006'),
      ],
      { notify: false },
    );
    await deleteRecords(store, table, [
      { id: '2003', reason: 'purged', deletedAt: '2026-01-07T00:00:00.000Z' },
    ]);
    const found = await readMergedAway(store, table, column, null);
    expect(found.map((m) => [m.id, m.survivorId, m.state, m.mergedAt.toISOString()])).toEqual([
      ['2002', '2001', 'stored', '2026-01-05T00:00:00.000Z'],
      ['2003', '2001', 'purged', '2026-01-05T00:00:00.000Z'],
      // Listed by two survivors: the later merge wins.
      ['2004', '2005', 'stored', '2026-01-06T00:00:00.000Z'],
    ]);
    const recent = await readMergedAway(store, table, column, new Date('2026-01-06T00:00:00.000Z'));
    expect(recent.map((m) => m.id)).toEqual(['2004']);
    const survivors = await readSurvivors(store, table, column, ['2003', '2004', '2006', '7']);
    expect(Object.fromEntries([...survivors].map(([id, s]) => [id, s.survivorId]))).toEqual({
      2003: '2001',
      2004: '2005',
    });
  });
});

describe('association rows', () => {
  it('are read per from id, deleted exactly, and swept when their from record is gone', async () => {
    const row = (fromId: string, toId: string, typeId: number, label: string | null = null) => ({
      fromType: 'multi',
      fromId,
      toType: 'plain',
      toId,
      typeId,
      category: 'HUBSPOT_DEFINED',
      label,
    });
    await upsertAssociations(store, [
      row('2001', '9', 1),
      row('2001', '9', 2, 'Primary'),
      row('2001', '10', 1),
      row('2002', '10', 1),
      row('424242', '10', 1),
    ]);
    const read = await readAssociationRowsFor(store, 'multi', 'plain', ['2001', '0424242']);
    expect(read.map((r) => `${r.fromId}>${r.toId}#${r.typeId}:${r.label}`).sort()).toEqual([
      '2001>10#1:null',
      '2001>9#1:null',
      '2001>9#2:Primary',
      '424242>10#1:null',
    ]);
    expect(await deleteAssociationRows(store, [row('2001', '9', 2), row('2001', '11', 1)])).toBe(1);
    expect(await deleteOrphanAssociations(store, 'multi', 'plain')).toBe(1);
    const left = await readAssociationRowsFor(store, 'multi', 'plain', ['2001', '2002', '424242']);
    expect(left.map((r) => `${r.fromId}>${r.toId}#${r.typeId}`).sort()).toEqual([
      '2001>10#1',
      '2001>9#1',
      '2002>10#1',
    ]);
  });
});
