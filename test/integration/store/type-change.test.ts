import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredObject, DesiredProperty } from '../../../src/schema/catalog.js';
import { openStore, type Store } from '../../../src/store/connection.js';
import { migrate } from '../../../src/store/migrate.js';
import { upsertRecords } from '../../../src/store/records.js';
import { readRejects } from '../../../src/store/rejects.js';
import {
  applyObjects,
  listen,
  openFixture,
  prop,
  record,
  rowsOf,
  type Fixture,
} from './fixture.js';

let fx: Fixture;
let fresh: Store;
beforeAll(async () => {
  fx = await openFixture();
  fresh = openStore({ databaseUrl: fx.database.url, schema: 'fresh', max: 2 });
  await migrate(fresh);
});
afterAll(async () => {
  await fresh.close();
  await fx.close();
});

const deals = (properties: DesiredProperty[]): DesiredObject => ({
  tableName: 'deals',
  objectTypeId: '0-3',
  createdProperty: 'createdate',
  modifiedProperty: 'hs_lastmodifieddate',
  properties,
});
const tickets = (properties: DesiredProperty[]): DesiredObject => ({
  tableName: 'tickets',
  objectTypeId: '0-5',
  createdProperty: 'createdate',
  modifiedProperty: 'hs_lastmodifieddate',
  properties,
});

const before = [
  prop('amount'),
  prop('closed', 'datetime', 'date'),
  prop('flag'),
  prop('tags', 'enumeration', 'select'),
  prop('data'),
  prop('score', 'number', 'number'),
  prop('name'),
];
const after = [
  prop('amount', 'number', 'number'),
  prop('closed', 'date', 'date'),
  prop('flag', 'bool', 'booleancheckbox'),
  prop('tags', 'enumeration', 'checkbox'),
  prop('data', 'json', 'text'),
  prop('score'),
  prop('name', 'phone_number', 'phonenumber'),
];
const ticketsBefore = [prop('priority', 'number', 'number'), prop('due')];
const ticketsAfter = [prop('priority'), prop('due', 'date', 'date')];

const T = '2024-03-01T10:00:00Z';
const dealRecords = [
  record('1', T, {
    amount: '12.50',
    closed: '2024-03-01T23:30:00-02:00',
    flag: 'TRUE',
    tags: 'a;b',
    data: '{"x":1}',
    score: '7.50',
    name: 'n1',
  }),
  record('2', T, {
    amount: 'n/a',
    closed: '1709287200000',
    flag: 'maybe',
    tags: 'single',
    data: 'nope',
    score: 'seven',
    name: null,
  }),
  record('3', T, {
    amount: null,
    closed: null,
    flag: '',
    tags: null,
    data: null,
    score: null,
    name: 'n3',
  }),
];
const ticketRecords = [
  record('10', T, { priority: '2', due: '2024-05-01' }),
  record('11', T, { priority: 'high', due: 'next week' }),
];

const rejectKeys = async (store: Store) =>
  (await readRejects(store)).map((r) => [r.objectType, r.id, r.property, r.rawValue]);

