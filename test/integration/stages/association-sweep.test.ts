/**
 * The association sweeper against the sandbox and a real Postgres, ticks driven directly: an
 * idle portal costs no row writes and ⌈ids/1,000⌉ calls; adds, removals and relabels reach the
 * table; a company with 2,000 contacts; orphans swept; undefined pairs skipped (learned once
 * per schema interval); restores undo the cache's belief; an interrupted cycle resumes from its
 * cursor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stage } from '../../../src/stages/stage.js';
import { createAssociationStage } from '../../../src/stages/associations/sweep.js';
import { createDeleteStage } from '../../../src/stages/deletes/deletes.js';
import { createFingerprintCache } from '../../../src/stages/associations/fingerprint-cache.js';
import { createPairCache } from '../../../src/stages/associations/pair-cache.js';
import { readCursor } from '../../../src/store/index.js';
import { diffMirror } from '../../helpers/mirror.js';
import { openStageFixture, SCHEMA, type StageFixture } from './deletes-fixture.js';

const OBJECTS = ['companies', 'contacts', 'deals', 'products'];
const CONTACTS = 2_500;
const HEAVY = 2_000;

let fx: StageFixture;
let stages: { companiesContacts: Stage; contactsDeals: Stage; companiesDeals: Stage };

beforeAll(async () => {
  fx = await openStageFixture({
    seed: 5,
    objects: OBJECTS,
    portal: {
      counts: { contacts: CONTACTS, companies: 80, deals: 300, products: 10 },
      heavyAssociationCount: HEAVY,
      archivedRate: 0,
    },
  });
  const cache = createFingerprintCache();
  const stage = (from: string, to: string) =>
    createAssociationStage(fx.object(from), fx.object(to), fx.config, { cache });
  stages = {
    companiesContacts: stage('companies', 'contacts'),
    contactsDeals: stage('contacts', 'deals'),
    companiesDeals: stage('companies', 'deals'),
  };
});

afterAll(async () => {
  await fx?.close();
});

const sweepAll = async () => {
  const figures = [];
  for (const stage of Object.values(stages)) figures.push(await fx.tick(stage));
  return figures;
};

/** Changes whenever any association row is inserted, updated, deleted or even locked. */
const rowVersions = async () =>
  (
    await fx.query<{ v: string }>(
      `select md5(string_agg(ctid::text || xmin::text || xmax::text, ',' order by ctid)) as v
       from ${SCHEMA}.associations`,
    )
  )[0]!.v;

const truthDiff = () => diffMirror(fx.db.url, SCHEMA, fx.sandbox.control, OBJECTS);

