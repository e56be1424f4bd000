import { describe, expect, it } from 'vitest';
import {
  canonicalIdText,
  compareIds,
  diffSortedIds,
  isAscending,
  sortIds,
} from '../../../src/stages/ids.js';

describe('record ids compared as numbers', () => {
  it('orders by magnitude, not by text', () => {
    expect(compareIds('9', '10')).toBeLessThan(0);
    expect(compareIds('100', '99')).toBeGreaterThan(0);
    expect(compareIds('42', '42')).toBe(0);
    expect(sortIds(['10', '9', '100', '9', '0010'])).toEqual(['9', '10', '100']);
  });

  it('handles ids past 2^53 exactly', () => {
    const big = ['9007199254740993', '9007199254740992', '18446744073709551'];
    expect(sortIds(big)).toEqual(['9007199254740992', '9007199254740993', '18446744073709551']);
  });

  it('drops leading zeros and refuses what is not an id', () => {
    expect(canonicalIdText('007')).toBe('7');
    expect(canonicalIdText(0)).toBe('0');
    expect(() => canonicalIdText('12a')).toThrow(TypeError);
    expect(() => canonicalIdText('-1')).toThrow(TypeError);
  });

  it('checks strict ascent, also against a starting point', () => {
    expect(isAscending(['1', '2', '10'])).toBe(true);
    expect(isAscending(['1', '10', '2'])).toBe(false);
    expect(isAscending(['5', '5'])).toBe(false);
    expect(isAscending(['11', '12'], '10')).toBe(true);
    expect(isAscending(['10', '12'], '10')).toBe(false);
    expect(isAscending([], '10')).toBe(true);
  });
});

describe('diffSortedIds', () => {
  it('splits two sorted lists into what only each side has', () => {
    expect(diffSortedIds(['1', '3', '5', '7'], ['2', '3', '7', '8', '9'])).toEqual({
      onlyA: ['1', '5'],
      onlyB: ['2', '8', '9'],
    });
  });

  it('handles empty sides and equal lists', () => {
    expect(diffSortedIds([], ['1'])).toEqual({ onlyA: [], onlyB: ['1'] });
    expect(diffSortedIds(['1'], [])).toEqual({ onlyA: ['1'], onlyB: [] });
    expect(diffSortedIds(['1', '20'], ['1', '20'])).toEqual({ onlyA: [], onlyB: [] });
  });

  it('agrees with a set difference on random lists (numeric order across digit counts)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 50; round++) {
      const a = sortIds(Array.from({ length: 40 }, () => Math.floor(random() * 2000)));
      const b = sortIds(Array.from({ length: 40 }, () => Math.floor(random() * 2000)));
      const setA = new Set(a);
      const setB = new Set(b);
      expect(diffSortedIds(a, b)).toEqual({
        onlyA: a.filter((id) => !setB.has(id)),
        onlyB: b.filter((id) => !setA.has(id)),
      });
    }
  });
});
