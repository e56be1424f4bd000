/**
 * One object's backfill as a job: resumable (every page commits with its cursor), so a standby
 * that takes the lock over continues where the dead leader stopped.
 */
import type { CatalogObject } from '../schema/index.js';
import { setObjectState } from '../store/index.js';
import { BACKFILL_STAGE, backfillObject } from '../stages/backfill/backfill.js';
import { ownedPartners } from '../stages/backfill/backfill-all.js';
import type { JobDeps } from './jobs.js';
import type { Job } from './scheduler.js';
import { coerceError } from '../config/index.js';

const PROGRESS_EVERY_MS = 10_000;

export function createBackfillJob(object: CatalogObject, deps: JobDeps): Job {
  const table = object.objectType;
  const logger = deps.logger.child({ stage: BACKFILL_STAGE, object: table });
  return {
    stage: BACKFILL_STAGE,
    object: table,
    kind: 'backfill',
    ready: (complete) => !complete.has(table),
    async run(signal) {
      // The catalog may have changed since the job list was made (schema drift).
      const current = deps.objects().find((o) => o.objectType === table) ?? object;
      let lastLog = deps.now();
      try {
        const result = await backfillObject(
          {
            store: deps.store,
            client: deps.client,
            signal,
            logger,
            now: () => new Date(deps.now()),
            onProgress: (p) => {
              if (deps.now() - lastLog < PROGRESS_EVERY_MS) return;
              lastLog = deps.now();
              logger.info({ phase: p.phase, done: p.done, remaining: p.remaining }, 'backfilling');
            },
          },
          current,
          ownedPartners(current, deps.objects()),
        );
        if (!result.skipped) {
          logger.info(
            { finished: result.finished, pages: result.pages, ...result.records },
            result.finished ? 'backfill complete' : 'backfill paused',
          );
        }
      } catch (error) {
        if (signal.aborted) return;
        await setObjectState(deps.store, table, { lastError: coerceError(error).message }).catch(
          () => {},
        );
        throw error;
      }
    },
  };
}
