/**
 * The association sweeper on an unchanged portal: ~100,000 company–contact associations
 * (54,000 contacts, 27,000 companies, the sandbox's generated links and labels), limits off.
 * Measures a cold-cache cycle (fresh process: every set compared with Postgres) and a warm one
 * (fingerprints cached): seconds, API calls, association row writes. Baseline: the naive
 * sweep, re-reading every set and handing it to replaceAssociationsFor (the backfill's load),
 * which writes nothing either but row-locks every association it compares. Then one cycle after
 * 100 changes.
 *
 * Needs Postgres: BENCH_DATABASE_URL, DATABASE_URL or TEST_DATABASE_URL (a scratch database is
 * created and dropped). Only ids are loaded into the object tables: the sweeper reads nothing else.
 */
import pg from 'pg';
import pino from 'pino';
import { resolveConfig } from '../../src/config/index.js';
import type { StageContext } from '../../src/stages/stage.js';
import { createHubSpotClient, type HubSpotClient } from '../../src/hubspot/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { CatalogObject } from '../../src/schema/index.js';
import { loadAssociations } from '../../src/stages/associations/load.js';
import { createAssociationStage } from '../../src/stages/associations/sweep.js';
import { createPairCache } from '../../src/stages/associations/pair-cache.js';
import { createFingerprintCache } from '../../src/stages/associations/fingerprint-cache.js';
import { introspect } from '../../src/stages/schema/introspect.js';
import {
  deleteCursor,
  migrate,
  openStore,
  readCatalog,
  type StageFigures,
  type Store,
} from '../../src/store/index.js';
import type { BenchSuite } from './index.js';
import { withScratchDatabase } from '../lib/database.js';

export const name = 'association-sweep';

const CONTACTS = Number(process.env.BENCH_SWEEP_CONTACTS ?? 54_000);
const COMPANIES = Number(process.env.BENCH_SWEEP_COMPANIES ?? 27_000);
const CHANGES = 100;
const SCHEMA = 'bench';

interface Env {
  sandbox: Sandbox;
  store: Store;
  client: HubSpotClient;
  pool: pg.Pool;
  companies: CatalogObject;
  contacts: CatalogObject;
  context: StageContext;
}

export async function run(): Promise<Record<string, unknown>> {
  return withScratchDatabase(async (url) => {
    const env = await setUp(url);
    try {
      const rows = Number(
        (await env.pool.query(`select count(*) as n from ${SCHEMA}.associations`)).rows[0].n,
      );
      const stage = createAssociationStage(
        env.companies,
        env.contacts,
        { associationIntervalMs: 300_000, schemaIntervalMs: 300_000 },
        { cache: createFingerprintCache(), pairs: createPairCache() },
      );
      // The first tick also asks whether the pair exists (one labels call): done once per
      // `--schema-interval` per process.
      const cold = await measure(env, () => stage.tick(env.context));
      const warm = await measure(env, () => stage.tick(env.context));
      const naive = await measure(env, async () => {
        await deleteCursor(env.store, 'companies', 'associations:contacts');
        const loaded = await loadAssociations(
          { store: env.store, client: env.client },
          env.companies,
          env.contacts,
        );
        return { ...loaded.rows };
      });
      await makeChanges(env);
      const changed = await measure(env, () => stage.tick(env.context));
      return {
        contacts: env.sandbox.control.count('contacts'),
        companies: env.sandbox.control.count('companies'),
        associationRows: rows,
        coldCycle: cold,
        warmCycle: warm,
        naiveBaseline: naive,
        afterChanges: { changes: CHANGES, ...changed },
        warmSpeedupOverNaive: round(naive.seconds / warm.seconds),
      };
    } finally {
      await env.pool.end();
      await env.client.close();
      await env.store.close();
      await env.sandbox.close();
    }
  });
}

