/**
 * The daemon: migrate → introspect and apply → every object's backfill → its live stages, each
 * job under its own advisory lock, so several processes on one schema share the work and a
 * standby takes over a dead one's jobs on its next pass. stop() aborts, lets in-flight ticks
 * commit, releases the locks and closes the pools, in that order, within 10 s.
 */
import { hostname } from 'node:os';
import type { DatabaseConfig, Logger } from '../config/index.js';
import { isHubSpotNetworkError, type HubSpotClient } from '../hubspot/index.js';
import type { CatalogObject } from '../schema/index.js';
import {
  isRetryableStoreError,
  migrate,
  readCatalog,
  readObjectStates,
  readSchemaChangeMark,
  type Store,
} from '../store/index.js';
import { introspect, introspectOptionsOf } from '../stages/schema/introspect.js';
import { applySchemaChanges } from '../stages/schema/drift.js';
import { computeErrorDelay } from './backoff.js';
import { buildJobs } from './jobs.js';
import { LockSession } from '../store/lock-session.js';
import { Scheduler, type Job } from './scheduler.js';
import { sleepUnlessAborted } from './sleep.js';
import { LIVE_STAGES, type LiveStageFactories } from '../stages/live-stages.js';
import { coerceError } from '../config/index.js';

export interface SupervisorOptions {
  config: DatabaseConfig;
  logger: Logger;
  store: Store;
  client: HubSpotClient;
  /** Closes what the caller opened (pool, HubSpot client); stop() calls it last. */
  close?: () => Promise<void>;
  stages?: LiveStageFactories;
  /** Written to `_stage_runs.owner` (`host:pid`). */
  owner?: string;
  now?: () => number;
  /** How long stop() waits for in-flight ticks before closing anyway (7 s). */
  drainTimeoutMs?: number;
}

/** Setup errors worth waiting out: Postgres or HubSpot unreachable for a moment. */
const isTransient = (error: unknown): boolean =>
  isRetryableStoreError(error) || isHubSpotNetworkError(error);

