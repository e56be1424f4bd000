import { describe, expect, it } from 'vitest';
import {
  advanceWalk,
  initialCursor,
  parseDateValue,
  searchBodyFor,
  type SearchBody,
  type WalkCursor,
} from '../../../src/stages/walk/cursor.js';

interface Rec {
  id: string;
  properties: Record<string, string | null>;
}

/** A tiny search with HubSpot's relevant semantics: GT/GTE/EQ filters, one sort, ties shuffled. */
function fakeSearch(records: Array<{ id: number; t: number }>, seed = 1) {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let calls = 0;
  const search = (body: SearchBody): { results: Rec[]; hasMore: boolean } => {
    calls++;
    const filters = body.filterGroups[0]?.filters ?? [];
    const matches = records.filter((r) =>
      filters.every((f) => {
        const v = f.propertyName === 'hs_object_id' ? r.id : r.t;
        const x = Number(f.value);
        return f.operator === 'GT' ? v > x : f.operator === 'GTE' ? v >= x : v === x;
      }),
    );
    const byId = body.sorts[0]!.propertyName === 'hs_object_id';
    const keyed = matches.map((r) => ({ r, k: random() }));
    keyed.sort((a, b) => (byId ? a.r.id - b.r.id : a.r.t - b.r.t || a.k - b.k));
    const page = keyed.slice(0, body.limit).map(({ r }) => ({
      id: String(r.id),
      properties: { createdate: new Date(r.t).toISOString(), hs_object_id: String(r.id) },
    }));
    return { results: page, hasMore: matches.length > body.limit };
  };
  return { search, calls: () => calls };
}

function walkAll(records: Array<{ id: number; t: number }>, limit = 200) {
  const fake = fakeSearch(records);
  let cursor: WalkCursor = initialCursor();
  const seen = new Map<string, number>();
  for (let guard = 0; guard < 10_000; guard++) {
    const page = fake.search(searchBodyFor(cursor, 'createdate', ['createdate'], limit));
    const step = advanceWalk(cursor, page, 'createdate');
    for (const r of step.complete) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
    cursor = step.cursor;
    if (step.exhausted) return { seen, calls: fake.calls(), cursor };
  }
  throw new Error('walk did not finish');
}

const T0 = Date.UTC(2024, 0, 1);

describe('advanceWalk', () => {
  it('reads every record once when timestamps are distinct', () => {
    const records = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, t: T0 + i * 1000 }));
    const { seen, calls } = walkAll(records);
    expect(seen.size).toBe(1000);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(calls).toBeLessThanOrEqual(Math.ceil(1000 / 199) + 1);
  });

  it('drains a block of 12,500 records sharing one millisecond by id, past the 10,000 cap', () => {
    const before = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, t: T0 + i }));
    const block = Array.from({ length: 12_500 }, (_, i) => ({ id: 1000 + i * 3, t: T0 + 5000 }));
    const after = Array.from({ length: 300 }, (_, i) => ({ id: 100_000 + i, t: T0 + 6000 + i }));
    const records = [...before, ...block, ...after];
    const { seen } = walkAll(records);
    expect(seen.size).toBe(records.length);
  });

  it('never loses records in small shuffled ties at page boundaries', () => {
    // Runs of 1..7 records per millisecond, ids not in time order.
    const records: Array<{ id: number; t: number }> = [];
    let t = T0;
    for (let i = 0; records.length < 5000; i++) {
      const run = 1 + (i % 7);
      for (let j = 0; j < run; j++)
        records.push({ id: 1 + ((records.length * 7919) % 100_003), t });
      t += 17;
    }
    const { seen, calls } = walkAll(records);
    expect(seen.size).toBe(new Set(records.map((r) => r.id)).size);
    // Each page re-reads only its last timestamp's records.
    expect(calls).toBeLessThan((records.length / 200) * 1.06 + 2);
  });

  it('handles ties exactly one page long and a last page without paging.next', () => {
    const records = [
      ...Array.from({ length: 200 }, (_, i) => ({ id: i + 1, t: T0 })),
      ...Array.from({ length: 200 }, (_, i) => ({ id: 500 + i, t: T0 + 1 })),
    ];
    const { seen, cursor } = walkAll(records);
    expect(seen.size).toBe(400);
    expect(cursor).toEqual({ mode: 'range', from: T0 + 1, inclusive: true });
  });

  it('ends at once on an empty portal and keeps the cursor', () => {
    const { seen, calls, cursor } = walkAll([]);
    expect(seen.size).toBe(0);
    expect(calls).toBe(1);
    expect(cursor).toEqual(initialCursor());
  });

  it('resumes from a saved cursor without re-reading completed records', () => {
    const records = Array.from({ length: 600 }, (_, i) => ({ id: i + 1, t: T0 + i * 10 }));
    const fake = fakeSearch(records);
    let cursor = initialCursor();
    const first = advanceWalk(
      cursor,
      fake.search(searchBodyFor(cursor, 'createdate', [])),
      'createdate',
    );
    cursor = JSON.parse(JSON.stringify(first.cursor)) as WalkCursor; // as persisted in Postgres
    const second = advanceWalk(
      cursor,
      fake.search(searchBodyFor(cursor, 'createdate', [])),
      'createdate',
    );
    const firstIds = new Set(first.complete.map((r) => r.id));
    expect(second.complete.some((r) => firstIds.has(r.id))).toBe(false);
  });

  it('rejects a record whose sort date is unusable instead of skipping it', () => {
    const bad = { id: '7', properties: { createdate: 'soon' } };
    const ok = { id: '8', properties: { createdate: '2024-01-01T00:00:00Z' } };
    expect(() =>
      advanceWalk(initialCursor(), { results: [ok, bad], hasMore: true }, 'createdate'),
    ).toThrow(/record 7 has no usable createdate/);
  });
});

