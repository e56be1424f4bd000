/**
 * What the poller, straggler and schema-drift tests share: an in-process sandbox on a frozen
 * clock (the tests move it), a fresh migrated database, a client with limits off, the mirror
 * introspected and backfilled, and a StageContext as the daemon's loop would build it.
 */
import { Secret } from '../../../src/config/secret.js';
import { createLogger, type Config } from '../../../src/config/index.js';
import type { StageContext } from '../../../src/stages/stage.js';
import { createHubSpotClient, type HubSpotClient } from '../../../src/hubspot/index.js';
import { createSdkTransport, type Transport } from '../../../src/hubspot/transport.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import type { Knobs, DeepPartial, PortalOptions } from '../../../src/sandbox/portal/types.js';
import type { CatalogObject } from '../../../src/schema/index.js';
import { backfillObject } from '../../../src/stages/backfill/backfill.js';
import { introspect } from '../../../src/stages/schema/introspect.js';
import {
  migrate,
  openStore,
  readCatalog,
  readCursor,
  saveCursor,
  type Store,
} from '../../../src/store/index.js';
import { diffMirror, type MirrorDiff } from '../../helpers/mirror.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { listenChannel } from '../../helpers/listen.js';

/** 10:00 UTC: generated history lies before the day's start, so nothing is "recent" by accident. */
export const START = Date.UTC(2025, 5, 1, 10);

export interface HarnessOptions {
  seed?: number;
  objects?: string[];
  portal?: Partial<PortalOptions>;
  knobs?: DeepPartial<Knobs>;
  config?: Partial<Config>;
  /** Runs before each request reaches the sandbox (and may change the portal meanwhile). */
  beforeRequest?: (request: {
    method: string;
    path: string;
    body?: unknown;
  }) => void | Promise<void>;
}

export interface Harness {
  sandbox: Sandbox;
  clock: { now: number };
  store: Store;
  client: HubSpotClient;
  config: Config;
  database: TestDatabase;
  /** The objects as the loop would hand them out; `refreshObjects` re-reads the catalog. */
  objects: CatalogObject[];
  refreshObjects(): Promise<CatalogObject[]>;
  object(name: string): CatalogObject;
  ctx(signal?: AbortSignal): StageContext;
  backfill(): Promise<void>;
  diff(options?: { maxDiffs?: number }): Promise<MirrorDiff[]>;
  /** Moves a walk cursor back, as an operator or a restored backup might. */
  setCursor(object: string, stage: string, value: unknown): Promise<void>;
  cursor(object: string, stage: string): Promise<unknown>;
  close(): Promise<void>;
}

export async function openHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = { now: START };
  const objectNames = options.objects ?? ['contacts'];
  const sandbox = await startSandbox({
    port: 0,
    seed: options.seed ?? 11,
    now: () => clock.now,
    portal: {
      counts: { companies: 0, deals: 0, tickets: 0, products: 0, line_items: 0, quotes: 0, car: 0 },
      ...options.portal,
    },
    ...(options.knobs ? { knobs: options.knobs } : {}),
  });
  const database = await createTestDatabase();
  const store = openStore({ databaseUrl: database.url, schema: 'hubspot', max: 4 });
  await migrate(store);
  const hubspot = {
    baseUrl: sandbox.url,
    apiVersion: '2026-03' as const,
    auth: { kind: 'static' as const, token: new Secret(sandbox.token) },
    tier: 'professional' as const,
    requestTimeoutMs: 30_000,
    pacing: true,
  };
  const inner = createSdkTransport(sandbox.url);
  const transport: Transport = {
    async send(request, timeoutMs, signal) {
      await options.beforeRequest?.(request);
      return inner.send(request, timeoutMs, signal);
    },
  };
  const client = createHubSpotClient({ ...hubspot, budgetShare: 1 }, { limits: 'off', transport });
  const config: Config = {
    schema: 'hubspot',
    hubspot,
    objects: objectNames,
    pollIntervalMs: 1000,
    stragglerLagMs: 5000,
    deleteIntervalMs: 60_000,
    associationIntervalMs: 300_000,
    schemaIntervalMs: 300_000,
    budgetShare: 1,
    columnBudget: 1000,
    concurrency: 1,
    logLevel: 'silent',
    ...options.config,
  };
  const logger = createLogger({ logLevel: 'silent' });
  await introspect(store, client, { objects: objectNames, columnBudget: config.columnBudget });

  const harness: Harness = {
    sandbox,
    clock,
    store,
    client,
    config,
    database,
    objects: [],
    async refreshObjects() {
      const catalog = await readCatalog(store);
      harness.objects = objectNames.map((n) => catalog.objects.get(n)!).filter(Boolean);
      return harness.objects;
    },
    object(name) {
      const found = harness.objects.find((o) => o.objectType === name);
      if (!found) throw new Error(`no object ${name}`);
      return found;
    },
    ctx(signal = new AbortController().signal) {
      return {
        store,
        client,
        config,
        logger,
        signal,
        objects: () => harness.objects,
        now: () => clock.now,
      };
    },
    async backfill() {
      for (const object of harness.objects) {
        const result = await backfillObject(
          { store, client, now: () => new Date(clock.now) },
          object,
          [],
        );
        if (!result.finished) throw new Error(`backfill of ${object.objectType} did not finish`);
      }
    },
    diff(diffOptions = {}) {
      return diffMirror(database.url, 'hubspot', sandbox.control, objectNames, {
        associations: false,
        maxDiffs: diffOptions.maxDiffs ?? 50,
      });
    },
    setCursor: (object, stage, value) => saveCursor(store, object, stage, value),
    cursor: (object, stage) => readCursor(store, object, stage),
    async close() {
      await store.close();
      await sandbox.close();
      await database.drop();
    },
  };
  await harness.refreshObjects();
  return harness;
}

/** Updates records through the sandbox, one clock step apart; returns their ids. */
export function touch(
  h: Harness,
  type: string,
  ids: readonly string[],
  properties: (id: string, i: number) => Record<string, string | null>,
  stepMs = 1,
): string[] {
  ids.forEach((id, i) => {
    h.clock.now += stepMs;
    h.sandbox.control.update(type, id, properties(id, i));
  });
  return [...ids];
}

/** Ids of live records of a type, ascending. */
export const liveIds = (h: Harness, type: string): string[] =>
  [...h.sandbox.control.truthRecords(type)].map((r) => r.id);

/** A LISTEN connection on the mirror's change channel. */
export const listenChanges = (h: Harness) =>
  listenChannel<{ table: string; op: string; id: string }>(h.database.url, 'hubspot_changes');
