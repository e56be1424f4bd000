/**
 * The keyset walk over a date property that backfill (create date) and the pollers (last-modified
 * date) share. Pure: it turns a cursor into a search body, and a result page into the records
 * that are now complete plus the next cursor.
 *
 * Why it looks like this (docs/BEHAVIOR.md has the sources):
 * - Search caps every query at 10,000 results, so we never page with `after`: each page is a
 *   fresh query from the cursor.
 * - HubSpot promises no order among equal sort keys, so a page's last timestamp may be only
 *   partly read. We keep only records strictly older than it and re-read from it (GTE), which
 *   costs the few records of that timestamp.
 * - When a whole page shares one timestamp (bulk imports stamp thousands of records with the same
 *   millisecond), GTE would return the same page forever: the walk switches to draining that
 *   timestamp by `hs_object_id`, a unique key, then goes on strictly after it.
 */

import type { SearchBody, SearchFilter } from '../../hubspot/types.js';
import { dateTimeMs } from '../../values/date-time.js';
export type { SearchBody };

export const PAGE_SIZE = 200;

export type WalkCursor =
  /** Records with date < from (or <= from when !inclusive) are done. `from` null: nothing done. */
  | { mode: 'range'; from: number | null; inclusive: boolean }
  /** Records with date < at, and those at `at` with id <= afterId, are done. */
  | { mode: 'ties'; at: number; afterId: string };

export interface WalkRecord {
  id: string;
  properties: Record<string, string | null>;
}

export interface WalkStep<R> {
  /** Records this page proved complete: store them with `cursor`, in one transaction. */
  complete: R[];
  cursor: WalkCursor;
  /** True when the walk reached the end of what search shows now. */
  exhausted: boolean;
}

export const initialCursor = (): WalkCursor => ({ mode: 'range', from: null, inclusive: true });

/**
 * Epoch ms of a date property value (ISO 8601 or epoch milliseconds), by the mirror's one strict
 * date parser: Date.parse alone would accept any prose date and read a zone-less one as local
 * time. Date.parse then only reads the canonical ISO text the parser returns.
 */
export function parseDateValue(value: string | null | undefined): number | null {
  if (value == null || value === '') return null;
  const ms = dateTimeMs(value.trim());
  return Number.isNaN(ms) ? null : ms;
}

export function searchBodyFor(
  cursor: WalkCursor,
  dateProperty: string,
  properties: string[],
  limit = PAGE_SIZE,
): SearchBody {
  if (cursor.mode === 'ties') {
    return {
      filterGroups: [
        {
          filters: [
            { propertyName: dateProperty, operator: 'EQ', value: String(cursor.at) },
            { propertyName: 'hs_object_id', operator: 'GT', value: cursor.afterId },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties,
      limit,
    };
  }
  const filters: SearchFilter[] =
    cursor.from === null
      ? []
      : [
          {
            propertyName: dateProperty,
            operator: cursor.inclusive ? 'GTE' : 'GT',
            value: String(cursor.from),
          },
        ];
  return {
    filterGroups: filters.length ? [{ filters }] : [],
    sorts: [{ propertyName: dateProperty, direction: 'ASCENDING' }],
    properties,
    limit,
  };
}

/**
 * Advances the cursor past one page. `hasMore` is whether the response carried `paging.next`
 * (a short page does not mean the end).
 */
export function advanceWalk<R extends WalkRecord>(
  cursor: WalkCursor,
  page: { results: R[]; hasMore: boolean },
  dateProperty: string,
): WalkStep<R> {
  const { results, hasMore } = page;
  if (cursor.mode === 'ties') {
    if (results.length === 0 || !hasMore) {
      return {
        complete: results,
        cursor: { mode: 'range', from: cursor.at, inclusive: false },
        exhausted: false,
      };
    }
    const afterId = maxId(results);
    return { complete: results, cursor: { ...cursor, afterId }, exhausted: false };
  }

  if (results.length === 0) return { complete: [], cursor, exhausted: true };
  const dates = results.map((r) => dateOf(r, dateProperty));
  const last = dates[dates.length - 1]!;
  if (!hasMore) {
    // Everything from the cursor on is in this page. Keep the newest date, inclusive, so a
    // caller that walks again later (the pollers) re-reads only that timestamp.
    return {
      complete: results,
      cursor: { mode: 'range', from: last, inclusive: true },
      exhausted: true,
    };
  }
  const first = dates[0]!;
  if (first === last) {
    return {
      complete: results,
      cursor: { mode: 'ties', at: last, afterId: '0' },
      exhausted: false,
    };
  }
  const complete = results.filter((_, i) => dates[i]! < last);
  return { complete, cursor: { mode: 'range', from: last, inclusive: true }, exhausted: false };
}

function dateOf(record: WalkRecord, dateProperty: string): number {
  const ms = parseDateValue(record.properties[dateProperty]);
  if (ms === null) {
    throw new Error(
      `record ${record.id} has no usable ${dateProperty} (${JSON.stringify(record.properties[dateProperty])})`,
    );
  }
  return ms;
}

function maxId(records: WalkRecord[]): string {
  let max = BigInt(records[0]!.id);
  for (const r of records) {
    const id = BigInt(r.id);
    if (id > max) max = id;
  }
  return max.toString();
}

/**
 * The same body limited to dates before `before` (exclusive): the straggler walks only the window
 * the live poller has already passed. Every filter group gets the bound, so an OR of groups
 * stays bounded.
 */
export function boundSearchBody(
  body: SearchBody,
  dateProperty: string,
  before: number,
): SearchBody {
  const bound: SearchFilter = { propertyName: dateProperty, operator: 'LT', value: String(before) };
  const groups = body.filterGroups.length ? body.filterGroups : [{ filters: [] }];
  return {
    ...body,
    filterGroups: groups.map((g) => ({ filters: [...g.filters, bound] })),
  };
}

/** The date below which every record is done by `cursor` (exclusive); null when none is. */
export function doneBefore(cursor: WalkCursor): number | null {
  if (cursor.mode === 'ties') return cursor.at;
  if (cursor.from === null) return null;
  return cursor.inclusive ? cursor.from : cursor.from + 1;
}

/** Whether a walk at `cursor` has already passed the record with this date and id. */
export function cursorCovers(cursor: WalkCursor, dateMs: number, id: string): boolean {
  if (cursor.mode === 'ties') {
    return dateMs < cursor.at || (dateMs === cursor.at && BigInt(id) <= BigInt(cursor.afterId));
  }
  if (cursor.from === null) return false;
  return cursor.inclusive ? dateMs < cursor.from : dateMs <= cursor.from;
}

/** Whether a value read back from `_cursors` is a walk cursor (it is JSON written by us, or not). */
export function isWalkCursor(value: unknown): value is WalkCursor {
  if (!value || typeof value !== 'object') return false;
  const c = value as Record<string, unknown>;
  if (c.mode === 'ties') return typeof c.at === 'number' && typeof c.afterId === 'string';
  return (
    c.mode === 'range' &&
    (c.from === null || typeof c.from === 'number') &&
    typeof c.inclusive === 'boolean'
  );
}