describe('searchBodyFor', () => {
  it('filters ties by the date and id, sorted by id', () => {
    expect(
      searchBodyFor({ mode: 'ties', at: 5, afterId: '10' }, 'hs_lastmodifieddate', ['a']),
    ).toEqual({
      filterGroups: [
        {
          filters: [
            { propertyName: 'hs_lastmodifieddate', operator: 'EQ', value: '5' },
            { propertyName: 'hs_object_id', operator: 'GT', value: '10' },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties: ['a'],
      limit: 200,
    });
  });

  it('walks ranges with GT or GTE on the date', () => {
    const body = searchBodyFor({ mode: 'range', from: 9, inclusive: false }, 'createdate', []);
    expect(body.filterGroups).toEqual([
      { filters: [{ propertyName: 'createdate', operator: 'GT', value: '9' }] },
    ]);
    expect(searchBodyFor(initialCursor(), 'createdate', []).filterGroups).toEqual([]);
  });
});

describe('parseDateValue', () => {
  it('reads ISO and epoch milliseconds', () => {
    expect(parseDateValue('2024-01-01T00:00:00.000Z')).toBe(T0);
    expect(parseDateValue(String(T0))).toBe(T0);
    expect(parseDateValue('')).toBeNull();
    expect(parseDateValue('nope')).toBeNull();
  });

  it('reads every form HubSpot sends as Date.parse did', () => {
    for (const value of [
      '2024-01-01T00:00:00.000Z',
      '2024-01-01T00:00:00Z',
      '2024-06-30T23:59:59.999Z',
      '2024-03-05T10:11:12.5Z',
      '2024-03-05T10:11:12.123456Z',
      '2024-03-05T10:11:12.345+01:00',
    ]) {
      expect(parseDateValue(value), value).toBe(Date.parse(value));
    }
    expect(parseDateValue('1704067200000')).toBe(1704067200000);
    expect(parseDateValue('1719791999999')).toBe(1719791999999);
    expect(parseDateValue(' 1704067200000 ')).toBe(1704067200000);
    expect(parseDateValue('0')).toBe(0);
    expect(parseDateValue(null)).toBeNull();
    expect(parseDateValue(undefined)).toBeNull();
  });

  it('refuses what the strict parser refuses, and reads a zone-less time as UTC', () => {
    expect(parseDateValue('Jan 1 2024')).toBeNull();
    expect(parseDateValue('2024-02-30T00:00:00Z')).toBeNull();
    expect(parseDateValue('99999999999999999')).toBeNull();
    expect(parseDateValue('2024-01-01T00:00:00')).toBe(T0);
    expect(parseDateValue('2024-01-01')).toBe(T0);
  });
});
