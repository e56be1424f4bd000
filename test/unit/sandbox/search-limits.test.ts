import { describe, expect, it } from 'vitest';
import type { SearchFilter } from '../../../src/sandbox/portal/index.js';
import { makePortal, portalError } from './helpers.js';

const { portal } = makePortal({ counts: { contacts: 10_400 }, archivedRate: 0.01 });
const f: SearchFilter = { propertyName: 'createdate', operator: 'GTE', value: '0' };
const groups = (...sizes: number[]) =>
  sizes.map((n) => ({ filters: Array.from({ length: n }, () => f) }));

describe('search limits', () => {
  it('allows 5 groups, 6 filters per group and 18 filters in all', () => {
    expect(portal.search('contacts', { filterGroups: groups(6, 6, 6) }).total).toBe(
      portal.count('contacts'),
    );
    expect(portal.search('contacts', { filterGroups: groups(4, 4, 4, 3, 3) }).total).toBe(
      portal.count('contacts'),
    );
  });

  it.each([
    ['6 filter groups', groups(1, 1, 1, 1, 1, 1), /filter groups/],
    ['7 filters in a group', groups(7), /filters in filter group 1/],
    ['19 filters in all', groups(6, 6, 6, 1), /maximum is 18/],
  ])('rejects %s with a 400 VALIDATION_ERROR', (_name, filterGroups, message) => {
    const err = portalError(() => portal.search('contacts', { filterGroups }));
    expect(err).toMatchObject({ status: 400, category: 'VALIDATION_ERROR' });
    expect(err.message).toMatch(message);
  });

  it('allows one sort only', () => {
    const err = portalError(() => portal.search('contacts', { sorts: ['createdate', 'email'] }));
    expect(err).toMatchObject({ status: 400, category: 'VALIDATION_ERROR' });
  });

  it('pages at most 200 per request, 10 by default', () => {
    expect(portal.search('contacts', {}).results).toHaveLength(10);
    expect(portal.search('contacts', { limit: 200 }).results).toHaveLength(200);
    expect(portalError(() => portal.search('contacts', { limit: 201 })).status).toBe(400);
    expect(portalError(() => portal.search('contacts', { limit: -1 })).status).toBe(400);
    expect(portalError(() => portal.search('contacts', { after: 'abc' })).status).toBe(400);
  });

  it('never pages past 10,000 results, though total counts every match', () => {
    const live = portal.count('contacts');
    expect(live).toBeGreaterThan(10_000);
    const last = portal.search('contacts', { limit: 200, after: '9800' });
    expect(last.total).toBe(live);
    expect(last.results).toHaveLength(200);
    expect(last.paging).toBeUndefined();
    const err = portalError(() => portal.search('contacts', { limit: 200, after: '9801' }));
    expect(err).toMatchObject({ status: 400, category: 'VALIDATION_ERROR' });
    expect(err.message).toMatch(/10000/);
    expect(portalError(() => portal.search('contacts', { limit: 1, after: 10_000 })).status).toBe(
      400,
    );
  });

  it('gives paging.next only while more results exist', () => {
    const small = portal.search('contacts', {
      filterGroups: [
        {
          filters: [
            {
              propertyName: 'hs_object_id',
              operator: 'LTE',
              value: String(Number.MAX_SAFE_INTEGER),
            },
            { propertyName: 'lifecyclestage', operator: 'EQ', value: 'other' },
          ],
        },
      ],
      limit: 200,
    });
    const pages = Math.ceil(small.total / 200);
    let after = small.paging?.next.after;
    let seen = small.results.length;
    for (let i = 1; i < pages; i++) {
      const page = portal.search('contacts', {
        filterGroups: [
          { filters: [{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'other' }] },
        ],
        limit: 200,
        after,
      });
      seen += page.results.length;
      after = page.paging?.next.after;
    }
    expect(after).toBeUndefined();
    expect(seen).toBe(small.total);
    const exact = portal.search('contacts', {
      filterGroups: [
        { filters: [{ propertyName: 'hs_object_id', operator: 'IN', values: ['1', '2'] }] },
      ],
    });
    expect(exact).toEqual({ total: 0, results: [] });
  });

  it('never returns archived records', () => {
    const archived = new Set(portal.truthArchivedIds('contacts'));
    expect(archived.size).toBeGreaterThan(0);
    const ids = portal
      .search('contacts', { limit: 200, sorts: ['createdate'] })
      .results.map((r) => r.id);
    expect(ids.some((id) => archived.has(id))).toBe(false);
  });
});
