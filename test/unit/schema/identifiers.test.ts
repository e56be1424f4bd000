import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  assertIdentifier,
  assertSchemaName,
  assertTableName,
  assignColumnNames,
  assignTableNames,
  columnNameFor,
  suffixedName,
  tableNameFor,
} from '../../../src/schema/identifiers.js';
import { IdentifierError } from '../../../src/schema/errors.js';

const md5 = (s: string) =>
  createHash('md5').update(Buffer.from(s, 'utf8')).digest('hex').slice(0, 8);
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('columnNameFor', () => {
  it.each([
    ['email', 'email'],
    ['hs_object_id', 'hs_object_id'],
    ['FirstName', 'firstname'],
    ['first-name', 'first_name'],
    ['first name.v2', 'first_name_v2'],
    ['2fa_enabled', 'p_2fa_enabled'],
    ['_hidden', 'p__hidden'],
    ['9', 'p_9'],
    ['Ümlaut', 'p__mlaut'],
    ['naïve', 'na_ve'],
    // One code point, one underscore, also outside the BMP.
    ['a😀b', 'a_b'],
    // Unicode lowercasing first: the Kelvin sign becomes k, İ becomes i + a combining dot.
    ['\u212Aelvin', 'kelvin'],
    ['\u0130d', 'i_d'],
  ])('%s → %s', (property, column) => {
    expect(columnNameFor(property)).toBe(column);
  });

  it('keeps a plain name of exactly 63 bytes and cuts one of 64', () => {
    const at63 = 'a'.repeat(63);
    const at64 = 'a'.repeat(64);
    expect(columnNameFor(at63)).toBe(at63);
    expect(columnNameFor(at64)).toBe(`${'a'.repeat(54)}_${md5(at64)}`);
    expect(bytes(columnNameFor(at64))).toBe(63);
  });

  it('measures after replacing, so multibyte characters count as one byte each', () => {
    // 62 letters + é is 64 bytes as given, 63 once é became _.
    const given = `${'a'.repeat(62)}é`;
    expect(bytes(given)).toBe(64);
    expect(columnNameFor(given)).toBe(`${'a'.repeat(62)}_`);
    // 63 letters + an emoji is 67 bytes as given, 64 after replacing: cut, hashed on the original.
    const emoji = `${'a'.repeat(63)}😀`;
    expect(columnNameFor(emoji)).toBe(`${'a'.repeat(54)}_${md5(emoji)}`);
  });

  it('counts the p_ prefix before cutting', () => {
    const digits = '1'.repeat(62);
    expect(columnNameFor(digits)).toBe(`p_${'1'.repeat(52)}_${md5(digits)}`);
    expect(columnNameFor('1'.repeat(61))).toBe(`p_${'1'.repeat(61)}`);
  });

  it('hashes the original property name, not the normalised one', () => {
    const upper = 'A'.repeat(70);
    const lower = 'a'.repeat(70);
    expect(columnNameFor(upper)).toBe(`${'a'.repeat(54)}_${md5(upper)}`);
    expect(columnNameFor(upper)).not.toBe(columnNameFor(lower));
    // Pinned independently (md5sum, Postgres md5()), not only through node:crypto.
    expect(md5('a'.repeat(64))).toBe('014842d4');
    expect(columnNameFor('First Name'.repeat(7))).toMatch(/_[0-9a-f]{8}$/);
  });
});

describe('suffixedName', () => {
  it('is the 54-byte cut plus md5 prefix, then numbered attempts within 63 bytes', () => {
    expect(suffixedName('Email', 0)).toBe(`email_${md5('Email')}`);
    expect(suffixedName('Email', 1)).toBe(`email_${md5('Email')}_1`);
    const long = 'x'.repeat(80);
    expect(suffixedName(long, 0)).toBe(columnNameFor(long));
    expect(suffixedName(long, 12)).toBe(`${'x'.repeat(51)}_${md5(long)}_12`);
    expect(bytes(suffixedName(long, 12))).toBe(63);
  });
});

