/**
 * The walk both pollers share: the keyset walk of walk.ts over the object's last-modified
 * property, each page upserted with notifications and its cursor in one transaction. Records
 * modified again while we walk move ahead of the cursor and are met again; records archived
 * between pages simply stop appearing (delete detection removes them); 10,000+ records sharing
 * one millisecond are drained by id (walk.ts).
 */
import type { StageContext } from '../stage.js';
import { searchObjects, type HubSpotRecord, type Priority } from '../../hubspot/index.js';
import type { CatalogObject } from '../../schema/index.js';
import {
  findStalePropertiesError,
  readCursor,
  readObjectStates,
  upsertRecords,
  addUpsertSummary,
  emptyUpsertSummary,
  withTransaction,
  type UpsertSummary,
} from '../../store/index.js';
import { walkDates } from '../walk/date-walk.js';
import {
  boundSearchBody,
  doneBefore,
  isWalkCursor,
  parseDateValue,
  type WalkCursor,
} from '../walk/cursor.js';
import { apiTypeOf, propertiesToRead } from '../catalog-object.js';

/** `_cursors` stage names (the straggler bounds itself by the poller's cursor, and vice versa). */
export const POLLER_STAGE = 'poller';
export const STRAGGLER_STAGE = 'straggler';

/**
 * Both pollers start this far before the backfill's start: the backfill's clock is ours and
 * last-modified stamps are HubSpot's, so a few minutes of re-reading (unchanged rows are not
 * written) cover any skew between them.
 */
export const CLOCK_SKEW_MARGIN_MS = 5 * 60_000;

/** A page whose property list went stale is read again with the new list, at most this often. */
const MAX_PROPERTY_REFRESHES = 3;

export interface ModifiedWalkOptions {
  /** The `_cursors` stage name. */
  stage: string;
  priority: Priority;
  /** Where to start when the stage has no cursor yet. */
  initial: WalkCursor;
  /** Only records modified before this (exclusive); when the walk is exhausted, the cursor moves to it. */
  before?: number;
  /**
   * Records for which this returns true are written apart, so that how many of them were
   * inserted or updated is known (`flaggedWritten`).
   */
  flag?: (modifiedMs: number, id: string) => boolean;
}

export interface ModifiedWalkResult {
  pages: number;
  records: number;
  summary: UpsertSummary;
  flaggedWritten: number;
  /** Pages read again because a property appeared while they were read. */
  propertyRefreshes: number;
  /** The walk reached the end of what search shows now (false when aborted). */
  finished: boolean;
}

/**
 * The first cursor of both pollers: the object's backfill start (less the skew margin). Null
 * while the backfill is not complete: rows written before then must not be notified one by one.
 */
export async function readPollStart(
  ctx: Pick<StageContext, 'store'>,
  objectType: string,
): Promise<WalkCursor | null> {
  const state = (await readObjectStates(ctx.store)).find((s) => s.objectType === objectType);
  if (!state || state.backfillState !== 'complete' || !state.backfillStartedAt) return null;
  const from = state.backfillStartedAt.getTime() - CLOCK_SKEW_MARGIN_MS;
  return { mode: 'range', from, inclusive: true };
}

/** The stage's saved cursor, or `initial` when there is none (or it is not one of ours). */
export async function readWalkCursor(
  ctx: Pick<StageContext, 'store'>,
  objectType: string,
  stage: string,
  initial: WalkCursor,
): Promise<WalkCursor> {
  const saved = await readCursor(ctx.store, objectType, stage);
  return isWalkCursor(saved) ? saved : initial;
}

/** Walks from the stage's cursor to the end of what search shows now (or `before`). */
export async function walkModified(
  ctx: StageContext,
  object: CatalogObject,
  options: ModifiedWalkOptions,
): Promise<ModifiedWalkResult> {
  const table = object.objectType;
  const modified = object.modifiedProperty;
  const result: ModifiedWalkResult = {
    pages: 0,
    records: 0,
    summary: emptyUpsertSummary(),
    flaggedWritten: 0,
    propertyRefreshes: 0,
    finished: false,
  };
  let properties = propertiesToRead(object);
  for (;;) {
    const cursor = await readWalkCursor(ctx, table, options.stage, options.initial);
    try {
      const walk = await walkDates<HubSpotRecord>(modified, properties, cursor, {
        search: async (body) => {
          const bounded =
            options.before === undefined ? body : boundSearchBody(body, modified, options.before);
          const page = await searchObjects(ctx.client, apiTypeOf(object), bounded, {
            priority: options.priority,
            signal: ctx.signal,
          });
          return {
            total: page.total,
            results: page.results,
            hasMore: page.paging?.next !== undefined,
          };
        },
        writePage: async (records, next, exhausted) => {
          const value = exhausted ? cursorAfterExhausted(next, options.before) : next;
          const { flagged, rest } = splitFlagged(records, modified, options.flag);
          const [a, b] = await withTransaction(ctx.store, async (tx) => {
            const write = { notify: true, onlyProperties: properties, readWith: properties };
            const first = flagged.length
              ? await upsertRecords(tx, table, flagged, write)
              : emptyUpsertSummary();
            const second = await upsertRecords(tx, table, rest, {
              ...write,
              cursor: { stage: options.stage, value },
            });
            return [first, second];
          });
          addUpsertSummary(result.summary, a);
          addUpsertSummary(result.summary, b);
          result.flaggedWritten += a.inserted + a.updated;
          result.records += records.length;
          result.pages += 1;
        },
        signal: ctx.signal,
      });
      result.finished = walk.finished;
      return result;
    } catch (error) {
      // Stopping: what was committed stays committed, and the cursor says where it was.
      if (ctx.signal.aborted) return result;
      const stale = findStalePropertiesError(error);
      if (!stale || result.propertyRefreshes >= MAX_PROPERTY_REFRESHES) throw error;
      ctx.logger.info(
        { stage: options.stage, object: table, added: stale.missing },
        'properties changed while a page was read; reading it again',
      );
      properties = stale.properties;
      result.propertyRefreshes += 1;
    }
  }
}

/** An exhausted bounded walk has read everything before its bound: it resumes from there. */
function cursorAfterExhausted(next: WalkCursor, before: number | undefined): WalkCursor {
  if (before === undefined) return next;
  const done = doneBefore(next);
  return done !== null && done >= before ? next : { mode: 'range', from: before, inclusive: true };
}

function splitFlagged(
  records: HubSpotRecord[],
  modified: string,
  flag: ModifiedWalkOptions['flag'],
): { flagged: HubSpotRecord[]; rest: HubSpotRecord[] } {
  if (!flag) return { flagged: [], rest: records };
  const flagged: HubSpotRecord[] = [];
  const rest: HubSpotRecord[] = [];
  for (const r of records) {
    const ms = parseDateValue(r.properties[modified]);
    (ms !== null && flag(ms, r.id) ? flagged : rest).push(r);
  }
  return { flagged, rest };
}
