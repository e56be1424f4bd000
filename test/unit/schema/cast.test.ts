import { describe, expect, it } from 'vitest';
import { castValue } from '../../../src/schema/cast.js';
import type { PgType } from '../../../src/schema/types.js';
import { pgTypeFor } from '../../../src/schema/types.js';

const good = (type: PgType, raw: string | null, value: unknown) =>
  expect(castValue(type, raw)).toEqual({ ok: true, value });
const bad = (type: PgType, raw: string) => {
  const result = castValue(type, raw);
  expect(result.ok, `${type} ${JSON.stringify(raw)} should reject`).toBe(false);
  if (!result.ok) expect(result.error).toMatch(/\w/);
};

describe('pgTypeFor', () => {
  it.each([
    ['number', 'number', 'numeric'],
    ['bool', 'booleancheckbox', 'boolean'],
    ['date', 'date', 'date'],
    ['datetime', 'date', 'timestamptz'],
    ['enumeration', 'checkbox', 'text[]'],
    ['enumeration', 'select', 'text'],
    ['enumeration', 'radio', 'text'],
    ['json', 'text', 'jsonb'],
    ['string', 'text', 'text'],
    ['string', 'checkbox', 'text'],
    ['phone_number', 'phonenumber', 'text'],
    ['object_coordinates', 'text', 'text'],
    ['something_new', 'whatever', 'text'],
  ])('%s/%s → %s', (type, fieldType, pgType) => {
    expect(pgTypeFor(type, fieldType)).toBe(pgType);
  });
});

