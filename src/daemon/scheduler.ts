/**
 * Runs each job only while this process holds its lock. Every pass (one per poll interval) tries
 * the lock of each job that is ready and not running here, so a hot standby picks up a dead
 * leader's jobs on its next pass. A job whose lock is lost stops (its signal aborts) and is
 * tried again on a later pass, once its previous run has wound down.
 */
import type { Logger } from '../config/index.js';
import { jobLockKey } from '../store/locks.js';
import { computeErrorDelay, type ErrorBackoff } from './backoff.js';
import type { LockSession } from '../store/lock-session.js';
import { coerceError } from '../config/index.js';

export interface Job {
  /** The lock is per (schema, stage, object). */
  stage: string;
  object: string;
  /** Backfills count against the concurrency limit and end when done; live jobs run until stopped. */
  kind: 'backfill' | 'live';
  /** May it start, given the objects whose backfill is complete? */
  ready(complete: ReadonlySet<string>): boolean;
  /** Resolves when done or stopped; throws when it failed (it is retried later). */
  run(signal: AbortSignal): Promise<void>;
}

export const jobId = (job: Pick<Job, 'stage' | 'object'>): string => `${job.stage}:${job.object}`;

interface JobState {
  running?: Promise<void>;
  failures: number;
  retryAt: number;
}

export interface SchedulerOptions {
  schema: string;
  locks: LockSession;
  logger: Logger;
  /** Backfills at once. */
  concurrency: number;
  /** Aborts when the supervisor stops. */
  signal: AbortSignal;
  /** Delay before a failed job is tried again. */
  retryBackoff?: ErrorBackoff;
  /**
   * After losing its lock connection, a process waits this long before taking locks again, so
   * a healthy standby gets the jobs rather than the process whose connection just failed.
   */
  rejoinDelayMs?: number;
  /** Told when a job ends, so the next pass can come early (a finished backfill frees a slot). */
  onJobEnd?: () => void;
  now?: () => number;
}

export class Scheduler {
  readonly #options: SchedulerOptions;
  readonly #states = new Map<string, JobState>();

  constructor(options: SchedulerOptions) {
    this.#options = options;
  }

  /** Ids of the jobs running in this process now. */
  running(): string[] {
    return [...this.#states].filter(([, s]) => s.running).map(([id]) => id);
  }

  /** One pass: start every ready job whose lock is free. */
  async pass(jobs: readonly Job[], complete: ReadonlySet<string>): Promise<void> {
    const { locks, signal } = this.#options;
    if (signal.aborted) return;
    await locks.open();
    const now = (this.#options.now ?? Date.now)();
    if (locks.lostAt !== undefined && now - locks.lostAt < (this.#options.rejoinDelayMs ?? 0))
      return;
    let backfills = jobs.filter(
      (job) => job.kind === 'backfill' && this.#states.get(jobId(job))?.running,
    ).length;
    for (const job of jobs) {
      if (signal.aborted || !locks.connected) return;
      const state = this.#stateOf(job);
      if (state.running || state.retryAt > now || !job.ready(complete)) continue;
      if (job.kind === 'backfill' && backfills >= this.#options.concurrency) continue;
      const key = jobLockKey(this.#options.schema, job.stage, job.object);
      if (!(await locks.tryAcquire(key))) continue;
      if (job.kind === 'backfill') backfills++;
      this.#start(job, key, state);
    }
  }

  #stateOf(job: Job): JobState {
    const id = jobId(job);
    let state = this.#states.get(id);
    if (!state) this.#states.set(id, (state = { failures: 0, retryAt: 0 }));
    return state;
  }

  #start(job: Job, key: string, state: JobState): void {
    const { locks, logger } = this.#options;
    const scope = { stage: job.stage, object: job.object };
    // Stops when the supervisor stops or when the lock connection (and so the lock) is lost.
    const signal = AbortSignal.any([this.#options.signal, locks.signal]);
    logger.info(scope, 'job started');
    state.running = job
      .run(signal)
      .then(() => {
        state.failures = 0;
        logger.info(scope, signal.aborted ? 'job stopped' : 'job finished');
      })
      .catch((error: unknown) => {
        if (signal.aborted) return logger.info(scope, 'job stopped');
        state.failures++;
        const delay = computeErrorDelay(
          state.failures,
          this.#options.retryBackoff ?? { baseMs: 1_000, maxMs: 60_000 },
        );
        state.retryAt = (this.#options.now ?? Date.now)() + delay;
        logger.error(
          { ...scope, err: coerceError(error).message, retryInMs: delay },
          'job failed; it will be retried',
        );
      })
      .finally(async () => {
        await locks.release(key);
        state.running = undefined;
        this.#options.onJobEnd?.();
      });
  }

  /** Waits for running jobs to return, at most `timeoutMs`; false when some did not. */
  async drain(timeoutMs: number): Promise<boolean> {
    const running = [...this.#states.values()].flatMap((s) => (s.running ? [s.running] : []));
    if (!running.length) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const result = await Promise.race([Promise.all(running).then(() => true), timedOut]);
    clearTimeout(timer);
    return result;
  }
}
