import { describe, expect, it } from 'vitest';
import type { SearchRequest } from '../../../src/sandbox/portal/index.js';
import { makePortal, ms, searchAll } from './helpers.js';

const { portal } = makePortal({
  counts: { contacts: 13_000 },
  bulkImportSize: 12_500,
  archivedRate: 0,
});
const anyBlockMember = portal.search('contacts', { sorts: ['createdate'], after: '6000', limit: 1 })
  .results[0]!;
const T = String(ms(anyBlockMember.createdAt));
const onBlock: SearchRequest = {
  filterGroups: [{ filters: [{ propertyName: 'createdate', operator: 'EQ', value: T }] }],
  sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
  limit: 200,
};

describe('equal sort keys', () => {
  it("orders ties by id when tieOrder is 'id'", () => {
    portal.setKnobs({ tieOrder: 'id' });
    const first = portal.search('contacts', onBlock);
    const second = portal.search('contacts', { ...onBlock, after: '200' });
    const ids = [...first.results, ...second.results].map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(portal.search('contacts', onBlock)).toEqual(first);
    expect(first.total).toBe(12_500);
  });

  it("shuffles ties per request when tieOrder is 'shuffled', so paging can repeat or skip", () => {
    portal.setKnobs({ tieOrder: 'shuffled' });
    const a = portal.search('contacts', onBlock).results.map((r) => r.id);
    const b = portal.search('contacts', onBlock).results.map((r) => r.id);
    expect(a).not.toEqual(b);
    const pages = new Set<string>();
    for (let after = 0; after < 2000; after += 200) {
      for (const r of portal.search('contacts', { ...onBlock, after: String(after) }).results)
        pages.add(r.id);
    }
    expect(pages.size).toBeLessThan(2000); // repeats: the same 2,000 positions did not yield 2,000 records
  });

  it('keeps the sort order across ties: shuffling only happens inside a run of equal keys', () => {
    portal.setKnobs({ tieOrder: 'shuffled' });
    const walk = portal.search('contacts', {
      sorts: [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }],
      limit: 200,
      after: '400',
    });
    const keys = walk.results.map((r) => ms(r.updatedAt));
    expect(keys).toEqual([...keys].sort((x, y) => y - x));
  });

  it('drains a 12,500-record tie by hs_object_id without repeats or gaps', () => {
    portal.setKnobs({ tieOrder: 'shuffled' });
    const seen: string[] = [];
    let last = '0';
    for (;;) {
      const page = portal.search('contacts', {
        filterGroups: [
          {
            filters: [
              { propertyName: 'createdate', operator: 'EQ', value: T },
              { propertyName: 'hs_object_id', operator: 'GT', value: last },
            ],
          },
        ],
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
        limit: 200,
      });
      if (page.results.length === 0) break;
      seen.push(...page.results.map((r) => r.id));
      last = page.results.at(-1)!.id;
    }
    expect(seen).toHaveLength(12_500);
    expect(new Set(seen).size).toBe(12_500);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => a - b));
  });

  it("walks the whole portal by create date with 'id' ties exactly once", () => {
    portal.setKnobs({ tieOrder: 'id' });
    const req = {
      filterGroups: [
        { filters: [{ propertyName: 'createdate', operator: 'LT' as const, value: T }] },
      ],
      sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' as const }],
    };
    const { ids, total } = searchAll(portal, 'contacts', req);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  });
});
