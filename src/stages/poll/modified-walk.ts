/**
 * What both pollers add to the one search walk (walk/search-walk.ts) over the object's
 * last-modified property: each page upserted with notifications and its cursor in one
 * transaction, records flagged by the caller written apart so their writes are counted, and a
 * bounded walk's cursor moved to its bound once exhausted. Records modified again while we walk
 * move ahead of the cursor and are met again; records archived between pages simply stop
 * appearing (delete detection removes them); 10,000+ records sharing one millisecond are drained
 * by id (walk/cursor.ts).
 */
import type { StageContext } from '../stage.js';
import type { HubSpotRecord, Priority } from '../../hubspot/index.js';
import type { CatalogObject } from '../../schema/index.js';
import {
  readObjectStates,
  upsertRecords,
  addUpsertSummary,
  emptyUpsertSummary,
  withTransaction,
  type UpsertSummary,
} from '../../store/index.js';
import { walkSearch } from '../walk/search-walk.js';
import { doneBefore, parseDateValue, type WalkCursor } from '../walk/cursor.js';

/** `_cursors` stage names (the straggler bounds itself by the poller's cursor, and vice versa). */
export const POLLER_STAGE = 'poller';
export const STRAGGLER_STAGE = 'straggler';

/**
 * Both pollers start this far before the backfill's start: the backfill's clock is ours and
 * last-modified stamps are HubSpot's, so a few minutes of re-reading (unchanged rows are not
 * written) cover any skew between them.
 */
export const CLOCK_SKEW_MARGIN_MS = 5 * 60_000;

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

/** Walks from the stage's cursor to the end of what search shows now (or `before`). */
export async function walkModified(
  ctx: StageContext,
  object: CatalogObject,
  options: ModifiedWalkOptions,
): Promise<ModifiedWalkResult> {
  const table = object.objectType;
  const modified = object.modifiedProperty;
  const summary = emptyUpsertSummary();
  let flaggedWritten = 0;
  const walk = await walkSearch({
    store: ctx.store,
    client: ctx.client,
    object,
    dateProperty: modified,
    stage: options.stage,
    initial: options.initial,
    before: options.before,
    priority: options.priority,
    signal: ctx.signal,
    logger: ctx.logger,
    returnWhenAborted: true,
    writePage: async ({ records, cursor, exhausted, readWith }) => {
      const value = exhausted ? cursorAfterExhausted(cursor, options.before) : cursor;
      const { flagged, rest } = splitFlagged(records, modified, options.flag);
      const [a, b] = await withTransaction(ctx.store, async (tx) => {
        const write = { notify: true, onlyProperties: readWith, readWith };
        const first = flagged.length
          ? await upsertRecords(tx, table, flagged, write)
          : emptyUpsertSummary();
        const second = await upsertRecords(tx, table, rest, {
          ...write,
          cursor: { stage: options.stage, value },
        });
        return [first, second];
      });
      addUpsertSummary(summary, a);
      addUpsertSummary(summary, b);
      flaggedWritten += a.inserted + a.updated;
    },
  });
  return { ...walk, summary, flaggedWritten };
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
