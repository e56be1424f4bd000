import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  emptyCatalog,
  type CatalogColumn,
  type CatalogState,
  type DesiredObject,
  type DesiredProperty,
} from '../../../src/schema/catalog.js';
import { IdentifierError } from '../../../src/schema/errors.js';
import { catalogFingerprint, planSchema } from '../../../src/schema/plan.js';
import { renderDdl } from '../../../src/store/render-ddl.js';
import { pgTypeFor } from '../../../src/schema/types.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex').slice(0, 8);

const contacts = (
  properties: DesiredProperty[],
  extra: Partial<DesiredObject> = {},
): DesiredObject => ({
  tableName: 'contacts',
  objectTypeId: '0-1',
  createdProperty: 'createdate',
  modifiedProperty: 'lastmodifieddate',
  properties,
  ...extra,
});

const prop = (
  name: string,
  type = 'string',
  fieldType = 'text',
  archived = false,
): DesiredProperty => ({
  name,
  type,
  fieldType,
  archived,
});

/** The catalog a fully applied plan leaves, built by hand. */
function catalogWith(columns: Array<Partial<CatalogColumn> & { property: string }>): CatalogState {
  const map = new Map<string, CatalogColumn>();
  for (const c of columns) {
    map.set(c.property, {
      columnName: c.property,
      hubspotType: 'string',
      fieldType: 'text',
      pgType: 'text',
      archived: false,
      ...c,
    });
  }
  return {
    schema: 'hubspot',
    objects: new Map([
      [
        'contacts',
        {
          objectType: 'contacts',
          apiName: 'contacts',
          objectTypeId: '0-1',
          createdProperty: 'createdate',
          modifiedProperty: 'lastmodifieddate',
          columns: map,
        },
      ],
    ]),
  };
}

const budget = { columnBudget: 100 };

