/**
 * Which properties need their values fetched for rows already stored, and how the refetch walks.
 * Search and batch reads return only the properties asked for, so a property the mirror did not
 * know has no stored values, also on records that will never change again. Pure.
 */
import type { SearchBody } from '../../hubspot/types.js';
import type { DdlStep } from '../../schema/index.js';

/** `_cursors` stage name of an object's refetch. */
export const REFETCH_STAGE = 'refetch';

/** HubSpot allows 5 filter groups (OR) per search: one HAS_PROPERTY group per property. */
export const REFETCH_GROUP_MAX = 5;

export interface RefetchCursor {
  /** Properties walked together now (at most REFETCH_GROUP_MAX). */
  walking: string[];
  /** Records with ids up to this one are done for the properties being walked. */
  afterId: string;
  /** Properties waiting for their walk, oldest first. */
  queued: string[];
}

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((p) => typeof p === 'string');

export const isRefetchCursor = (value: unknown): value is RefetchCursor =>
  !!value &&
  typeof value === 'object' &&
  isStringArray((value as RefetchCursor).walking) &&
  isStringArray((value as RefetchCursor).queued) &&
  typeof (value as RefetchCursor).afterId === 'string';

export const idleRefetch = (): RefetchCursor => ({ walking: [], afterId: '0', queued: [] });

export const refetchIsIdle = (cursor: RefetchCursor): boolean =>
  cursor.walking.length === 0 && cursor.queued.length === 0;

/**
 * Per object, the properties an applied plan gave a column (or an `_extra` key) on a table that
 * already had rows, or brought back from archived. A table created by the same plan is empty:
 * its backfill reads everything.
 */
export function propertiesToRefetch(steps: readonly DdlStep[]): Map<string, string[]> {
  const created = new Set(steps.filter((s) => s.kind === 'create_table').map((s) => s.objectType));
  const out = new Map<string, string[]>();
  for (const step of steps) {
    if (created.has(step.objectType)) continue;
    if (
      step.kind === 'add_column' ||
      step.kind === 'map_to_extra' ||
      step.kind === 'unarchive_property'
    ) {
      const list = out.get(step.objectType) ?? [];
      if (!list.includes(step.property)) list.push(step.property);
      out.set(step.objectType, list);
    }
  }
  return out;
}

/**
 * Adds properties to an object's refetch queue. One already queued stays where it is; if it is
 * being walked now, that walk starts over, since the part already done may predate its new values.
 */
export function enqueueRefetch(
  cursor: RefetchCursor | undefined,
  properties: readonly string[],
): RefetchCursor {
  const next = cursor
    ? { walking: [...cursor.walking], afterId: cursor.afterId, queued: [...cursor.queued] }
    : idleRefetch();
  for (const p of properties) {
    if (next.walking.includes(p)) next.afterId = '0';
    else if (!next.queued.includes(p)) next.queued.push(p);
  }
  return next;
}

/**
 * The cursor with properties no longer live dropped (searching on an archived property is a
 * 400), and, when nothing is being walked, the next group of queued properties started.
 */
export function nextRefetch(cursor: RefetchCursor, live: ReadonlySet<string>): RefetchCursor {
  const walking = cursor.walking.filter((p) => live.has(p));
  const queued = cursor.queued.filter((p) => live.has(p));
  if (walking.length) return { walking, afterId: cursor.afterId, queued };
  return {
    walking: queued.slice(0, REFETCH_GROUP_MAX),
    afterId: '0',
    queued: queued.slice(REFETCH_GROUP_MAX),
  };
}

/** After a page: the id cursor moves on, or, when the walk is done, the group is finished. */
export function advanceRefetch(
  cursor: RefetchCursor,
  page: { lastId: string | undefined; hasMore: boolean },
): RefetchCursor {
  if (page.hasMore && page.lastId !== undefined) return { ...cursor, afterId: page.lastId };
  return { walking: [], afterId: '0', queued: cursor.queued };
}

/**
 * Records having any of `properties`, by ascending id after `afterId`. Each page is a fresh query
 * from the id cursor, so the 10,000-result cap never applies. Only ids are asked for: the values
 * come from batch reads, which show the record as it is now.
 */
export function refetchSearchBody(
  properties: readonly string[],
  afterId: string,
  limit = 200,
): SearchBody {
  return {
    filterGroups: properties.slice(0, REFETCH_GROUP_MAX).map((p) => ({
      filters: [
        { propertyName: p, operator: 'HAS_PROPERTY' },
        { propertyName: 'hs_object_id', operator: 'GT', value: afterId },
      ],
    })),
    sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
    properties: ['hs_object_id'],
    limit,
  };
}
