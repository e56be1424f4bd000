/**
 * The shared stage loop: one Stage's tick every `intervalMs` (measured from the start of the
 * previous tick), until the signal aborts or the job's lock is gone. A failed tick is logged and
 * counted, then retried after a growing delay; nothing a tick throws ends the loop.
 */
import type { Logger } from '../config/index.js';
import type { StageFigures } from '../store/index.js';
import { computeErrorDelay, defaultErrorBackoff, type ErrorBackoff } from './backoff.js';
import { sleepUnlessAborted } from './sleep.js';
import type { Stage, StageContext } from '../stages/stage.js';
import { coerceError } from '../config/index.js';

/** The `_stage_runs.object_type` of portal-wide stages (schema drift). */
export const PORTAL_OBJECT = '*';

export interface StageRecorder {
  run(run: {
    objectType: string;
    stage: string;
    startedAt: Date;
    result: StageFigures;
    gauges?: readonly string[];
  }): Promise<void>;
  error(run: { objectType: string; stage: string; error: string }): Promise<void>;
}

export interface StageLoopOptions {
  stage: Stage;
  /** Everything a tick gets except the signal (the loop's) and the logger (scoped to the stage). */
  context: Omit<StageContext, 'signal'>;
  signal: AbortSignal;
  logger: Logger;
  recorder: StageRecorder;
  /** Asked before every tick; false ends the loop (the job's lock is no longer ours). */
  canTick?: () => Promise<boolean>;
  backoff?: ErrorBackoff;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Told after every cycle (tests and the supervisor's bookkeeping). */
  onCycle?: (cycle: { ok: boolean; result?: StageFigures; error?: Error }) => void;
}

export interface StageLoopResult {
  ticks: number;
  errors: number;
  stoppedBy: 'abort' | 'lock';
}

export async function runStageLoop(options: StageLoopOptions): Promise<StageLoopResult> {
  const { stage, signal, recorder } = options;
  const sleep = options.sleep ?? sleepUnlessAborted;
  const backoff = options.backoff ?? defaultErrorBackoff(stage.intervalMs);
  const objectType = stage.object ?? PORTAL_OBJECT;
  const logger = options.logger.child({ stage: stage.name, object: objectType });
  const context: StageContext = { ...options.context, logger, signal };
  let ticks = 0;
  let errors = 0;
  let failures = 0;

  while (!signal.aborted) {
    if (options.canTick && !(await safely(options.canTick, logger))) {
      return { ticks, errors, stoppedBy: signal.aborted ? 'abort' : 'lock' };
    }
    if (signal.aborted) break;
    const startedAt = new Date(context.now());
    let delay: number;
    try {
      const result = await stage.tick(context);
      ticks++;
      failures = 0;
      options.onCycle?.({ ok: true, result });
      await recorder
        .run({
          objectType,
          stage: stage.name,
          startedAt,
          result,
          ...(stage.gauges ? { gauges: stage.gauges } : {}),
        })
        .catch((error: unknown) =>
          logger.warn({ err: coerceError(error).message }, 'could not record the stage run'),
        );
      delay = stage.intervalMs - (context.now() - startedAt.getTime());
    } catch (thrown) {
      // A tick that stops because we asked it to is not a failure.
      if (signal.aborted) break;
      const error = coerceError(thrown);
      ticks++;
      errors++;
      failures++;
      delay = computeErrorDelay(failures, backoff, options.random);
      logger.error(
        {
          err: error.message,
          code: (error as { code?: unknown }).code,
          failures,
          retryInMs: delay,
        },
        'stage cycle failed',
      );
      options.onCycle?.({ ok: false, error });
      await recorder
        .error({ objectType, stage: stage.name, error: error.message })
        .catch((recordError: unknown) =>
          logger.warn(
            { err: coerceError(recordError).message },
            'could not record the stage error',
          ),
        );
    }
    await sleep(Math.max(0, delay), signal);
  }
  return { ticks, errors, stoppedBy: 'abort' };
}

async function safely(check: () => Promise<boolean>, logger: Logger): Promise<boolean> {
  try {
    return await check();
  } catch (error) {
    logger.warn({ err: coerceError(error).message }, 'lock check failed');
    return false;
  }
}