describe('planSchema', () => {
  it('creates a table and one column per property, in name order, with mapped types', () => {
    const plan = planSchema(
      emptyCatalog('hubspot'),
      {
        objects: [
          contacts([
            prop('email'),
            prop('age', 'number', 'number'),
            prop('hobbies', 'enumeration', 'checkbox'),
            prop('Birth-Date', 'date', 'date'),
          ]),
        ],
      },
      budget,
    );
    expect(plan.steps).toEqual([
      {
        kind: 'create_table',
        objectType: 'contacts',
        apiName: 'contacts',
        objectTypeId: '0-1',
        createdProperty: 'createdate',
        modifiedProperty: 'lastmodifieddate',
      },
      ...[
        ['Birth-Date', 'birth_date', 'date', 'date', 'date'],
        ['age', 'age', 'number', 'number', 'numeric'],
        ['email', 'email', 'string', 'text', 'text'],
        ['hobbies', 'hobbies', 'enumeration', 'checkbox', 'text[]'],
      ].map(([property, columnName, hubspotType, fieldType, pgType]) => ({
        kind: 'add_column',
        objectType: 'contacts',
        property,
        columnName,
        hubspotType,
        fieldType,
        pgType,
      })),
    ]);
  });

  it('plans nothing when the catalog already matches', () => {
    const current = catalogWith([
      { property: 'email' },
      { property: 'age', hubspotType: 'number', fieldType: 'number', pgType: 'numeric' },
    ]);
    const plan = planSchema(
      current,
      { objects: [contacts([prop('email'), prop('age', 'number', 'number')])] },
      budget,
    );
    expect(plan.steps).toEqual([]);
  });

  it('adds only the new property, naming it around existing columns', () => {
    const current = catalogWith([{ property: 'first_name' }]);
    const plan = planSchema(
      current,
      { objects: [contacts([prop('first_name'), prop('First Name')])] },
      budget,
    );
    expect(plan.steps).toEqual([
      expect.objectContaining({
        kind: 'add_column',
        property: 'First Name',
        columnName: `first_name_${md5('First Name')}`,
      }),
    ]);
  });

  it('archives a property that is archived or gone, keeping its column, and brings it back', () => {
    const current = catalogWith([
      { property: 'a' },
      { property: 'b' },
      { property: 'c', archived: true },
    ]);
    const plan = planSchema(
      current,
      { objects: [contacts([prop('a', 'string', 'text', true), prop('c')])] },
      budget,
    );
    expect(plan.steps).toEqual([
      { kind: 'archive_property', objectType: 'contacts', property: 'a' },
      { kind: 'unarchive_property', objectType: 'contacts', property: 'c' },
      { kind: 'archive_property', objectType: 'contacts', property: 'b' },
    ]);
    expect(plan.steps.some((s) => s.kind.includes('drop'))).toBe(false);
  });

  it('ignores a property that is archived when first seen', () => {
    const plan = planSchema(
      catalogWith([]),
      { objects: [contacts([prop('old', 'string', 'text', true)])] },
      budget,
    );
    expect(plan.steps).toEqual([]);
  });

  it('changes the type in place when the Postgres type differs, metadata only when it does not', () => {
    const current = catalogWith([
      { property: 'amount' },
      { property: 'phone' },
      { property: 'tags', hubspotType: 'enumeration', fieldType: 'select' },
    ]);
    const plan = planSchema(
      current,
      {
        objects: [
          contacts([
            prop('amount', 'number', 'number'),
            prop('phone', 'phone_number', 'phonenumber'),
            prop('tags', 'enumeration', 'checkbox'),
          ]),
        ],
      },
      budget,
    );
    expect(plan.steps).toEqual([
      {
        kind: 'change_type',
        objectType: 'contacts',
        property: 'amount',
        columnName: 'amount',
        hubspotType: 'number',
        fieldType: 'number',
        pgType: 'numeric',
        fromPgType: 'text',
      },
      {
        kind: 'update_property',
        objectType: 'contacts',
        property: 'phone',
        hubspotType: 'phone_number',
        fieldType: 'phonenumber',
        pgType: 'text',
      },
      expect.objectContaining({
        kind: 'change_type',
        property: 'tags',
        fromPgType: 'text',
        pgType: 'text[]',
      }),
    ]);
  });

  it('does not convert an archived property; it converts when it comes back', () => {
    const current = catalogWith([{ property: 'amount', archived: true }]);
    const archived = planSchema(
      current,
      { objects: [contacts([prop('amount', 'number', 'number', true)])] },
      budget,
    );
    expect(archived.steps).toEqual([]);
    const back = planSchema(
      current,
      { objects: [contacts([prop('amount', 'number', 'number')])] },
      budget,
    );
    expect(back.steps.map((s) => s.kind)).toEqual(['unarchive_property', 'change_type']);
  });

  it('overflows past the column budget into _extra, by name order, and stays there', () => {
    const plan = planSchema(
      emptyCatalog('hubspot'),
      {
        objects: [
          contacts([
            prop('d'),
            prop('b'),
            prop('a', 'number', 'number'),
            prop('c', 'bool', 'booleancheckbox'),
          ]),
        ],
      },
      { columnBudget: 2 },
    );
    expect(plan.steps.map((s) => [s.kind, 'property' in s ? s.property : null])).toEqual([
      ['create_table', null],
      ['add_column', 'a'],
      ['add_column', 'b'],
      ['add_extra_column', null],
      ['map_to_extra', 'c'],
      ['map_to_extra', 'd'],
    ]);
    expect(plan.steps[4]).toMatchObject({ pgType: 'boolean' });

    const applied = catalogWith([
      { property: 'a', pgType: 'numeric', hubspotType: 'number', fieldType: 'number' },
      { property: 'b' },
      {
        property: 'c',
        columnName: '_extra',
        pgType: 'boolean',
        hubspotType: 'bool',
        fieldType: 'booleancheckbox',
      },
      { property: 'd', columnName: '_extra' },
    ]);
    const later = planSchema(
      applied,
      {
        objects: [
          contacts([
            prop('a', 'number', 'number'),
            prop('b'),
            prop('c', 'bool', 'booleancheckbox'),
            prop('d'),
            prop('e'),
          ]),
        ],
      },
      { columnBudget: 5 },
    );
    // Room again: e takes a column; c and d stay in _extra (placement never moves).
    expect(later.steps.map((s) => [s.kind, 'property' in s ? s.property : null])).toEqual([
      ['add_column', 'e'],
    ]);
    const full = planSchema(
      applied,
      { objects: [contacts([prop('a', 'number', 'number'), prop('e')])] },
      { columnBudget: 2 },
    );
    expect(full.steps.map((s) => [s.kind, 'property' in s ? s.property : null])).toEqual([
      ['archive_property', 'b'],
      ['archive_property', 'c'],
      ['archive_property', 'd'],
      ['map_to_extra', 'e'],
    ]);
  });

  it('gives the same plan whatever the order of properties', () => {
    const props = [
      prop('x-y'),
      prop('X_Y'),
      prop('x_y'),
      prop('id'),
      prop('9lives'),
      prop('z'.repeat(80)),
    ];
    const first = planSchema(
      emptyCatalog('hubspot'),
      { objects: [contacts(props)] },
      { columnBudget: 4 },
    );
    const second = planSchema(
      emptyCatalog('hubspot'),
      { objects: [contacts([...props].reverse())] },
      { columnBudget: 4 },
    );
    expect(second.steps).toEqual(first.steps);
    const known = catalogWith([{ property: 'b' }, { property: 'a' }, { property: 'c' }]);
    const changed = [
      prop('c', 'number', 'number'),
      prop('a', 'bool', 'booleancheckbox'),
      prop('b', 'date', 'date'),
    ];
    const forwards = planSchema(known, { objects: [contacts(changed)] }, budget);
    const backwards = planSchema(known, { objects: [contacts([...changed].reverse())] }, budget);
    expect(forwards.steps).toEqual(backwards.steps);
    expect(forwards.steps.map((s) => ('property' in s ? s.property : ''))).toEqual(['a', 'b', 'c']);
    const names = first.steps.flatMap((s) => (s.kind === 'add_column' ? [s.columnName] : []));
    expect(names).toEqual(['p_9lives', 'x_y', `id_${md5('id')}`, `x_y_${md5('x-y')}`]);
  });

  it('updates the object row when its date properties or type id change', () => {
    const plan = planSchema(
      catalogWith([]),
      { objects: [contacts([], { modifiedProperty: 'hs_lastmodifieddate' })] },
      budget,
    );
    expect(plan.steps).toEqual([
      expect.objectContaining({ kind: 'update_object', modifiedProperty: 'hs_lastmodifieddate' }),
    ]);
  });

  it('refuses unapproved table names, duplicates and budgets Postgres cannot hold', () => {
    const empty = emptyCatalog('hubspot');
    expect(() =>
      planSchema(empty, { objects: [contacts([], { tableName: 'Car' })] }, budget),
    ).toThrow(IdentifierError);
    expect(() =>
      planSchema(empty, { objects: [contacts([], { tableName: 'associations' })] }, budget),
    ).toThrow(IdentifierError);
    expect(() => planSchema(empty, { objects: [contacts([]), contacts([])] }, budget)).toThrow(
      /twice/,
    );
    expect(() => planSchema(empty, { objects: [] }, { columnBudget: 1596 })).toThrow(RangeError);
    expect(() => planSchema(empty, { objects: [] }, { columnBudget: -1 })).toThrow(RangeError);
  });

  it('fingerprints the catalog it planned from', () => {
    const a = catalogWith([{ property: 'a' }]);
    const b = catalogWith([{ property: 'a', archived: true }]);
    expect(planSchema(a, { objects: [] }, budget).basis).toBe(catalogFingerprint(a));
    expect(catalogFingerprint(a)).not.toBe(catalogFingerprint(b));
    expect(catalogFingerprint(a)).toBe(catalogFingerprint(catalogWith([{ property: 'a' }])));
  });
});

