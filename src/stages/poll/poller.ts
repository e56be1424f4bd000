/**
 * The live poller: every --poll-interval, one object's walk by last-modified date
 * (modified-walk.ts) from where it stopped last time, until search shows nothing newer. Its first
 * cursor is the moment the object's backfill started, so whatever changed during the backfill is
 * caught. Rows are only overwritten by data at least as new, and each changed row is notified
 * once. docs/BEHAVIOR.md has the HubSpot behaviour behind it.
 */
import type { Config } from '../../config/index.js';
import type { Stage, StageContext } from '../stage.js';
import type { CatalogObject } from '../../schema/index.js';
import { readLatestUpdatedAt, recordPollCompleted, type StageFigures } from '../../store/index.js';
import { POLLER_STAGE, readPollStart, STRAGGLER_STAGE, walkModified } from './modified-walk.js';
import { readWalkCursor } from '../walk/saved-cursor.js';
import { cursorCovers } from '../walk/cursor.js';
import { currentObject } from '../catalog-object.js';

export { POLLER_STAGE };

export function createPollerStage(
  object: CatalogObject,
  config: Pick<Config, 'pollIntervalMs'>,
): Stage {
  const stage: Stage = {
    name: POLLER_STAGE,
    object: object.objectType,
    intervalMs: config.pollIntervalMs,
    // The interval is read at each tick: what the loop runs with is what freshness records.
    tick: (ctx) => pollObject(ctx, object, { intervalMs: stage.intervalMs }),
    gauges: ['lagMs'],
  };
  return stage;
}

/**
 * One poll. When the walk reaches the end of what search shows (not aborted, not failed), the
 * object is recorded fresh as of this tick's start, with the interval it polls at.
 */
export async function pollObject(
  ctx: StageContext,
  object: CatalogObject,
  options: { intervalMs?: number } = {},
): Promise<StageFigures> {
  const startedAt = ctx.now();
  const current = currentObject(ctx, object);
  const table = current.objectType;
  const initial = await readPollStart(ctx, table);
  if (!initial) return { waiting: 'backfill' };
  // Records behind the straggler's cursor are ones it has passed: if we store one, both missed it.
  const straggler = await readWalkCursor(ctx.store, table, STRAGGLER_STAGE, initial);
  const walk = await walkModified(ctx, current, {
    stage: POLLER_STAGE,
    priority: 'live',
    initial,
    flag: (modifiedMs, id) => cursorCovers(straggler, modifiedMs, id),
  });
  if (walk.finished) {
    await recordPollCompleted(ctx.store, table, {
      startedAt,
      intervalMs: options.intervalMs ?? ctx.config.pollIntervalMs,
    });
  }
  const latest = await readLatestUpdatedAt(ctx.store, table);
  return {
    pages: walk.pages,
    records: walk.records,
    inserted: walk.summary.inserted,
    updated: walk.summary.updated,
    unchanged: walk.summary.unchanged,
    skippedStale: walk.summary.skippedStale,
    rejected: walk.summary.rejected,
    lateFinds: walk.flaggedWritten,
    propertyRefreshes: walk.propertyRefreshes,
    lagMs: latest === null ? null : Math.max(0, ctx.now() - Date.parse(latest)),
  };
}
