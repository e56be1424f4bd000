import { describe, expect, it } from 'vitest';
import type { DdlStep } from '../../../src/schema/index.js';
import {
  advanceRefetch,
  enqueueRefetch,
  idleRefetch,
  isRefetchCursor,
  nextRefetch,
  propertiesToRefetch,
  refetchIsIdle,
  refetchSearchBody,
} from '../../../src/stages/schema/refetch-plan.js';
import { intersectSortedIds, sortIds } from '../../../src/stages/ids.js';

const meta = {
  apiName: 'x',
  objectTypeId: '2-1',
  createdProperty: 'hs_createdate',
  modifiedProperty: 'hs_lastmodifieddate',
};
const prop = { hubspotType: 'string', fieldType: 'text', pgType: 'text' as const };

describe('propertiesToRefetch', () => {
  it('takes added, overflowed and restored properties of tables that already existed', () => {
    const steps: DdlStep[] = [
      { kind: 'add_column', objectType: 'contacts', property: 'a', columnName: 'a', ...prop },
      { kind: 'map_to_extra', objectType: 'contacts', property: 'b', ...prop },
      { kind: 'unarchive_property', objectType: 'deals', property: 'c' },
      { kind: 'archive_property', objectType: 'deals', property: 'd' },
      {
        kind: 'change_type',
        objectType: 'deals',
        property: 'e',
        columnName: 'e',
        fromPgType: 'text',
        ...prop,
        pgType: 'numeric',
      },
      { kind: 'create_table', objectType: 'car', ...meta },
      { kind: 'add_column', objectType: 'car', property: 'f', columnName: 'f', ...prop },
    ];
    expect([...propertiesToRefetch(steps)]).toEqual([
      ['contacts', ['a', 'b']],
      ['deals', ['c']],
    ]);
  });
});

describe('the refetch queue', () => {
  it('starts the first group, at most five properties at once, and moves on page by page', () => {
    let c = enqueueRefetch(undefined, ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    expect(c).toEqual({ walking: [], afterId: '0', queued: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'] });
    const live = new Set(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    c = nextRefetch(c, live);
    expect(c).toEqual({ walking: ['p1', 'p2', 'p3', 'p4', 'p5'], afterId: '0', queued: ['p6'] });
    c = advanceRefetch(c, { lastId: '900', hasMore: true });
    expect(c.afterId).toBe('900');
    c = advanceRefetch(c, { lastId: '950', hasMore: false });
    expect(c).toEqual({ walking: [], afterId: '0', queued: ['p6'] });
    c = nextRefetch(c, live);
    expect(c).toEqual({ walking: ['p6'], afterId: '0', queued: [] });
    c = advanceRefetch(c, { lastId: undefined, hasMore: false });
    expect(refetchIsIdle(c)).toBe(true);
  });

  it('keeps a newcomer out of a walk already under way, and restarts a walk whose property is queued again', () => {
    const walking = { walking: ['a'], afterId: '500', queued: [] };
    expect(enqueueRefetch(walking, ['b'])).toEqual({
      walking: ['a'],
      afterId: '500',
      queued: ['b'],
    });
    expect(enqueueRefetch(walking, ['a'])).toEqual({ walking: ['a'], afterId: '0', queued: [] });
    expect(enqueueRefetch({ walking: [], afterId: '0', queued: ['b'] }, ['b'])).toEqual({
      walking: [],
      afterId: '0',
      queued: ['b'],
    });
  });

  it('drops properties that are no longer live', () => {
    const c = { walking: ['a', 'gone'], afterId: '7', queued: ['b', 'gone2'] };
    expect(nextRefetch(c, new Set(['a', 'b']))).toEqual({
      walking: ['a'],
      afterId: '7',
      queued: ['b'],
    });
    expect(nextRefetch(c, new Set(['b']))).toEqual({ walking: ['b'], afterId: '0', queued: [] });
  });

  it('recognises its own cursors', () => {
    expect(isRefetchCursor(idleRefetch())).toBe(true);
    expect(isRefetchCursor({ walking: [1], afterId: '0', queued: [] })).toBe(false);
    expect(isRefetchCursor({ mode: 'range', from: 1, inclusive: true })).toBe(false);
  });
});

describe('refetchSearchBody', () => {
  it('ORs one HAS_PROPERTY group per property, keyset by id, asking only for ids', () => {
    const body = refetchSearchBody(['a', 'b'], '42');
    expect(body).toEqual({
      filterGroups: [
        {
          filters: [
            { propertyName: 'a', operator: 'HAS_PROPERTY' },
            { propertyName: 'hs_object_id', operator: 'GT', value: '42' },
          ],
        },
        {
          filters: [
            { propertyName: 'b', operator: 'HAS_PROPERTY' },
            { propertyName: 'hs_object_id', operator: 'GT', value: '42' },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties: ['hs_object_id'],
      limit: 200,
    });
    expect(body.after).toBeUndefined();
  });
});

describe('id helpers', () => {
  it('sort numerically and intersect sorted lists', () => {
    expect(sortIds(['100', '9', '25'])).toEqual(['9', '25', '100']);
    expect(intersectSortedIds(['2', '9', '25', '100'], ['1', '9', '10', '100', '200'])).toEqual([
      '9',
      '100',
    ]);
    expect(intersectSortedIds([], ['1'])).toEqual([]);
  });
});
