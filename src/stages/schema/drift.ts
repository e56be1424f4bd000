/**
 * Schema drift while running: every --schema-interval, introspect the portal again
 * (search and batch reads return only the properties asked for, so this timer is what finds new
 * ones) and apply the plan. A new property becomes a column and its values are then fetched for
 * the rows already stored (refetch.ts); an archived property keeps its column, marked archived;
 * a type change re-casts the stored values (docs/POSTGRES.md). The pollers take the new property
 * list from the catalog on their next page.
 */
import type { Config } from '../../config/index.js';
import type { Stage, StageContext } from '../stage.js';
import type { DdlStep } from '../../schema/index.js';
import { readCatalog, type StageFigures } from '../../store/index.js';
import { introspect, introspectOptionsOf } from './introspect.js';
import { emptyUpsertSummary } from '../../store/index.js';
import { refetchNewValues } from './refetch.js';
import { applySchemaChanges } from './apply.js';

export { applySchemaChanges };

export const SCHEMA_STAGE = 'schema';

export function createSchemaStage(config: Pick<Config, 'schemaIntervalMs'>): Stage {
  return {
    name: SCHEMA_STAGE,
    intervalMs: config.schemaIntervalMs,
    tick: (ctx) => followSchema(ctx),
    gauges: ['refetchPending'],
  };
}

const countSteps = (steps: readonly DdlStep[], ...kinds: Array<DdlStep['kind']>): number =>
  steps.filter((s) => kinds.includes(s.kind)).length;

export async function followSchema(ctx: StageContext): Promise<StageFigures> {
  const { plan } = await introspect(
    ctx.store,
    ctx.client,
    introspectOptionsOf(ctx.config, { planOnly: true, signal: ctx.signal }),
  );
  const { steps } = await applySchemaChanges(ctx.store, plan);
  if (steps.length) {
    ctx.logger.info(
      { stage: SCHEMA_STAGE, steps: steps.map((s) => `${s.kind} ${s.objectType}`) },
      'schema changed',
    );
  }

  const catalog = await readCatalog(ctx.store);
  const refetch = { searches: 0, refetched: 0, summary: emptyUpsertSummary(), pending: 0 };
  for (const mirrored of ctx.objects()) {
    const object = catalog.objects.get(mirrored.objectType);
    if (!object) continue;
    if (ctx.signal.aborted) break;
    try {
      const r = await refetchNewValues(ctx, object);
      refetch.searches += r.searches;
      refetch.refetched += r.refetched;
      refetch.summary.updated += r.summary.updated;
      refetch.summary.skippedStale += r.summary.skippedStale;
      refetch.pending += r.pending;
    } catch (error) {
      // Stopping mid-page: what was committed stays, with its cursor.
      if (ctx.signal.aborted) break;
      throw error;
    }
  }
  return {
    stepsApplied: steps.length,
    propertiesAdded: countSteps(steps, 'add_column', 'map_to_extra'),
    propertiesArchived: countSteps(steps, 'archive_property'),
    propertiesRestored: countSteps(steps, 'unarchive_property'),
    typeChanges: countSteps(steps, 'change_type', 'update_property'),
    objectsAdded: countSteps(steps, 'create_table'),
    valuesRefetched: refetch.refetched,
    rowsRefetched: refetch.summary.updated,
    refetchSkippedStale: refetch.summary.skippedStale,
    refetchSearches: refetch.searches,
    refetchPending: refetch.pending,
  };
}