describe('the association sweeper', () => {
  it('finds nothing to write after the backfill, even with a cold cache', async () => {
    const before = await rowVersions();
    const figures = await sweepAll();
    for (const f of figures) {
      expect(f).toMatchObject({
        changedSets: 0,
        rowsInserted: 0,
        rowsUpdated: 0,
        rowsDeleted: 0,
        cacheHits: 0,
        cycleComplete: true,
        defined: true,
      });
    }
    expect(figures.map((f) => f.ids)).toEqual([80, CONTACTS, 80]);
    expect(await rowVersions()).toBe(before);
    expect(await truthDiff()).toEqual([]);
  });

  it('costs an idle portal no row writes and ⌈ids/1,000⌉ calls per pair', async () => {
    const before = await rowVersions();
    const requests = fx.client.stats().requests;
    const figures = await fx.tick(stages.contactsDeals);
    expect(figures).toMatchObject({
      ids: CONTACTS,
      cacheHits: CONTACTS,
      changedSets: 0,
      rowsInserted: 0,
      rowsUpdated: 0,
      rowsDeleted: 0,
      apiCalls: Math.ceil(CONTACTS / 1_000),
    });
    expect(fx.client.stats().requests - requests).toBe(Math.ceil(CONTACTS / 1_000));
    expect(await rowVersions()).toBe(before);
  });

  it('reads a company with 2,000 contacts over per-id pages, and stores them all', async () => {
    const [heavy] = await fx.query<{ id: string; n: string }>(
      `select from_id::text as id, count(*) as n from ${SCHEMA}.associations
       where from_type = 'companies' and to_type = 'contacts'
       group by from_id order by count(*) desc limit 1`,
    );
    expect(Number(heavy!.n)).toBeGreaterThanOrEqual(HEAVY);
    const figures = await fx.tick(stages.companiesContacts);
    // One batch of 80 companies, then three more pages of 500 for the heavy one.
    expect(figures).toMatchObject({ ids: 80, apiCalls: 4, changedSets: 0, cacheHits: 80 });

    const contact = (
      await fx.query<{ id: string }>(
        `select to_id::text as id from ${SCHEMA}.associations
         where from_type = 'companies' and from_id = $1 and to_type = 'contacts' order by to_id desc limit 1`,
        [heavy!.id],
      )
    )[0]!.id;
    fx.sandbox.control.dissociate('companies', heavy!.id, 'contacts', contact);
    const changed = await fx.tick(stages.companiesContacts);
    expect(changed).toMatchObject({ changedSets: 1, rowsInserted: 0, rowsUpdated: 0 });
    expect(changed.rowsDeleted).toBeGreaterThanOrEqual(1);
    expect(await truthDiff()).toEqual([]);
  });

  it('follows associations added, removed and relabelled', async () => {
    const control = fx.sandbox.control;
    const contacts = [...control.truthRecords('contacts')].map((r) => r.id);
    const companies = [...control.truthRecords('companies')].map((r) => r.id);
    const deals = [...control.truthRecords('deals')].map((r) => r.id);
    const links = [...control.truthAssociations('companies', 'contacts')];
    const labelled = links.find((l) => l.label === null && l.typeId === 280)!;
    const removed = links.find((l) => l.fromId !== labelled.fromId)!;
    const beforeDeals = [...control.truthAssociations('contacts', 'deals')];
    const dealLink = beforeDeals[0]!;

    control.associate('contacts', contacts[7]!, 'companies', companies[3]!);
    control.associate('contacts', labelled.toId, 'companies', labelled.fromId, {
      label: 'Decision maker',
    });
    control.dissociate('companies', removed.fromId, 'contacts', removed.toId);
    control.associate('deals', deals[5]!, 'contacts', contacts[9]!, { label: 'Champion' });
    control.dissociate('contacts', dealLink.fromId, 'deals', dealLink.toId);
    expect(await truthDiff()).not.toEqual([]);

    const [companiesContacts, contactsDeals, companiesDeals] = await sweepAll();
    expect(companiesContacts!.changedSets).toBe(
      new Set([companies[3], labelled.fromId, removed.fromId]).size,
    );
    expect(companiesContacts!.rowsInserted).toBeGreaterThanOrEqual(2);
    expect(contactsDeals!.changedSets).toBe(new Set([contacts[9], dealLink.fromId]).size);
    expect(companiesDeals!.changedSets).toBe(0);
    expect(await truthDiff()).toEqual([]);
    const [label] = await fx.query<{ label: string; category: string }>(
      `select label, category from ${SCHEMA}.associations
       where from_type = 'companies' and from_id = $1 and to_type = 'contacts' and to_id = $2 and label is not null`,
      [labelled.fromId, labelled.toId],
    );
    expect(label).toEqual({ label: 'Decision maker', category: 'USER_DEFINED' });

    // Relabel back: dropping the label type keeps the unlabelled association.
    control.dissociate('companies', labelled.fromId, 'contacts', labelled.toId, { typeId: 1002 });
    const relabelled = await fx.tick(stages.companiesContacts);
    expect(relabelled).toMatchObject({ changedSets: 1, rowsDeleted: 1, rowsInserted: 0 });
    expect(await truthDiff()).toEqual([]);
  });

  it('sweeps rows of "from" records that are no longer stored at the end of a cycle', async () => {
    await fx.query(
      `insert into ${SCHEMA}.associations (from_type, from_id, to_type, to_id, type_id, category, label)
       values ('companies', 999999999, 'contacts', 1, 280, 'HUBSPOT_DEFINED', null),
              ('companies', 999999999, 'deals', 1, 342, 'HUBSPOT_DEFINED', null)`,
    );
    const figures = await fx.tick(stages.companiesContacts);
    expect(figures).toMatchObject({ rowsDeleted: 1, changedSets: 0, cycleComplete: true });
    const left = await fx.query(
      `select to_type from ${SCHEMA}.associations where from_id = 999999999 order by to_type`,
    );
    expect(left).toEqual([{ to_type: 'deals' }]);
    expect(await fx.tick(stages.companiesDeals)).toMatchObject({ rowsDeleted: 1 });
    expect(await truthDiff()).toEqual([]);
  });

  it('skips a pair the portal does not define, asking again once per schema interval', async () => {
    const stage = createAssociationStage(fx.object('companies'), fx.object('products'), fx.config, {
      pairs: createPairCache(),
    });
    expect(stage.object).toBe('companies->products');
    expect(await fx.tick(stage)).toMatchObject({ defined: false, apiCalls: 1, ids: 0 });
    expect(await fx.tick(stage)).toMatchObject({ defined: false, apiCalls: 0 });
    let clock = Date.now() + fx.config.schemaIntervalMs;
    expect(await fx.tick(stage, { now: () => clock++ })).toMatchObject({ apiCalls: 1 });
    expect(await fx.tick(stage, { now: () => clock++ })).toMatchObject({ apiCalls: 0 });
  });

  it('reuses what the backfill learned: no labels call, even for an undefined pair', async () => {
    const stage = createAssociationStage(fx.object('companies'), fx.object('products'), fx.config);
    expect(await fx.tick(stage)).toMatchObject({ defined: false, apiCalls: 0, ids: 0 });
  });

  it('puts back the rows of a restored record, though HubSpot\u2019s sets look as cached', async () => {
    const control = fx.sandbox.control;
    const [row] = await fx.query<{ id: string }>(
      `select c.to_id::text as id from ${SCHEMA}.associations c
       join ${SCHEMA}.associations d on d.from_type = 'contacts' and d.from_id = c.to_id and d.to_type = 'deals'
       where c.from_type = 'companies' and c.to_type = 'contacts' limit 1`,
    );
    const contact = row!.id;
    await sweepAll(); // every set cached as it is now
    const deletes = createDeleteStage(fx.object('contacts'), fx.config);
    control.archive('contacts', contact);
    expect(await fx.tick(deletes)).toMatchObject({ archived: 1 });
    control.restore('contacts', contact);
    expect(await fx.tick(deletes)).toMatchObject({ restored: 1 });

    const [companiesContacts, contactsDeals] = await sweepAll();
    expect(companiesContacts!.changedSets).toBeGreaterThanOrEqual(1);
    expect(contactsDeals!.changedSets).toBeGreaterThanOrEqual(1);
    expect(await truthDiff()).toEqual([]);
  });

  it('resumes a cycle killed mid-request from its cursor', async () => {
    const controller = new AbortController();
    const path = fx.client.paths.associationsBatchRead('contacts', 'deals');
    let reads = 0;
    const onRequest = (event: { path: string }) => {
      if (event.path === path && ++reads === 2) controller.abort();
    };
    const stage = createAssociationStage(fx.object('contacts'), fx.object('deals'), fx.config, {
      cursorSaveMs: 0,
    });
    fx.client.events.on('request', onRequest);
    try {
      await expect(fx.tick(stage, { signal: controller.signal })).rejects.toThrow(/abort/i);
    } finally {
      fx.client.events.off('request', onRequest);
    }
    const cursor = await readCursor<{ after: string }>(
      fx.store,
      'contacts',
      'association-sweep:deals',
    );
    const [thousandth] = await fx.query<{ id: string }>(
      `select id::text from ${SCHEMA}.contacts order by id offset 999 limit 1`,
    );
    expect(cursor?.after).toBe(thousandth!.id);
    const rest = await fx.tick(stage);
    expect(rest).toMatchObject({ ids: CONTACTS - 1_000, cycleComplete: true });
    expect(
      await readCursor<{ after: string }>(fx.store, 'contacts', 'association-sweep:deals'),
    ).toMatchObject({
      after: '0',
    });
  });
});
