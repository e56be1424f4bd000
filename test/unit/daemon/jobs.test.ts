import { describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/index.js';
import { buildStages, storedPairs } from '../../../src/daemon/jobs.js';
import type { LiveStageFactories } from '../../../src/stages/live-stages.js';
import type { CatalogObject } from '../../../src/schema/index.js';

const object = (objectType: string): CatalogObject => ({
  objectType,
  apiName: objectType,
  objectTypeId: '0-1',
  createdProperty: 'createdate',
  modifiedProperty: 'hs_lastmodifieddate',
  columns: new Map(),
});
const config = {} as Config;
const tick = async () => ({});
const OBJECTS = ['deals', 'companies', 'contacts'].map(object);

describe('storedPairs', () => {
  it('lists each pair once, from the table name that sorts first', () => {
    const pairs = storedPairs(OBJECTS).map(([a, b]) => `${a.objectType}->${b.objectType}`);
    expect(pairs.sort()).toEqual(['companies->contacts', 'companies->deals', 'contacts->deals']);
  });
});

describe('buildStages', () => {
  const factories: LiveStageFactories = {
    perObject: [(o) => ({ name: 'poller', object: o.objectType, intervalMs: 1, tick })],
    perPair: [
      (a, b) => ({
        name: 'associations',
        object: `${a.objectType}->${b.objectType}`,
        intervalMs: 1,
        tick,
      }),
    ],
    perPortal: [() => ({ name: 'schema', intervalMs: 1, tick })],
  };

  it('makes one stage per object, per stored pair and per portal, each with what it waits for', () => {
    const stages = buildStages(OBJECTS, factories, config).map(
      ({ stage, needs }) =>
        `${stage.name}:${stage.object ?? '*'} <- ${[...needs].sort().join(',')}`,
    );
    expect(stages.sort()).toEqual([
      'associations:companies->contacts <- companies,contacts',
      'associations:companies->deals <- companies,deals',
      'associations:contacts->deals <- contacts,deals',
      'poller:companies <- companies',
      'poller:contacts <- contacts',
      'poller:deals <- deals',
      'schema:* <- ',
    ]);
  });

  it('refuses two stages with one identity (they would share a lock and a _stage_runs row)', () => {
    const clash: LiveStageFactories = {
      ...factories,
      perPair: [(a) => ({ name: 'associations', object: a.objectType, intervalMs: 1, tick })],
    };
    expect(() => buildStages(OBJECTS, clash, config)).toThrow(
      'two live stages share the identity associations:companies',
    );
  });
});
