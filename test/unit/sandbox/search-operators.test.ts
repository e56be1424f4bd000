import { describe, expect, it } from 'vitest';
import type { RecordView, SearchFilter } from '../../../src/sandbox/portal/index.js';
import { makePortal, searchAll } from './helpers.js';

// A portal with bad values, so every comparison meets "n/a", "1,5", epoch-ms dates and "".
const { portal } = makePortal({ counts: { contacts: 800 }, badValueRate: 0.08 });
const records = [...portal.truthRecords('contacts')];
const sorted = { sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' as const }] };

function search(...filters: SearchFilter[]): string[] {
  return searchAll(portal, 'contacts', { filterGroups: [{ filters }], ...sorted }).ids;
}

function expected(predicate: (r: RecordView) => boolean): string[] {
  return records.filter(predicate).map((r) => r.id);
}

const value = (r: RecordView, name: string) => r.properties[name] ?? null;
const num = (v: string | null) => (v !== null && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN);
const date = (v: string | null) =>
  v === null || v === '' ? NaN : /^\d+$/.test(v) ? Number(v) : Date.parse(v);
const some = (name: string) =>
  records.map((r) => value(r, name)).find((v) => v !== null && v !== '')!;

describe('search operators (brute force over the truth as the reference)', () => {
  it('EQ on text is case-insensitive', () => {
    const email = some('email');
    expect(search({ propertyName: 'email', operator: 'EQ', value: email.toUpperCase() })).toEqual(
      expected((r) => value(r, 'email') === email),
    );
  });

  it('EQ on a number compares numerically', () => {
    const v = records.map((r) => value(r, 'Legacy-Score')).find((x) => !Number.isNaN(num(x)))!;
    const got = search({ propertyName: 'Legacy-Score', operator: 'EQ', value: `${v}.0` });
    expect(got).toEqual(expected((r) => num(value(r, 'Legacy-Score')) === Number(v)));
    expect(got.length).toBeGreaterThan(0);
  });

  it('EQ on an enumeration, a bool and a multi-select (which matches any of its values)', () => {
    expect(search({ propertyName: 'lifecyclestage', operator: 'EQ', value: 'customer' })).toEqual(
      expected((r) => value(r, 'lifecyclestage') === 'customer'),
    );
    expect(search({ propertyName: 'sbx_flag', operator: 'EQ', value: true })).toEqual(
      expected((r) => value(r, 'sbx_flag') === 'true'),
    );
    const multi = search({ propertyName: 'sbx_multi', operator: 'EQ', value: 'green' });
    expect(multi).toEqual(
      expected((r) => (value(r, 'sbx_multi') ?? '').split(';').includes('green')),
    );
    expect(multi.length).toBeGreaterThan(0);
  });

  it('NEQ includes records without a value', () => {
    const got = search({ propertyName: 'lifecyclestage', operator: 'NEQ', value: 'lead' });
    expect(got).toEqual(expected((r) => value(r, 'lifecyclestage') !== 'lead'));
    expect(records.some((r) => value(r, 'lifecyclestage') === null && got.includes(r.id))).toBe(
      true,
    );
  });

  it.each(['LT', 'LTE', 'GT', 'GTE'] as const)(
    '%s on a number skips values that are not numbers',
    (operator) => {
      const cmp = {
        LT: (a: number, b: number) => a < b,
        LTE: (a: number, b: number) => a <= b,
        GT: (a: number, b: number) => a > b,
        GTE: (a: number, b: number) => a >= b,
      }[operator];
      const pivot = records.map((r) => num(value(r, 'sbx_number'))).find((n) => !Number.isNaN(n))!;
      expect(search({ propertyName: 'sbx_number', operator, value: String(pivot) })).toEqual(
        expected((r) => cmp(num(value(r, 'sbx_number')), pivot)),
      );
    },
  );

  it.each(['LT', 'GTE'] as const)(
    '%s on a datetime takes epoch ms or ISO, and reads epoch-ms values',
    (operator) => {
      const pivot = records
        .map((r) => date(value(r, 'sbx_datetime')))
        .find((n) => !Number.isNaN(n))!;
      const want = expected((r) => {
        const d = date(value(r, 'sbx_datetime'));
        return operator === 'LT' ? d < pivot : d >= pivot;
      });
      expect(search({ propertyName: 'sbx_datetime', operator, value: String(pivot) })).toEqual(
        want,
      );
      expect(
        search({ propertyName: 'sbx_datetime', operator, value: new Date(pivot).toISOString() }),
      ).toEqual(want);
      expect(
        records.some((r) => /^\d+$/.test(value(r, 'sbx_datetime') ?? '') && want.includes(r.id)),
      ).toBe(true);
    },
  );

  it('GT on a date property compares days', () => {
    const pivot = records.map((r) => value(r, 'sbx_date')).find((v) => v && /^\d{4}-/.test(v))!;
    expect(
      search({ propertyName: 'sbx_date', operator: 'GT', value: String(Date.parse(pivot)) }),
    ).toEqual(expected((r) => date(value(r, 'sbx_date')) > Date.parse(pivot)));
  });

  it('LT / GT on text compare strings', () => {
    expect(search({ propertyName: 'lastname', operator: 'LT', value: 'K' })).toEqual(
      expected(
        (r) => (value(r, 'lastname') ?? '') !== '' && value(r, 'lastname')!.toLowerCase() < 'k',
      ),
    );
  });

  it('BETWEEN is inclusive on both ends', () => {
    const lo = Date.parse(records[100]!.createdAt);
    const hi = Date.parse(records[300]!.createdAt);
    const got = search({
      propertyName: 'createdate',
      operator: 'BETWEEN',
      value: String(lo),
      highValue: String(hi),
    });
    expect(got).toEqual(
      expected((r) => Date.parse(r.createdAt) >= lo && Date.parse(r.createdAt) <= hi),
    );
    expect(got).toContain(records[100]!.id);
    expect(got).toContain(records[300]!.id);
    expect(
      search({
        propertyName: 'sbx_number',
        operator: 'BETWEEN',
        value: '-100',
        highValue: '250.5',
      }),
    ).toEqual(
      expected((r) => num(value(r, 'sbx_number')) >= -100 && num(value(r, 'sbx_number')) <= 250.5),
    );
  });

  it('IN and NOT_IN (NOT_IN includes records without a value)', () => {
    const set = ['lead', 'customer'];
    expect(
      search({ propertyName: 'lifecyclestage', operator: 'IN', values: ['LEAD', 'customer'] }),
    ).toEqual(expected((r) => set.includes(value(r, 'lifecyclestage') ?? '')));
    expect(search({ propertyName: 'lifecyclestage', operator: 'NOT_IN', values: set })).toEqual(
      expected((r) => !set.includes(value(r, 'lifecyclestage') ?? '')),
    );
    const ids = records.slice(5, 9).map((r) => r.id);
    expect(search({ propertyName: 'hs_object_id', operator: 'IN', values: ids })).toEqual(ids);
  });

  it('HAS_PROPERTY and NOT_HAS_PROPERTY (an empty string is no value)', () => {
    const has = (r: RecordView) => value(r, 'jobtitle') !== null && value(r, 'jobtitle') !== '';
    expect(search({ propertyName: 'jobtitle', operator: 'HAS_PROPERTY' })).toEqual(expected(has));
    expect(search({ propertyName: 'jobtitle', operator: 'NOT_HAS_PROPERTY' })).toEqual(
      expected((r) => !has(r)),
    );
    expect(records.some((r) => value(r, 'jobtitle') === '')).toBe(true);
  });

  it('CONTAINS_TOKEN matches a word or a * pattern; NOT_CONTAINS_TOKEN is its complement', () => {
    const words = (r: RecordView) => (value(r, 'sbx_text') ?? '').toLowerCase().split(' ');
    expect(
      search({ propertyName: 'sbx_text', operator: 'CONTAINS_TOKEN', value: 'Platform' }),
    ).toEqual(expected((r) => words(r).includes('platform')));
    expect(
      search({ propertyName: 'sbx_text', operator: 'NOT_CONTAINS_TOKEN', value: 'platform' }),
    ).toEqual(expected((r) => !words(r).includes('platform')));
    const domain = some('email').split('@')[1]!;
    const got = search({ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: `*@${domain}` });
    expect(got).toEqual(expected((r) => (value(r, 'email') ?? '').endsWith(`@${domain}`)));
    expect(got.length).toBeGreaterThan(0);
    expect(search({ propertyName: 'firstname', operator: 'CONTAINS_TOKEN', value: 'gr*' })).toEqual(
      expected((r) => (value(r, 'firstname') ?? '').toLowerCase().startsWith('gr')),
    );
  });

  it('ANDs filters within a group and ORs groups', () => {
    const a = { propertyName: 'lifecyclestage', operator: 'EQ' as const, value: 'lead' };
    const b = { propertyName: 'sbx_flag', operator: 'EQ' as const, value: 'true' };
    expect(search(a, b)).toEqual(
      expected((r) => value(r, 'lifecyclestage') === 'lead' && value(r, 'sbx_flag') === 'true'),
    );
    const or = searchAll(portal, 'contacts', {
      filterGroups: [{ filters: [a] }, { filters: [b] }],
      ...sorted,
    });
    expect(or.ids).toEqual(
      expected((r) => value(r, 'lifecyclestage') === 'lead' || value(r, 'sbx_flag') === 'true'),
    );
    expect(or.total).toBe(or.ids.length);
  });

  it('sorts by a text or number property, values without one last', () => {
    const got = searchAll(portal, 'contacts', {
      sorts: [{ propertyName: 'sbx_number', direction: 'DESCENDING' }],
      properties: ['sbx_number'],
    }).records;
    const keys = got.map((r) => num(value(r, 'sbx_number')));
    const numbers = keys.filter((k) => !Number.isNaN(k));
    expect(numbers).toEqual([...numbers].sort((x, y) => y - x));
    expect(keys.slice(numbers.length).every((k) => Number.isNaN(k))).toBe(true);
    const names = searchAll(portal, 'contacts', { sorts: ['lastname'] }).records.map((r) =>
      value(r, 'lastname'),
    );
    const present = names.filter((n) => n);
    expect(present).toEqual(
      [...present].sort((x, y) =>
        x!.toLowerCase() < y!.toLowerCase() ? -1 : x!.toLowerCase() > y!.toLowerCase() ? 1 : 0,
      ),
    );
  });

  it('query searches the default text properties', () => {
    const last = some('lastname');
    const got = searchAll(portal, 'contacts', { query: last, ...sorted }).ids;
    expect(got).toEqual(
      expected((r) =>
        ['email', 'firstname', 'lastname', 'phone', 'company'].some((p) =>
          (value(r, p) ?? '').toLowerCase().includes(last.toLowerCase()),
        ),
      ),
    );
  });

  it('returns the requested properties plus id and dates, or the defaults', () => {
    const one = portal.search('contacts', { properties: ['sbx_flag', 'nope'], limit: 1 })
      .results[0]!;
    expect(Object.keys(one.properties).sort()).toEqual([
      'createdate',
      'hs_object_id',
      'lastmodifieddate',
      'sbx_flag',
    ]);
    const plain = portal.search('contacts', { limit: 1 }).results[0]!;
    expect(Object.keys(plain.properties).sort()).toEqual([
      'createdate',
      'email',
      'firstname',
      'hs_object_id',
      'lastmodifieddate',
      'lastname',
    ]);
    expect(plain.archived).toBe(false);
  });

  it('rejects filters on unknown properties and bad numeric values', () => {
    expect(() => search({ propertyName: 'nope', operator: 'EQ', value: 'x' })).toThrow(/nope/);
    expect(() =>
      search({ propertyName: 'createdate', operator: 'GTE', value: 'yesterday' }),
    ).toThrow(/createdate/);
    expect(() => search({ propertyName: 'email', operator: 'IN', values: [] })).toThrow(/IN/);
  });
});
