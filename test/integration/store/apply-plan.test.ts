import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSchema } from '../../../src/schema/plan.js';
import { applyDdlPlan } from '../../../src/store/apply-plan.js';
import { readCatalog } from '../../../src/store/catalog.js';
import { upsertRecords } from '../../../src/store/records.js';
import { readRejects } from '../../../src/store/rejects.js';
import {
  applyObjects,
  contactsObject,
  openFixture,
  prop,
  record,
  rowVersions,
  rowsOf,
  type Fixture,
} from './fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await openFixture();
});
afterAll(async () => {
  await fx.close();
});

const T1 = '2024-03-01T10:00:00Z';
const T2 = '2024-03-02T10:00:00Z';

async function columnsOf(table: string): Promise<Record<string, string>> {
  const { rows } = await sql<{ c: string; t: string }>`
    select column_name as c, format_type(atttypid, atttypmod) as t
    from information_schema.columns ic
    join pg_attribute a on a.attname = ic.column_name
      and a.attrelid = (quote_ident(ic.table_schema) || '.' || quote_ident(ic.table_name))::regclass
    where table_schema = 'hubspot' and table_name = ${table} order by ordinal_position`.execute(
    fx.store.db,
  );
  return Object.fromEntries(rows.map((r) => [r.c, r.t]));
}

