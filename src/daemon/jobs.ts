/**
 * The jobs of one mirror: each object's backfill, then its live stages (per object, per stored
 * association pair, once per portal), each run by the shared stage loop while its lock is ours.
 */
import type { Config, Logger } from '../config/index.js';
import type { HubSpotClient } from '../hubspot/index.js';
import { isStoredDirection, type CatalogObject } from '../schema/index.js';
import { recordStageError, recordStageRun, type Store } from '../store/index.js';
import { createApiBudgetStage } from '../stages/api-budget.js';
import { createBackfillJob } from './backfill-job.js';
import type { LockSession } from '../store/lock-session.js';
import { PORTAL_OBJECT, runStageLoop, type StageRecorder } from './loop.js';
import type { Job } from './scheduler.js';
import type { Stage } from '../stages/stage.js';
import type { LiveStageFactories } from '../stages/live-stages.js';
import { jobLockKey } from '../store/locks.js';

export interface JobDeps {
  store: Store;
  client: HubSpotClient;
  config: Config;
  logger: Logger;
  locks: LockSession;
  /** `host:pid`, written to `_stage_runs.owner`. */
  owner: string;
  /** The mirrored objects as the catalog has them now. */
  objects(): readonly CatalogObject[];
  now(): number;
}

/** Every pair of mirrored objects, in the stored direction (the name that sorts first is `from`). */
export function storedPairs(
  objects: readonly CatalogObject[],
): Array<[CatalogObject, CatalogObject]> {
  const pairs: Array<[CatalogObject, CatalogObject]> = [];
  for (const a of objects) {
    for (const b of objects) {
      if (a.objectType !== b.objectType && isStoredDirection(a.objectType, b.objectType))
        pairs.push([a, b]);
    }
  }
  return pairs;
}

/** Live stages for `objects`; throws when two would share one (stage, object) identity. */
export function buildStages(
  objects: readonly CatalogObject[],
  factories: LiveStageFactories,
  config: Config,
): Array<{ stage: Stage; needs: string[] }> {
  const stages = [
    ...objects.flatMap((o) =>
      factories.perObject.map((make) => ({ stage: make(o, config), needs: [o.objectType] })),
    ),
    ...storedPairs(objects).flatMap(([from, to]) =>
      factories.perPair.map((make) => ({
        stage: make(from, to, config),
        needs: [from.objectType, to.objectType],
      })),
    ),
    // Portal-wide stages (schema drift) wait for nothing: a property added while backfills run
    // becomes a column then, and each object's refetch waits for its own backfill.
    ...factories.perPortal.map((make) => ({ stage: make(config), needs: [] })),
  ];
  const seen = new Set<string>();
  for (const { stage } of stages) {
    const id = `${stage.name}:${stage.object ?? PORTAL_OBJECT}`;
    if (seen.has(id)) throw new Error(`two live stages share the identity ${id}`);
    seen.add(id);
  }
  return stages;
}

export function createStageRecorder(store: Store, owner: string): StageRecorder {
  return {
    run: (run) => recordStageRun(store, { ...run, owner }),
    error: (run) => recordStageError(store, { ...run, owner }),
  };
}

function createStageJob(stage: Stage, needs: string[], deps: JobDeps): Job {
  const object = stage.object ?? PORTAL_OBJECT;
  const key = jobLockKey(deps.store.schema, stage.name, object);
  const recorder = createStageRecorder(deps.store, deps.owner);
  return {
    stage: stage.name,
    object,
    kind: 'live',
    ready: (complete) => needs.every((n) => complete.has(n)),
    async run(signal) {
      await runStageLoop({
        stage,
        context: {
          store: deps.store,
          client: deps.client,
          config: deps.config,
          logger: deps.logger,
          objects: deps.objects,
          now: deps.now,
        },
        signal,
        logger: deps.logger,
        recorder,
        canTick: async () => deps.locks.holds(key) && (await deps.locks.verify()),
      });
    },
  };
}

export function buildJobs(
  objects: readonly CatalogObject[],
  factories: LiveStageFactories,
  deps: JobDeps,
): Job[] {
  const backfills = objects.map((o) => createBackfillJob(o, deps));
  const live = buildStages(objects, factories, deps.config).map(({ stage, needs }) =>
    createStageJob(stage, needs, deps),
  );
  // Reports the budget from the start, backfill included.
  const budget = createStageJob(createApiBudgetStage(), [], deps);
  return [...backfills, ...live, budget];
}
