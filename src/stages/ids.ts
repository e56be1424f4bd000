/**
 * Record ids compared as numbers without parsing them (canonical decimal strings: shorter is
 * smaller), and the difference of two sorted id lists, for the sweeps that compare a page of
 * HubSpot's ids with the same id range in Postgres.
 */
import { canonicalRecordId } from '../values/record-id.js';

/** The id without leading zeros (`007` and `7` are one record), by the one canonicaliser. */
export const canonicalIdText = (id: string | number): string => {
  const text = canonicalRecordId(id);
  if (text === undefined) {
    throw new TypeError(`record id ${JSON.stringify(id)} is not numeric (within bigint)`);
  }
  return text;
};

export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Canonical, unique and ascending. */
export function sortIds(ids: Iterable<string | number>): string[] {
  return [...new Set([...ids].map(canonicalIdText))].sort(compareIds);
}

/** True when each id is greater than the one before (and than `after`, when given). */
export function isAscending(ids: readonly string[], after?: string): boolean {
  let previous = after;
  for (const id of ids) {
    if (previous !== undefined && compareIds(previous, id) >= 0) return false;
    previous = id;
  }
  return true;
}

export interface IdDiff {
  /** In `a` only. */
  onlyA: string[];
  /** In `b` only. */
  onlyB: string[];
}

/** The two differences of ascending, canonical lists, in one merge pass. */
export function diffSortedIds(a: readonly string[], b: readonly string[]): IdDiff {
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const order = compareIds(a[i]!, b[j]!);
    if (order === 0) {
      i++;
      j++;
    } else if (order < 0) onlyA.push(a[i++]!);
    else onlyB.push(b[j++]!);
  }
  while (i < a.length) onlyA.push(a[i++]!);
  while (j < b.length) onlyB.push(b[j++]!);
  return { onlyA, onlyB };
}

/** The ids of `candidates` (ascending) that appear in `stored` (ascending). */
export function intersectSortedIds(
  candidates: readonly string[],
  stored: readonly string[],
): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < candidates.length && j < stored.length) {
    const c = compareIds(candidates[i]!, stored[j]!);
    if (c === 0) {
      out.push(candidates[i]!);
      i++;
      j++;
    } else if (c < 0) i++;
    else j++;
  }
  return out;
}
