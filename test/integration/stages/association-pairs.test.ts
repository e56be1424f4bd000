/**
 * Association pairs at the scale of a whole portal: every stored pair of the default sandbox
 * portal's 13 types (78 pairs) swept against a real Postgres, HubSpot calls counted by route at
 * the sandbox. Which pairs exist is learned once per `--schema-interval` (one labels call per
 * standard pair, one schema listing for every pair with the custom object); within the interval
 * a cycle makes no labels call, an undefined pair makes no call at all, and the mirror still
 * converges exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedPairs } from '../../../src/daemon/jobs.js';
import { startSandbox, type SandboxStats } from '../../../src/sandbox/index.js';
import type { CatalogObject } from '../../../src/schema/index.js';
import { createFingerprintCache } from '../../../src/stages/associations/fingerprint-cache.js';
import { createPairCache } from '../../../src/stages/associations/pair-cache.js';
import { createAssociationStage } from '../../../src/stages/associations/sweep.js';
import type { Stage, StageContext } from '../../../src/stages/stage.js';
import type { StageFigures } from '../../../src/store/index.js';
import { diffMirror } from '../../helpers/mirror.js';
import { openStageFixture, SCHEMA, type StageFixture } from './deletes-fixture.js';

const SEED = 3;

let fx: StageFixture;
let names: string[];
let pairs: Array<[CatalogObject, CatalogObject]>;
let stages: Stage[];

beforeAll(async () => {
  const probe = await startSandbox({ port: 0, seed: SEED, portal: {} });
  names = probe.control.objectTypes().map((t) => t.name);
  await probe.close();
  fx = await openStageFixture({ seed: SEED, objects: names, portal: {} });
  pairs = storedPairs(names.map((name) => fx.object(name)));
  // A cold process: nothing learned yet (the backfill's load filled the shared cache).
  const caches = { cache: createFingerprintCache(), pairs: createPairCache() };
  stages = pairs.map(([from, to]) => createAssociationStage(from, to, fx.config, caches));
}, 120_000);

afterAll(async () => {
  await fx?.close();
});

/** One sweep cycle over every pair: each stage's figures and the sandbox's counts. */
async function cycle(
  overrides: Partial<StageContext> = {},
): Promise<{ figures: StageFigures[]; stats: SandboxStats }> {
  fx.sandbox.control.resetStats();
  const figures = [];
  for (const stage of stages) figures.push(await fx.tick(stage, overrides));
  return { figures, stats: fx.sandbox.control.stats() };
}

const isCustom = (o: CatalogObject) => o.objectTypeId.startsWith('2-');
const truthDefined = ([from, to]: [CatalogObject, CatalogObject]) =>
  fx.sandbox.control.associationTypes(from.objectType, to.objectType).length > 0;
const truthDiff = () => diffMirror(fx.db.url, SCHEMA, fx.sandbox.control, names);

describe('association pairs', () => {
  let batchReads: number;

  it('learns every pair once: a labels call per standard pair, one schema listing', async () => {
    expect(pairs).toHaveLength(78);
    const { figures, stats } = await cycle();
    const standard = pairs.filter(([a, b]) => !isCustom(a) && !isCustom(b)).length;
    expect(stats.byRoute['associations.labels']).toBe(standard);
    expect(stats.byRoute['schemas.list']).toBe(1);
    expect(figures.map((f) => f.defined)).toEqual(pairs.map(truthDefined));
    expect(figures.some((f) => f.defined)).toBe(true);
    expect(figures.some((f) => !f.defined)).toBe(true);
    batchReads = stats.byRoute['associations.batchRead'] ?? 0;
    expect(stats.requests).toBe(standard + 1 + batchReads);
    console.log(`cold cycle: ${stats.requests} calls ${JSON.stringify(stats.byRoute)}`);
    expect(await truthDiff()).toEqual([]);
  });

  it('makes no labels call within the interval, and none at all for an undefined pair', async () => {
    for (let i = 0; i < 2; i++) {
      const { figures, stats } = await cycle();
      expect(stats.byRoute).toEqual({ 'associations.batchRead': batchReads });
      expect(stats.requests).toBe(batchReads);
      for (const f of figures.filter((f) => !f.defined)) expect(f.apiCalls).toBe(0);
      console.log(`warm cycle: ${stats.requests} calls ${JSON.stringify(stats.byRoute)}`);
    }
  });

  it('still converges exactly on changed associations', async () => {
    const control = fx.sandbox.control;
    const contacts = [...control.truthRecords('contacts')].map((r) => r.id);
    const companies = [...control.truthRecords('companies')].map((r) => r.id);
    const deals = [...control.truthRecords('deals')].map((r) => r.id);
    const cars = [...control.truthRecords('car')].map((r) => r.id);
    const link = [...control.truthAssociations('companies', 'contacts')][0]!;
    control.associate('contacts', contacts[1]!, 'companies', companies[2]!, {
      label: 'Decision maker',
    });
    control.dissociate('companies', link.fromId, 'contacts', link.toId);
    control.associate('deals', deals[0]!, 'contacts', contacts[3]!, { label: 'Champion' });
    const carPartner = pairs.find(([a, b]) => isCustom(a) !== isCustom(b) && truthDefined([a, b]))!;
    const other = isCustom(carPartner[0]) ? carPartner[1] : carPartner[0];
    const otherId = [...control.truthRecords(other.objectType)][0]!.id;
    control.associate('car', cars[0]!, other.objectType, otherId);
    expect(await truthDiff()).not.toEqual([]);

    const { figures, stats } = await cycle();
    expect(stats.byRoute['associations.labels']).toBeUndefined();
    expect(stats.byRoute['schemas.list']).toBeUndefined();
    expect(figures.reduce((n, f) => n + Number(f.changedSets), 0)).toBeGreaterThanOrEqual(4);
    expect(await truthDiff()).toEqual([]);
  });

  it('learns the pairs again once the schema interval has passed', async () => {
    const later = Date.now() + fx.config.schemaIntervalMs;
    const { figures, stats } = await cycle({ now: () => later });
    const standard = pairs.filter(([a, b]) => !isCustom(a) && !isCustom(b)).length;
    expect(stats.byRoute['associations.labels']).toBe(standard);
    expect(stats.byRoute['schemas.list']).toBe(1);
    expect(figures.map((f) => f.defined)).toEqual(pairs.map(truthDefined));
    const again = await cycle({ now: () => later + 1 });
    expect(again.stats.byRoute).toEqual({ 'associations.batchRead': batchReads });
  });
});
