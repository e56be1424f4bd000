/**
 * Shared setup of the delete and association stage tests: a fresh database, an in-process
 * sandbox, a client with limits off, the mirror introspected and backfilled, and a StageContext
 * to drive ticks with directly.
 */
import pg from 'pg';
import pino from 'pino';
import { resolveConfig, type Config } from '../../../src/config/index.js';
import type { Stage, StageContext } from '../../../src/stages/stage.js';
import { createHubSpotClient, type HubSpotClient } from '../../../src/hubspot/index.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import type { PortalOptions } from '../../../src/sandbox/portal/types.js';
import type { CatalogObject } from '../../../src/schema/index.js';
import { backfillAll } from '../../../src/stages/backfill/backfill-all.js';
import { introspect } from '../../../src/stages/schema/introspect.js';
import {
  channelFor,
  migrate,
  openStore,
  readCatalog,
  type StageFigures,
  type Store,
} from '../../../src/store/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

export const SCHEMA = 'hubspot';

export interface StageFixture {
  db: TestDatabase;
  store: Store;
  sandbox: Sandbox;
  client: HubSpotClient;
  config: Config;
  object(name: string): CatalogObject;
  /** A context for driving ticks; `now` defaults to the wall clock. */
  context(overrides?: Partial<StageContext>): StageContext;
  tick(stage: Stage, overrides?: Partial<StageContext>): Promise<StageFigures>;
  query<R extends pg.QueryResultRow = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<R[]>;
  close(): Promise<void>;
}

export async function openStageFixture(options: {
  seed: number;
  objects: string[];
  portal: Partial<PortalOptions>;
}): Promise<StageFixture> {
  const db = await createTestDatabase();
  const sandbox = await startSandbox({ port: 0, seed: options.seed, portal: options.portal });
  const config = resolveConfig({
    argv: {},
    env: {
      DATABASE_URL: db.url,
      HUBSPOT_BASE_URL: sandbox.url,
      HUBSPOT_ACCESS_TOKEN: sandbox.token,
      REPLICATOR_SCHEMA: SCHEMA,
    },
    requireDatabase: true,
    requireHubSpot: true,
  });
  const store = openStore({ databaseUrl: db.url, schema: SCHEMA, max: 4 });
  const client = createHubSpotClient({ ...config.hubspot, budgetShare: 1 }, { limits: 'off' });
  await migrate(store);
  await introspect(store, client, { objects: options.objects, columnBudget: config.columnBudget });
  const catalog = async () => [...(await readCatalog(store)).objects.values()];
  const objects = (await catalog()).filter((o) => options.objects.includes(o.objectType));
  const run = await backfillAll({ store, client }, objects, { concurrency: 2 });
  if (!run.complete)
    throw new Error(`backfill failed: ${run.failures.map((f) => f.error.message)}`);
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  const context = (overrides: Partial<StageContext> = {}): StageContext => ({
    store,
    client,
    config,
    logger: pino({ level: 'silent' }),
    signal: new AbortController().signal,
    objects: () => objects,
    now: () => Date.now(),
    ...overrides,
  });
  return {
    db,
    store,
    sandbox,
    client,
    config,
    object(name) {
      const found = objects.find((o) => o.objectType === name);
      if (!found) throw new Error(`no object ${name}`);
      return found;
    },
    context,
    tick: (stage, overrides) => stage.tick(context(overrides)),
    async query(text, values) {
      return (await pool.query(text, values)).rows;
    },
    async close() {
      await pool.end();
      await client.close();
      await store.close();
      await sandbox.close();
      await db.drop();
    },
  };
}

/** Collects the change notifications of the mirror schema. */
export async function listenForChanges(
  url: string,
): Promise<{ events: Array<{ table: string; op: string; id: string }>; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const events: Array<{ table: string; op: string; id: string }> = [];
  client.on('notification', (message) => {
    if (message.payload) events.push(JSON.parse(message.payload));
  });
  await client.query(`listen ${channelFor(SCHEMA)}`);
  return {
    events,
    close: () => client.end(),
  };
}

/** Waits until notifications have had a moment to arrive (they come after the commit). */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