describe('applyDdlPlan', () => {
  it('creates the table with system columns, property columns, mappings and a change log', async () => {
    const result = await applyObjects(fx.store, [contactsObject()]);
    expect(result.replanned).toBe(false);
    expect(await columnsOf('contacts')).toEqual({
      id: 'bigint',
      _created_at: 'timestamp with time zone',
      _updated_at: 'timestamp with time zone',
      _synced_at: 'timestamp with time zone',
      favourite_colour: 'text',
      age: 'numeric',
      birthday: 'date',
      email: 'text',
      hobbies: 'text[]',
      last_seen: 'timestamp with time zone',
      profile: 'jsonb',
      tier: 'text',
      vip: 'boolean',
    });
    const { rows } = await sql<Record<string, unknown>>`
      select property, column_name, hubspot_type, field_type, pg_type, archived from hubspot._columns
      where property in ('Favourite-Colour', 'hobbies') order by property`.execute(fx.store.db);
    expect(rows).toEqual([
      {
        property: 'Favourite-Colour',
        column_name: 'favourite_colour',
        hubspot_type: 'string',
        field_type: 'text',
        pg_type: 'text',
        archived: false,
      },
      {
        property: 'hobbies',
        column_name: 'hobbies',
        hubspot_type: 'enumeration',
        field_type: 'checkbox',
        pg_type: 'text[]',
        archived: false,
      },
    ]);
    const log = await sql<{ change: string; n: string }>`
      select change, count(*) as n from hubspot._schema_changes group by change order by change`.execute(
      fx.store.db,
    );
    expect(log.rows).toEqual([
      { change: 'add_column', n: '9' },
      { change: 'create_table', n: '1' },
    ]);
    const { rows: objects } =
      await sql`select object_type, object_type_id, backfill_state from hubspot._objects`.execute(
        fx.store.db,
      );
    expect(objects).toEqual([
      { object_type: 'contacts', object_type_id: '0-1', backfill_state: 'pending' },
    ]);
  });

  it('plans nothing more once applied, and re-plans a plan made from an old catalog', async () => {
    const before = await readCatalog(fx.store);
    const again = planSchema(before, { objects: [contactsObject()] }, { columnBudget: 100 });
    expect(again.steps).toEqual([]);

    // Two processes plan the same new property from the same catalog; the second re-plans to nothing.
    const desired = { objects: [contactsObject([...contactsObjectProps(), prop('nickname')])] };
    const planA = planSchema(before, desired, { columnBudget: 100 });
    const planB = planSchema(before, desired, { columnBudget: 100 });
    const [a, b] = await Promise.all([
      applyDdlPlan(fx.store, planA),
      applyDdlPlan(fx.store, planB),
    ]);
    expect([a.steps.length, b.steps.length].sort()).toEqual([0, 1]);
    expect([a.replanned, b.replanned].sort()).toEqual([false, true]);
    expect(Object.keys(await columnsOf('contacts'))).toContain('nickname');
  });

  it('archives a property without touching its column or values', async () => {
    await upsertRecords(fx.store, 'contacts', [record('1', T1, { email: 'a', nickname: 'Ada' })], {
      notify: false,
    });
    await applyObjects(fx.store, [contactsObject(contactsObjectProps())]);
    const { rows } = await sql<{ archived: boolean }>`
      select archived from hubspot._columns where property = 'nickname'`.execute(fx.store.db);
    expect(rows).toEqual([{ archived: true }]);
    // HubSpot no longer sends it; a new page leaves the archived column alone.
    await upsertRecords(fx.store, 'contacts', [record('1', T2, { email: 'b' })], { notify: false });
    expect((await rowsOf(fx.store, 'contacts'))[0]).toMatchObject({ email: 'b', nickname: 'Ada' });
  });

  it('overflows past the column budget into _extra, by property name', async () => {
    await applyObjects(
      fx.store,
      [
        {
          tableName: 'car',
          apiName: 'car',
          objectTypeId: '2-100',
          createdProperty: 'hs_createdate',
          modifiedProperty: 'hs_lastmodifieddate',
          properties: [
            prop('make'),
            prop('model'),
            prop('year', 'number', 'number'),
            prop('electric', 'bool', 'booleancheckbox'),
            prop('colours', 'enumeration', 'checkbox'),
            prop('specs', 'json', 'text'),
          ],
        },
      ],
      2,
    );
    expect(Object.keys(await columnsOf('car'))).toEqual([
      'id',
      '_created_at',
      '_updated_at',
      '_synced_at',
      'colours',
      'electric',
      '_extra',
    ]);
    const { rows } = await sql<{ property: string; column_name: string }>`
      select property, column_name from hubspot._columns where object_type = 'car' order by property`.execute(
      fx.store.db,
    );
    expect(rows.map((r) => `${r.property}:${r.column_name}`)).toEqual([
      'colours:colours',
      'electric:electric',
      'make:_extra',
      'model:_extra',
      'specs:_extra',
      'year:_extra',
    ]);

    const first = await upsertRecords(
      fx.store,
      'car',
      [
        record('1', T1, {
          make: 'Volvo',
          model: 'EX30',
          year: '2024.0',
          electric: 'true',
          colours: 'red;blue',
          specs: '{"kw":200}',
        }),
      ],
      { notify: false },
    );
    expect(first.inserted).toBe(1);
    let [car] = await rowsOf(fx.store, 'car');
    expect(car).toMatchObject({
      colours: ['red', 'blue'],
      electric: true,
      _extra: { make: 'Volvo', model: 'EX30', year: 2024.0, specs: { kw: 200 } },
    });
    // Exact numerics survive inside _extra.
    const { rows: exact } = await sql<{
      y: string;
    }>`select _extra->>'year' as y from hubspot.car`.execute(fx.store.db);
    expect(exact[0]?.y).toBe('2024.0');

    // A value removed, a bad one rejected, re-delivery unchanged.
    const page = [
      record('1', T2, {
        make: 'Volvo',
        model: null,
        year: 'soon',
        electric: 'true',
        colours: 'red;blue',
        specs: '{"kw":200}',
      }),
    ];
    expect(await upsertRecords(fx.store, 'car', page, { notify: false })).toMatchObject({
      updated: 1,
      rejected: 1,
    });
    [car] = await rowsOf(fx.store, 'car');
    expect(car?._extra).toEqual({ make: 'Volvo', specs: { kw: 200 } });
    expect((await readRejects(fx.store, 'car')).map((r) => [r.property, r.rawValue])).toEqual([
      ['year', 'soon'],
    ]);
    const versions = await rowVersions(fx.store, 'car');
    expect(await upsertRecords(fx.store, 'car', page, { notify: false })).toMatchObject({
      unchanged: 1,
    });
    expect(await rowVersions(fx.store, 'car')).toEqual(versions);

    // Everything empty: _extra becomes NULL, not {}.
    await upsertRecords(fx.store, 'car', [record('1', '2024-03-03T00:00:00Z', {})], {
      notify: false,
    });
    expect((await rowsOf(fx.store, 'car'))[0]?._extra).toBeNull();
  });
});

function contactsObjectProps() {
  return contactsObject().properties;
}