describe('renderDdl', () => {
  it('prints one line per step with quoted, schema-qualified names', () => {
    const plan = planSchema(
      emptyCatalog('mirror'),
      { objects: [contacts([prop('order'), prop('n', 'number', 'number'), prop('x')])] },
      { columnBudget: 2 },
    );
    const lines = renderDdl(plan);
    expect(lines).toHaveLength(plan.steps.length);
    expect(lines[0]).toMatch(/^create table "mirror"\."contacts" \(id bigint primary key/);
    expect(lines[0]).toContain('execute function "mirror".notify_change()');
    expect(lines[1]).toMatch(/^alter table "mirror"\."contacts" add column "n" numeric;/);
    expect(lines[2]).toMatch(/add column "order" text;/);
    expect(lines[3]).toBe('alter table "mirror"."contacts" add column _extra jsonb;');
    expect(lines[4]).toMatch(/'x'.*_extra/);
    const change = planSchema(
      catalogWith([{ property: 'n' }]),
      { objects: [contacts([prop('n', 'number', 'number')])] },
      budget,
    );
    expect(renderDdl(change)).toEqual([
      `alter table "hubspot"."contacts" alter column "n" type numeric using null; -- property 'n': text -> numeric; values re-cast, failures to _rejects`,
    ]);
  });

  it('maps every type through pgTypeFor', () => {
    expect(pgTypeFor('datetime', 'date')).toBe('timestamptz');
  });
});
