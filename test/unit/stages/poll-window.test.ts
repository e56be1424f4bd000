import { describe, expect, it } from 'vitest';
import { missingProperties } from '../../../src/store/stale-properties.js';
import { stragglerBound, stragglerIntervalMs } from '../../../src/stages/poll/straggler.js';
import {
  advanceWalk,
  boundSearchBody,
  cursorCovers,
  doneBefore,
  isWalkCursor,
  searchBodyFor,
  type WalkCursor,
} from '../../../src/stages/walk/cursor.js';

const T = Date.UTC(2025, 5, 1, 10);

describe('boundSearchBody', () => {
  it('adds an exclusive upper bound on the date to a range walk', () => {
    const body = boundSearchBody(
      searchBodyFor({ mode: 'range', from: T, inclusive: true }, 'hs_lastmodifieddate', ['a']),
      'hs_lastmodifieddate',
      T + 500,
    );
    expect(body.filterGroups).toEqual([
      {
        filters: [
          { propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(T) },
          { propertyName: 'hs_lastmodifieddate', operator: 'LT', value: String(T + 500) },
        ],
      },
    ]);
    expect(body.sorts).toEqual([{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }]);
  });

  it('bounds a walk that has no lower bound yet, and every OR group', () => {
    const open = boundSearchBody(
      searchBodyFor({ mode: 'range', from: null, inclusive: true }, 'd', []),
      'd',
      5,
    );
    expect(open.filterGroups).toEqual([
      { filters: [{ propertyName: 'd', operator: 'LT', value: '5' }] },
    ]);
    const two = boundSearchBody(
      {
        filterGroups: [
          { filters: [] },
          { filters: [{ propertyName: 'x', operator: 'EQ', value: '1' }] },
        ],
        sorts: [],
        properties: [],
        limit: 1,
      },
      'd',
      9,
    );
    expect(two.filterGroups.every((g) => g.filters.at(-1)?.operator === 'LT')).toBe(true);
  });
});

describe('doneBefore and cursorCovers', () => {
  const inclusive: WalkCursor = { mode: 'range', from: T, inclusive: true };
  const exclusive: WalkCursor = { mode: 'range', from: T, inclusive: false };
  const ties: WalkCursor = { mode: 'ties', at: T, afterId: '150' };

  it('gives the first date not yet done', () => {
    expect(doneBefore(inclusive)).toBe(T);
    expect(doneBefore(exclusive)).toBe(T + 1);
    expect(doneBefore(ties)).toBe(T);
    expect(doneBefore({ mode: 'range', from: null, inclusive: true })).toBeNull();
  });

  it('knows which records a cursor has passed, ids breaking ties numerically', () => {
    expect(cursorCovers(inclusive, T - 1, '1')).toBe(true);
    expect(cursorCovers(inclusive, T, '1')).toBe(false);
    expect(cursorCovers(exclusive, T, '1')).toBe(true);
    expect(cursorCovers(exclusive, T + 1, '1')).toBe(false);
    expect(cursorCovers(ties, T, '150')).toBe(true);
    expect(cursorCovers(ties, T, '99')).toBe(true); // 99 < 150 as numbers, not as text
    expect(cursorCovers(ties, T, '1000')).toBe(false);
    expect(cursorCovers(ties, T - 1, '99999')).toBe(true);
    expect(cursorCovers({ mode: 'range', from: null, inclusive: true }, 0, '1')).toBe(false);
  });

  it('agrees with the walk: what a step completes is covered by its cursor', () => {
    const rec = (id: number, t: number) => ({
      id: String(id),
      properties: { d: new Date(t).toISOString() },
    });
    const page = { results: [rec(1, T), rec(2, T + 1), rec(3, T + 2)], hasMore: true };
    const step = advanceWalk(inclusive, page, 'd');
    for (const r of step.complete)
      expect(cursorCovers(step.cursor, Date.parse(r.properties.d), r.id)).toBe(true);
    expect(cursorCovers(step.cursor, T + 2, '3')).toBe(false);
  });

  it('recognises saved cursors and refuses anything else', () => {
    expect(isWalkCursor(inclusive)).toBe(true);
    expect(isWalkCursor(ties)).toBe(true);
    expect(isWalkCursor({ mode: 'range', from: null, inclusive: true })).toBe(true);
    expect(isWalkCursor({ mode: 'ties', at: '5', afterId: '1' })).toBe(false);
    expect(isWalkCursor({ pending: [] })).toBe(false);
    expect(isWalkCursor(null)).toBe(false);
  });
});

describe('the straggler window', () => {
  it('ends lag behind now, but never past what the poller has passed', () => {
    expect(stragglerBound(T, 10_000, { mode: 'range', from: T + 5, inclusive: true })).toBe(
      T - 10_000,
    );
    expect(stragglerBound(T, 10_000, { mode: 'range', from: T - 60_000, inclusive: true })).toBe(
      T - 60_000,
    );
    expect(stragglerBound(T, 0, { mode: 'ties', at: T - 7, afterId: '3' })).toBe(T - 7);
    expect(stragglerBound(T, 0, { mode: 'range', from: T - 7, inclusive: false })).toBe(T - 6);
    expect(stragglerBound(T, 0, { mode: 'range', from: null, inclusive: true })).toBeNull();
  });

  it('runs every tenth of its lag, never more often than the poller', () => {
    expect(stragglerIntervalMs({ pollIntervalMs: 5_000, stragglerLagMs: 600_000 })).toBe(60_000);
    expect(stragglerIntervalMs({ pollIntervalMs: 5_000, stragglerLagMs: 10_000 })).toBe(5_000);
  });
});

describe('missingProperties', () => {
  it('lists live mapped properties that a page did not ask for', () => {
    const mapping = [
      { property: 'email', archived: false },
      { property: 'old', archived: true },
      { property: 'new_one', archived: false },
    ];
    expect(missingProperties(mapping, ['email', 'old'])).toEqual(['new_one']);
    expect(missingProperties(mapping, ['email', 'new_one'])).toEqual([]);
  });
});
