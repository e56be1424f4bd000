import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/sandbox/portal/hash.js';
import type {
  Portal,
  RecordView,
  SearchFilter,
  SearchRequest,
} from '../../../src/sandbox/portal/index.js';
import { listAll, makePortal, ms, searchAll } from './helpers.js';

/**
 * The indexed search paths (sorted base arrays, Fenwick counts, overlay for changed records) must
 * answer exactly like a brute-force filter-and-sort over the truth, before and after many writes.
 */
type Key = 'createdate' | 'lastmodifieddate' | 'hs_object_id';

function keyOf(r: RecordView, key: Key): number {
  return key === 'createdate'
    ? ms(r.createdAt)
    : key === 'lastmodifieddate'
      ? ms(r.updatedAt)
      : Number(r.id);
}

function matches(r: RecordView, f: SearchFilter): boolean {
  if (f.propertyName === 'lifecyclestage') return r.properties.lifecyclestage === f.value;
  const v = keyOf(r, f.propertyName as Key);
  const x = Number(f.value);
  switch (f.operator) {
    case 'EQ':
      return v === x;
    case 'GT':
      return v > x;
    case 'GTE':
      return v >= x;
    case 'LT':
      return v < x;
    case 'LTE':
      return v <= x;
    case 'BETWEEN':
      return v >= x && v <= Number(f.highValue);
    default:
      throw new Error(f.operator);
  }
}

function reference(records: RecordView[], req: SearchRequest): string[] {
  const groups = req.filterGroups ?? [];
  const hits = records.filter(
    (r) => groups.length === 0 || groups.some((g) => g.filters.every((f) => matches(r, f))),
  );
  const sort = req.sorts?.[0] as { propertyName: Key; direction: string } | undefined;
  const key: Key = sort?.propertyName ?? 'hs_object_id';
  const sign = sort?.direction === 'DESCENDING' ? -1 : 1;
  hits.sort((a, b) => sign * (keyOf(a, key) - keyOf(b, key)) || Number(a.id) - Number(b.id));
  return hits.map((r) => r.id);
}

function randomRequest(rng: () => number, pivots: RecordView[]): SearchRequest {
  const pick = () => pivots[Math.floor(rng() * pivots.length)]!;
  const ops = ['EQ', 'GT', 'GTE', 'LT', 'LTE', 'BETWEEN'] as const;
  const filter = (name: Key): SearchFilter => {
    const op = ops[Math.floor(rng() * ops.length)]!;
    const [a, b] = [keyOf(pick(), name), keyOf(pick(), name)].sort((x, y) => x - y);
    return op === 'BETWEEN'
      ? { propertyName: name, operator: op, value: String(a), highValue: String(b) }
      : { propertyName: name, operator: op, value: String(a) };
  };
  const shapes: Array<() => SearchFilter[]> = [
    () => [filter('createdate')],
    () => [filter('lastmodifieddate')],
    () => [filter('hs_object_id')],
    () => [
      { ...filter('createdate'), operator: 'EQ' },
      { ...filter('hs_object_id'), operator: 'GT' },
    ],
    () => [
      { ...filter('lastmodifieddate'), operator: 'EQ' },
      { ...filter('hs_object_id'), operator: 'GT' },
    ],
    () => [{ ...filter('lastmodifieddate'), operator: 'GTE' }, filter('hs_object_id')],
    () => [filter('createdate'), filter('lastmodifieddate')],
    () => [filter('createdate'), filter('hs_object_id')],
    () => [filter('lastmodifieddate'), filter('hs_object_id'), filter('hs_object_id')],
    () => [filter('createdate'), { propertyName: 'lifecyclestage', operator: 'EQ', value: 'lead' }],
    () => [],
  ];
  const keys: Key[] = ['createdate', 'lastmodifieddate', 'hs_object_id'];
  const groupCount = rng() < 0.15 ? 2 : 1;
  const filterGroups = Array.from({ length: groupCount }, () => ({
    filters: shapes[Math.floor(rng() * shapes.length)]!(),
  })).filter((g) => g.filters.length);
  const sort =
    rng() < 0.15
      ? undefined
      : {
          propertyName: keys[Math.floor(rng() * 3)]!,
          direction: rng() < 0.5 ? ('ASCENDING' as const) : ('DESCENDING' as const),
        };
  return { filterGroups, ...(sort ? { sorts: [sort] } : {}), properties: ['lifecyclestage'] };
}

function randomWrites(
  portal: Portal,
  rng: () => number,
  clock: { advance(ms: number): void },
  n: number,
): void {
  const live = listAll(portal, 'contacts', { properties: ['lifecyclestage'] });
  const ids = live.map((r) => r.id);
  const some = () => ids[Math.floor(rng() * ids.length)]!;
  const drop = (id: string) => ids.splice(ids.indexOf(id), 1);
  for (let i = 0; i < n; i++) {
    clock.advance(Math.floor(rng() * 3));
    const roll = rng();
    if (roll < 0.25) {
      const createdAt =
        rng() < 0.5 ? ms(live[Math.floor(rng() * live.length)]!.createdAt) : undefined;
      ids.push(
        portal.create('contacts', { lifecyclestage: 'lead' }, createdAt ? { createdAt } : {}).id,
      );
    } else if (roll < 0.6)
      portal.update('contacts', some(), { lifecyclestage: rng() < 0.5 ? 'lead' : 'customer' });
    else if (roll < 0.72) portal.archive('contacts', drop(some())[0]!);
    else if (roll < 0.8) {
      const archived = portal.truthArchivedIds('contacts');
      const id = archived[Math.floor(rng() * archived.length)];
      if (id) ids.push(portal.restore('contacts', id).id);
    } else if (roll < 0.9) {
      const [a, b] = [some(), some()];
      if (a !== b) portal.merge('contacts', a, drop(b)[0]!);
    } else portal.purge('contacts', drop(some())[0]!);
  }
}

describe('indexed search equals brute force', () => {
  it('before and after random writes, for range filters, tie drains, sorts and OR groups', () => {
    const { portal, clock } = makePortal({
      counts: { contacts: 2000 },
      archivedRate: 0.03,
      bulkImportSize: 300,
    });
    const rng = createRng(42);
    let checked = 0;
    for (let round = 0; round < 4; round++) {
      const records = listAll(portal, 'contacts', { properties: ['lifecyclestage'] });
      for (let q = 0; q < 25; q++) {
        const req = randomRequest(rng, records);
        const got = searchAll(portal, 'contacts', req);
        const want = reference(records, req);
        expect(got.total, JSON.stringify(req)).toBe(want.length);
        expect(got.ids, JSON.stringify(req)).toEqual(want);
        checked += want.length;
      }
      randomWrites(portal, rng, clock, 150);
    }
    expect(checked).toBeGreaterThan(10_000);
  }, 60_000);
});
