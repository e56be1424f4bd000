/**
 * The straggler poller. Search is eventually consistent and shows changes out of order, so the
 * live poller can pass a timestamp before a change stamped with it becomes visible. This second
 * walk goes over the window the live poller has already passed, running --straggler-lag behind
 * now, and upserts what the poller missed. It never overtakes the poller (or it would count as
 * "caught" what the poller simply had not reached yet), and since a row is only overwritten by
 * data at least as new, the two never fight. docs/BEHAVIOR.md has the figures it was tested with.
 */
import type { Config } from '../../config/index.js';
import type { Stage, StageContext } from '../stage.js';
import type { CatalogObject } from '../../schema/index.js';
import type { StageFigures } from '../../store/index.js';
import { POLLER_STAGE, readPollStart, STRAGGLER_STAGE, walkModified } from './modified-walk.js';
import { readWalkCursor } from '../walk/saved-cursor.js';
import { doneBefore, type WalkCursor } from '../walk/cursor.js';
import { currentObject } from '../catalog-object.js';

export { STRAGGLER_STAGE };

/**
 * How often the straggler runs: a tenth of its lag (a miss is caught within lag + lag/10), never
 * more often than the live poller, so the two together stay well inside search's 5 requests/s.
 */
export const stragglerIntervalMs = (config: Pick<Config, 'pollIntervalMs' | 'stragglerLagMs'>) =>
  Math.max(config.pollIntervalMs, Math.round(config.stragglerLagMs / 10));

/** The end of this cycle's window (exclusive): now − lag, but never past what the poller has passed. */
export function stragglerBound(now: number, lagMs: number, poller: WalkCursor): number | null {
  const passed = doneBefore(poller);
  return passed === null ? null : Math.min(now - lagMs, passed);
}

export function createStragglerStage(
  object: CatalogObject,
  config: Pick<Config, 'pollIntervalMs' | 'stragglerLagMs'>,
): Stage {
  return {
    name: STRAGGLER_STAGE,
    object: object.objectType,
    intervalMs: stragglerIntervalMs(config),
    tick: (ctx) => catchStragglers(ctx, object),
  };
}

export async function catchStragglers(
  ctx: StageContext,
  object: CatalogObject,
): Promise<StageFigures> {
  const current = currentObject(ctx, object);
  const table = current.objectType;
  const initial = await readPollStart(ctx, table);
  if (!initial) return { waiting: 'backfill' };
  const poller = await readWalkCursor(ctx.store, table, POLLER_STAGE, initial);
  const own = await readWalkCursor(ctx.store, table, STRAGGLER_STAGE, initial);
  const before = stragglerBound(ctx.now(), ctx.config.stragglerLagMs, poller);
  const from = doneBefore(own);
  if (before === null || (from !== null && from >= before)) {
    return { pages: 0, records: 0, catches: 0, unchanged: 0, skippedStale: 0 };
  }
  const walk = await walkModified(ctx, current, {
    stage: STRAGGLER_STAGE,
    priority: 'straggler',
    initial,
    before,
  });
  return {
    pages: walk.pages,
    records: walk.records,
    // Rows it wrote hold data the live poller had not stored: what it missed.
    catches: walk.summary.inserted + walk.summary.updated,
    unchanged: walk.summary.unchanged,
    skippedStale: walk.summary.skippedStale,
    rejected: walk.summary.rejected,
    propertyRefreshes: walk.propertyRefreshes,
    windowEnd: new Date(before).toISOString(),
  };
}