export class Supervisor {
  readonly #options: SupervisorOptions;
  readonly #logger: Logger;
  readonly #controller = new AbortController();
  readonly #locks: LockSession;
  readonly #scheduler: Scheduler;
  readonly #now: () => number;
  #objects: CatalogObject[] = [];
  #wanted = new Set<string>();
  #jobs: Job[] = [];
  #schemaMark = -1;
  #started: Promise<void> | undefined;
  #passes: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  /** Aborted to cut the wait between passes short. */
  #wake: AbortController | undefined;
  #resolveStopped!: () => void;
  /** Resolves when stop() has finished. */
  readonly stopped = new Promise<void>((resolve) => (this.#resolveStopped = resolve));

  constructor(options: SupervisorOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger.child({ schema: options.store.schema });
    this.#locks = new LockSession({
      databaseUrl: options.config.databaseUrl,
      logger: this.#logger,
    });
    this.#scheduler = new Scheduler({
      schema: options.store.schema,
      locks: this.#locks,
      logger: this.#logger,
      concurrency: options.config.concurrency,
      signal: this.#controller.signal,
      now: this.#now,
      rejoinDelayMs: 2 * options.config.pollIntervalMs,
      onJobEnd: () => this.#wake?.abort(),
    });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The objects mirrored, as the catalog has them now. */
  objects(): readonly CatalogObject[] {
    return this.#objects;
  }

  /** `stage:object` of every job running in this process. */
  running(): string[] {
    return this.#scheduler.running();
  }

  /** The backend pid of the connection holding this process's locks. */
  get lockPid(): number | undefined {
    return this.#locks.pid;
  }

  /** Resolves once the mirror's schema is in place and the first pass has tried every lock. */
  start(): Promise<void> {
    this.#started ??= this.#start().catch((error: unknown) => {
      if (!this.signal.aborted) throw error;
    });
    return this.#started;
  }

  async #start(): Promise<void> {
    const { store, client, config } = this.#options;
    const signal = this.signal;
    this.#logger.info({ objects: config.objects ?? 'default' }, 'starting');
    await this.#retrying('migrate', () => migrate(store));
    const { plan } = await this.#retrying('introspect', () =>
      introspect(store, client, introspectOptionsOf(config, { planOnly: true, signal })),
    );
    // Through the schema stage's entry point: a property added to a table that already has
    // rows gets its values fetched, even when the change is found at start-up.
    await this.#retrying('apply schema', () => applySchemaChanges(store, plan));
    this.#wanted = new Set(plan.desired.objects.map((o) => o.tableName));
    await this.#retrying('lock connection', () => this.#locks.open());
    await this.#retrying('first pass', () => this.#pass());
    this.#passes = this.#runPasses();
    this.#logger.info(
      { objects: this.#objects.map((o) => o.objectType), running: this.running() },
      'started',
    );
  }

  async #retrying<T>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let failures = 1; ; failures++) {
      // Stopped during start-up: each step that has not begun is skipped.
      if (this.signal.aborted) throw this.signal.reason;
      try {
        return await fn();
      } catch (error) {
        if (this.signal.aborted || !isTransient(error)) throw error;
        const delay = computeErrorDelay(failures, { baseMs: 1_000, maxMs: 30_000 });
        this.#logger.warn({ err: coerceError(error).message, retryInMs: delay }, `${what} failed`);
        await sleepUnlessAborted(delay, this.signal);
      }
    }
  }

  async #runPasses(): Promise<void> {
    const signal = this.signal;
    while (!signal.aborted) {
      await sleepUnlessAborted(this.#options.config.pollIntervalMs, signal, this.#wake?.signal);
      if (signal.aborted) return;
      await this.#pass().catch((error: unknown) =>
        this.#logger.warn({ err: coerceError(error).message }, 'scheduler pass failed; retrying'),
      );
    }
  }

  async #pass(): Promise<void> {
    // A job that ends from here on makes the next pass come at once.
    this.#wake = new AbortController();
    const { store } = this.#options;
    const mark = await readSchemaChangeMark(store);
    if (mark !== this.#schemaMark) await this.#refreshCatalog(mark);
    const states = await readObjectStates(store);
    const complete = new Set(
      states.filter((s) => s.backfillState === 'complete').map((s) => s.objectType),
    );
    await this.#scheduler.pass(this.#jobs, complete);
  }

  async #refreshCatalog(mark: number): Promise<void> {
    const catalog = await readCatalog(this.#options.store);
    // A custom object that appears later is mirrored too, unless --objects named the set.
    const objects = [...catalog.objects.values()].filter(
      (o) =>
        this.#wanted.has(o.objectType) ||
        (!this.#options.config.objects && o.objectTypeId.startsWith('2-')),
    );
    objects.sort((a, b) => (a.objectType < b.objectType ? -1 : 1));
    const changedSet =
      objects.map((o) => o.objectType).join() !== this.#objects.map((o) => o.objectType).join();
    this.#objects = objects;
    this.#schemaMark = mark;
    if (changedSet || !this.#jobs.length) {
      this.#jobs = buildJobs(objects, this.#options.stages ?? LIVE_STAGES, {
        store: this.#options.store,
        client: this.#options.client,
        config: this.#options.config,
        logger: this.#logger,
        locks: this.#locks,
        owner: this.#options.owner ?? `${hostname()}:${process.pid}`,
        objects: () => this.#objects,
        now: this.#now,
      });
    }
  }

  /** Idempotent; resolves when every job has stopped and everything is closed. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#logger.info('stopping');
    this.#controller.abort(new Error('stopping'));
    await this.#started?.catch(() => {});
    await this.#passes;
    const drained = await this.#scheduler.drain(this.#options.drainTimeoutMs ?? 7_000);
    if (!drained) this.#logger.warn({ running: this.running() }, 'closing with jobs still busy');
    await this.#locks.close();
    await withTimeout(this.#options.close?.(), 2_000).catch((error: unknown) =>
      this.#logger.warn({ err: coerceError(error).message }, 'close failed'),
    );
    this.#logger.info('stopped');
    this.#resolveStopped();
  }
}

async function withTimeout(work: Promise<void> | undefined, ms: number): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work,
    new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not finish within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