describe('assignColumnNames', () => {
  it('lets the name that sorts first keep a shared column, suffixing the others', () => {
    const names = assignColumnNames(new Map(), ['first_name', 'First Name', 'FIRST-NAME']);
    // Byte order: 'FIRST-NAME' < 'First Name' < 'first_name'.
    expect(names.get('FIRST-NAME')).toBe('first_name');
    expect(names.get('First Name')).toBe('first_name_bc910f8b');
    expect(names.get('first_name')).toBe(`first_name_${md5('first_name')}`);
  });

  it('never gives id or a system column to a property', () => {
    const names = assignColumnNames(new Map(), ['id', 'ID', 'Id']);
    expect(names.get('ID')).toBe(`id_${md5('ID')}`);
    expect(names.get('Id')).toBe(`id_${md5('Id')}`);
    expect(names.get('id')).toBe(`id_${md5('id')}`);
    // System columns start with _, which the p_ prefix keeps properties away from.
    expect(assignColumnNames(new Map(), ['_extra']).get('_extra')).toBe('p__extra');
  });

  it('keeps existing names and suffixes a newcomer that collides with one', () => {
    const existing = new Map([['first_name', 'first_name']]);
    const names = assignColumnNames(existing, ['First-Name', 'first_name']);
    expect(names.get('first_name')).toBe('first_name');
    expect(names.get('First-Name')).toBe(`first_name_${md5('First-Name')}`);
  });

  it('gives a plain name to its owner before a suffixed name can take it', () => {
    // 'x' collides with existing and wants x_<md5(x)>; another newcomer literally has that name.
    const literal = `x_${md5('x')}`;
    const names = assignColumnNames(new Map([['X', 'x']]), ['x', literal]);
    expect(names.get(literal)).toBe(literal);
    expect(names.get('x')).toBe(`x_${md5('x')}_1`);
  });

  it('numbers the attempts when a cut name collides even with its hash', () => {
    const long = `${'q'.repeat(70)}`;
    const existing = new Map([['other', columnNameFor(long)]]);
    const names = assignColumnNames(existing, [long]);
    expect(names.get(long)).toBe(`${'q'.repeat(52)}_${md5(long)}_1`);
  });

  it('separates long names that share their first 54 bytes', () => {
    const a = `${'s'.repeat(60)}_alpha`;
    const b = `${'s'.repeat(60)}_beta`;
    const names = assignColumnNames(new Map(), [a, b]);
    expect(names.get(a)).toBe(`${'s'.repeat(54)}_${md5(a)}`);
    expect(names.get(b)).toBe(`${'s'.repeat(54)}_${md5(b)}`);
  });

  it('gives the same result whatever the order of the input', () => {
    const props = ['a-b', 'A_B', 'a_b', 'id', 'ID', 'x'.repeat(70), 'X'.repeat(70), '1a', 'p_1a'];
    const expected = assignColumnNames(new Map(), props);
    for (let i = 0; i < 20; i += 1) {
      const shuffled = [...props].sort(() => Math.sin(i * 7 + props.length) - 0.5);
      shuffled.push(shuffled.shift() as string);
      expect(assignColumnNames(new Map(), shuffled)).toEqual(expected);
    }
    expect(new Set(expected.values()).size).toBe(props.length);
    for (const column of expected.values()) expect(bytes(column)).toBeLessThanOrEqual(63);
    // '1a' normalises to p_1a; 'p_1a' sorts after '1a', so the real p_1a is the one suffixed.
    expect(expected.get('1a')).toBe('p_1a');
    expect(expected.get('p_1a')).toBe(`p_1a_${md5('p_1a')}`);
  });
});

describe('table names', () => {
  it('uses the object name, through the same rule', () => {
    expect(tableNameFor('contacts')).toBe('contacts');
    expect(tableNameFor('Car')).toBe('car');
    expect(tableNameFor('associations')).toBe(`associations_${md5('associations')}`);
    const names = assignTableNames(new Map([['car', 'car']]), ['CAR']);
    expect(names.get('CAR')).toBe(`car_${md5('CAR')}`);
  });
});

describe('assertions', () => {
  it('accepts lowercase identifiers up to 63 bytes', () => {
    expect(assertIdentifier('contacts')).toBe('contacts');
    expect(assertIdentifier('_columns')).toBe('_columns');
    expect(assertIdentifier('a'.repeat(63))).toBe('a'.repeat(63));
  });

  it.each(['', 'Contacts', 'a-b', '1abc', 'a b', 'a"b', 'é', 'a'.repeat(64), 'x;drop'])(
    'rejects %j',
    (name) => {
      expect(() => assertIdentifier(name)).toThrow(IdentifierError);
    },
  );

  it('keeps schema names short enough for their channel and away from pg_', () => {
    expect(assertSchemaName('a'.repeat(55))).toBe('a'.repeat(55));
    expect(() => assertSchemaName('a'.repeat(56))).toThrow(/channel/);
    expect(() => assertSchemaName('pg_mirror')).toThrow(IdentifierError);
  });

  it('keeps object tables away from the mirror’s own tables', () => {
    expect(() => assertTableName('associations')).toThrow(IdentifierError);
    expect(() => assertTableName('_columns')).toThrow(IdentifierError);
    expect(assertTableName('line_items')).toBe('line_items');
  });
});