describe('a property type change', () => {
  it('keeps the column name, re-casts every value, and ends equal to a fresh mirror', async () => {
    // deals get columns; tickets, with a zero budget, keep everything in _extra.
    await applyObjects(fx.store, [deals(before)]);
    await applyObjects(fx.store, [tickets(ticketsBefore)], 0);
    await upsertRecords(fx.store, 'deals', dealRecords, { notify: false });
    await upsertRecords(fx.store, 'tickets', ticketRecords, { notify: false });
    expect(await rejectKeys(fx.store)).toEqual([
      ['deals', '2', 'score', 'seven'],
      ['tickets', '11', 'priority', 'high'],
    ]);

    const listener = await listen(fx.database.url, 'hubspot_changes');
    const result = await applyObjects(fx.store, [deals(after), tickets(ticketsAfter)], 0);
    expect(await listener.take()).toEqual([]);
    await listener.close();
    expect(result.steps.map((s) => `${s.kind}:${'property' in s ? s.property : ''}`)).toEqual([
      'change_type:amount',
      'change_type:closed',
      'change_type:data',
      'change_type:flag',
      'update_property:name',
      'change_type:score',
      'change_type:tags',
      'change_type:due',
      'change_type:priority',
    ]);

    const { rows: types } = await sql<{ c: string; t: string }>`
      select column_name as c, data_type as t from information_schema.columns
      where table_schema = 'hubspot' and table_name = 'deals' and column_name not like '\\_%' escape '\\'
      order by ordinal_position`.execute(fx.store.db);
    expect(types.map((r) => `${r.c}:${r.t}`)).toEqual([
      'id:bigint',
      'amount:numeric',
      'closed:date',
      'data:jsonb',
      'flag:boolean',
      'name:text',
      'score:text',
      'tags:ARRAY',
    ]);

    // The same records loaded from scratch with the new types.
    await applyObjects(fresh, [deals(after)]);
    await applyObjects(fresh, [tickets(ticketsAfter)], 0);
    await upsertRecords(fresh, 'deals', dealRecords, { notify: false });
    await upsertRecords(fresh, 'tickets', ticketRecords, { notify: false });
    expect(await rowsOf(fx.store, 'deals')).toEqual(await rowsOf(fresh, 'deals'));
    expect(await rowsOf(fx.store, 'tickets')).toEqual(await rowsOf(fresh, 'tickets'));
    expect(await rejectKeys(fx.store)).toEqual(await rejectKeys(fresh));

    const [one, two] = await rowsOf(fx.store, 'deals');
    expect(one).toMatchObject({
      amount: 12.5,
      closed: '2024-03-02',
      flag: true,
      tags: ['a', 'b'],
      data: { x: 1 },
      score: '7.50',
    });
    // 'seven' was a reject under number and is a plain value under string: recovered.
    expect(two).toMatchObject({
      amount: null,
      closed: '2024-03-01',
      flag: null,
      tags: ['single'],
      data: null,
      score: 'seven',
    });
    expect(await rejectKeys(fx.store)).toEqual([
      ['deals', '2', 'amount', 'n/a'],
      ['deals', '2', 'data', 'nope'],
      ['deals', '2', 'flag', 'maybe'],
      ['tickets', '11', 'due', 'next week'],
    ]);
    const [ten, eleven] = await rowsOf(fx.store, 'tickets');
    expect(ten?._extra).toEqual({ priority: '2', due: '2024-05-01' });
    expect(eleven?._extra).toEqual({ priority: 'high' });

    const { rows: log } = await sql<{ detail: Record<string, unknown> }>`
      select detail from hubspot._schema_changes where change = 'change_type' and property = 'score'`.execute(
      fx.store.db,
    );
    expect(log[0]?.detail).toMatchObject({
      fromPgType: 'numeric',
      pgType: 'text',
      converted: 1,
      rejected: 0,
      recovered: 1,
    });
    const { rows: mapping } = await sql`select pg_type, hubspot_type from hubspot._columns
      where object_type = 'deals' and property = 'amount'`.execute(fx.store.db);
    expect(mapping).toEqual([{ pg_type: 'numeric', hubspot_type: 'number' }]);
  });

  it('round-trips back to the original types without losing a value that fits', async () => {
    await applyObjects(fx.store, [deals(before), tickets(ticketsBefore)], 0);
    const [one] = await rowsOf(fx.store, 'deals');
    expect(one).toMatchObject({
      amount: '12.50',
      flag: 'true',
      tags: 'a;b',
      data: '{"x": 1}',
      score: 7.5,
    });
    expect((await rowsOf(fx.store, 'deals'))[1]).toMatchObject({ score: null });
    // Values that never fit stay as rejects with HubSpot's text, and come back when they fit again.
    expect(await rejectKeys(fx.store)).toEqual([
      ['deals', '2', 'score', 'seven'],
      ['tickets', '11', 'priority', 'high'],
    ]);
    expect((await rowsOf(fx.store, 'deals'))[1]).toMatchObject({
      amount: 'n/a',
      flag: 'maybe',
      data: 'nope',
    });
  });
});