describe('castValue', () => {
  it('turns null and the empty string into NULL for every type', () => {
    for (const type of [
      'numeric',
      'boolean',
      'date',
      'timestamptz',
      'text[]',
      'jsonb',
      'text',
    ] as const) {
      good(type, null, null);
      good(type, '', null);
    }
  });

  describe('numeric', () => {
    it.each([
      ['0', '0'],
      ['42', '42'],
      ['-17', '-17'],
      ['3.14', '3.14'],
      ['1.50', '1.50'],
      [' 12 ', '12'],
      ['\t\n7\r\n', '7'],
      ['1e3', '1000'],
      ['1.5E+2', '150'],
      ['1.25e1', '12.5'],
      ['2e-3', '0.002'],
      ['-0', '0'],
      ['-0.0', '0.0'],
      ['123456789012345678901234567890.123456789', '123456789012345678901234567890.123456789'],
      ['1e1000', `1${'0'.repeat(1000)}`],
    ])('%j → %j', (raw, value) => good('numeric', raw, value));

    it.each([
      'NaN',
      'Infinity',
      '-Infinity',
      '1,5',
      '1 000',
      '+1',
      '01',
      '.5',
      '5.',
      '0x10',
      '1e',
      'abc',
      ' ',
      '1e200000',
      '1e99999999999999',
      '1e-20000',
    ])('rejects %j', (raw) => bad('numeric', raw));

    it("stops at Postgres numeric's limits: 131072 digits before the point, 16383 after", () => {
      const whole = `1${'0'.repeat(131_071)}`;
      const fraction = `0.${'1'.repeat(16_383)}`;
      good('numeric', whole, whole);
      good('numeric', fraction, fraction);
      bad('numeric', `${whole}0`);
      bad('numeric', `${fraction}1`);
    });
  });

  describe('boolean', () => {
    it.each([
      ['true', true],
      ['TRUE', true],
      ['True', true],
      ['false', false],
      ['FaLsE', false],
    ])('%j → %j', (raw, value) => good('boolean', raw, value));
    it.each(['yes', 'no', '1', '0', 't', ' true', 'true '])('rejects %j', (raw) =>
      bad('boolean', raw),
    );
  });

  describe('date', () => {
    it.each([
      ['2024-01-15', '2024-01-15'],
      ['2024-02-29', '2024-02-29'],
      ['2000-02-29', '2000-02-29'],
      ['2024-01-15T10:20:30Z', '2024-01-15'],
      ['2024-01-15T23:30:00-02:00', '2024-01-16'],
      ['2024-01-01T00:30:00+01:00', '2023-12-31'],
      ['2024-03-01T01:00:00+0200', '2024-02-29'],
      ['2024-01-15T10:20:30.123Z', '2024-01-15'],
      ['1705276800000', '2024-01-15'],
      ['0', '1970-01-01'],
      ['-86400000', '1969-12-31'],
    ])('%j → %j', (raw, value) => good('date', raw, value));
    it.each([
      '2023-02-29',
      '1900-02-29',
      '2024-13-01',
      '2024-04-31',
      '2024-1-5',
      '15/01/2024',
      'Jan 15 2024',
      '2024-01-15T25:00:00Z',
      '0000-01-01',
      '99999999999999999',
      '2024-01-15 10:20:30',
      'today',
    ])('rejects %j', (raw) => bad('date', raw));
  });

  describe('timestamptz', () => {
    it.each([
      ['2024-01-15T10:20:30Z', '2024-01-15T10:20:30+00:00'],
      ['2024-01-15T10:20:30.123456Z', '2024-01-15T10:20:30.123456+00:00'],
      ['2024-01-15T10:20:30.5+05:30', '2024-01-15T10:20:30.5+05:30'],
      ['2024-01-15T10:20:30-0800', '2024-01-15T10:20:30-08:00'],
      ['2024-01-15T10:20:30+01', '2024-01-15T10:20:30+01:00'],
      ['2024-01-15T10:20', '2024-01-15T10:20:00+00:00'],
      ['2024-01-15', '2024-01-15T00:00:00+00:00'],
      ['1705314030123', '2024-01-15T10:20:30.123Z'],
      // HubSpot's own form takes a fast path and goes to Postgres as it is.
      ['2024-01-15T10:20:30.123Z', '2024-01-15T10:20:30.123Z'],
      ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
    ])('%j → %j', (raw, value) => good('timestamptz', raw, value));
    it.each([
      '2024-01-15T10:20:61Z',
      '2024-01-15T24:00:00Z',
      '2024-01-15T10:20:30+25:00',
      '2024-02-30T00:00:00Z',
      'Mon, 15 Jan 2024 10:20:30 GMT',
      '2024-01-15 10:20:30Z',
      '1705314030123.5',
      '9999-12-31T23:30:00-01:00',
      'NaN',
      // shaped like HubSpot's form, but not a real instant
      '2023-02-29T10:20:30.123Z',
      '2024-01-15T24:20:30.123Z',
      '2024-01-15T10:60:30.123Z',
      '2024-01-15T10:20:60.123Z',
      '2024-00-15T10:20:30.123Z',
      '0000-01-15T10:20:30.123Z',
      '2024-01-15T10:20:30.12xZ',
      '2024-01-1xT10:20:30.123Z',
    ])('rejects %j', (raw) => bad('timestamptz', raw));
  });

  describe('text[] (multi-select)', () => {
    it.each([
      ['a', ['a']],
      ['a;b;c', ['a', 'b', 'c']],
      [' a ; b ;', ['a', 'b']],
      ['a;;b', ['a', 'b']],
      ['with "quote";back\\slash;{brace}', ['with "quote"', 'back\\slash', '{brace}']],
      [';', null],
      [' ; ; ', null],
    ])('%j → %j', (raw, value) => good('text[]', raw, value));
    it('rejects a NUL character', () => bad('text[]', 'a;b\u0000'));
  });

  describe('jsonb', () => {
    it.each([
      '{"a":1}',
      '[1,2,3]',
      '"text"',
      '42',
      'true',
      'null',
      ' {"nested":{"x":[1e300]}} ',
      '{"s":"\\\\u0000"}',
    ])('keeps %j as its text', (raw) => good('jsonb', raw, raw));
    it.each([
      '{a:1}',
      "{'a':1}",
      '[1,]',
      'undefined',
      'NaN',
      '{"a":"\\u0000"}',
      '[1e200000]',
      '[0.1e-16383]',
      `${'['.repeat(600)}${']'.repeat(600)}`,
    ])('rejects %j', (raw) => bad('jsonb', raw));
  });

  describe('text', () => {
    it('keeps any text as is, blanks included', () => {
      good('text', '  spaced  ', '  spaced  ');
      good('text', 'naïve 😀', 'naïve 😀');
    });
    it('rejects a NUL character, which Postgres text cannot hold', () => bad('text', 'a\u0000b'));
  });
});