async function setUp(url: string): Promise<Env> {
  const sandbox = await startSandbox({
    seed: 1,
    portal: { counts: { contacts: CONTACTS, companies: COMPANIES }, archivedRate: 0 },
    knobs: { limits: { enabled: false } },
  });
  const config = resolveConfig({
    argv: {},
    env: { DATABASE_URL: url, HUBSPOT_BASE_URL: sandbox.url, HUBSPOT_ACCESS_TOKEN: sandbox.token },
  });
  const store = openStore({ databaseUrl: url, schema: SCHEMA, max: 4 });
  const client = createHubSpotClient({ ...config.hubspot, budgetShare: 1 }, { limits: 'off' });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  await migrate(store);
  await introspect(store, client, { objects: ['companies', 'contacts'], columnBudget: 100 });
  const objects = (await readCatalog(store)).objects;
  for (const type of ['companies', 'contacts']) {
    const ids = [...sandbox.control.truthRecords(type)].map((r) => r.id);
    await pool.query(`insert into ${SCHEMA}.${type} (id) select unnest($1::bigint[])`, [ids]);
  }
  await pool.query(`analyze ${SCHEMA}.companies, ${SCHEMA}.contacts`);
  const companies = objects.get('companies')!;
  const contacts = objects.get('contacts')!;
  const loaded = await loadAssociations({ store, client }, companies, contacts);
  if (!loaded.finished) throw new Error('initial association load did not finish');
  await pool.query(`analyze ${SCHEMA}.associations`);
  const context: StageContext = {
    store,
    client,
    config,
    logger: pino({ level: 'silent' }),
    signal: new AbortController().signal,
    objects: () => [companies, contacts],
    now: () => Date.now(),
  };
  return { sandbox, store, client, pool, companies, contacts, context };
}

/** Seconds, API calls (as the sandbox counted them) and association row writes of one cycle. */
async function measure(
  env: Env,
  cycle: () => Promise<StageFigures | Record<string, number>>,
): Promise<
  { seconds: number; apiCalls: number; rowWrites: number; rowsTouched: number } & Record<
    string,
    unknown
  >
> {
  const before = await rowVersions(env.pool);
  env.sandbox.control.resetStats();
  let httpMs = 0;
  const onRequest = (event: { durationMs: number }) => void (httpMs += event.durationMs);
  env.client.events.on('request', onRequest);
  const started = performance.now();
  const figures = await cycle().finally(() => env.client.events.off('request', onRequest));
  const seconds = (performance.now() - started) / 1000;
  const after = await rowVersions(env.pool);
  let touched = 0;
  for (const [key, version] of after) if (before.get(key) !== version) touched++;
  for (const key of before.keys()) if (!after.has(key)) touched++;
  const f = figures as Record<string, number>;
  const rowWrites =
    'rowsInserted' in f
      ? f.rowsInserted! + f.rowsUpdated! + f.rowsDeleted!
      : f.inserted! + f.updated! + f.deleted!;
  return {
    seconds: round(seconds),
    // Time spent waiting on the (in-process) sandbox's answers, included in `seconds`.
    httpSeconds: round(httpMs / 1000),
    apiCalls: env.sandbox.control.stats().requests,
    rowWrites,
    // Rows whose tuple changed at all (written, deleted, or row-locked): what Postgres paid.
    rowsTouched: touched,
    ...('cacheHits' in f
      ? {
          ids: f.ids,
          cacheHits: f.cacheHits,
          changedSets: f.changedSets,
          complete: f.cycleComplete,
        }
      : {}),
  };
}

/** Each association row's tuple version (ctid, xmin, xmax): any write or row lock changes it. */
async function rowVersions(pool: pg.Pool): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ k: string; v: string }>(
    `select from_id || '>' || to_id || '#' || type_id as k, ctid::text || xmin::text || xmax::text as v
     from ${SCHEMA}.associations`,
  );
  return new Map(rows.map((r) => [r.k, r.v]));
}

async function makeChanges(env: Env): Promise<void> {
  const control = env.sandbox.control;
  const links = [...control.truthAssociations('companies', 'contacts')];
  const contacts = [...control.truthRecords('contacts')].map((r) => r.id);
  const companies = [...control.truthRecords('companies')].map((r) => r.id);
  for (let i = 0; i < CHANGES; i++) {
    if (i % 2 === 0) {
      const link = links[(i * 7919) % links.length]!;
      control.dissociate('companies', link.fromId, 'contacts', link.toId);
    } else {
      control.associate(
        'contacts',
        contacts[(i * 104_729) % contacts.length]!,
        'companies',
        companies[(i * 1_299_709) % companies.length]!,
      );
    }
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Not registered in bench/suites/index.ts: the integrator adds it there. */
export const associationSweepSuite: BenchSuite = { name, run };
export default associationSweepSuite;
