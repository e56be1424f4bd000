/**
 * `replicator run` stops cleanly: SIGTERM once it follows changes and SIGINT in the middle of a
 * backfill both exit 0 within 10 s, leaving no connection and no lock behind; the next run
 * resumes and the mirror ends equal to the portal.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import type { TestDatabase } from '../helpers/database.js';
import { diffMirror } from '../helpers/mirror.js';
import { openRunWorld, type RunWorld } from '../helpers/run-world.js';
import { advisoryLockHolders, replicatorBackends, waitFor } from '../integration/daemon/helpers.js';

const OBJECTS = ['companies', 'contacts', 'deals'];
const TOKEN = 'pat-e2e-run-signals';

let world: RunWorld;
let children: RunWorld['children'];
let db: TestDatabase;
let sandbox: Sandbox;
let admin: pg.Client;

const env = (schema: string) => ({
  ...world.env(schema, OBJECTS),
  REPLICATOR_POLL_INTERVAL: '1s',
  REPLICATOR_DELETE_INTERVAL: '2s',
  REPLICATOR_ASSOCIATION_INTERVAL: '2s',
});

const count = async (query: string): Promise<number> => {
  try {
    return Number((await admin.query<{ n: string }>(query)).rows[0]?.n ?? 0);
  } catch {
    return 0; // the schema is not there yet
  }
};

async function expectNothingLeft(): Promise<void> {
  await waitFor(
    'the replicator connections to close',
    async () => {
      return (await replicatorBackends(admin)).length === 0;
    },
    3_000,
  );
  expect((await advisoryLockHolders(admin)).size).toBe(0);
}

beforeAll(async () => {
  world = await openRunWorld({
    seed: 31,
    token: TOKEN,
    portal: { counts: { contacts: 3_000, companies: 200, deals: 300 } },
  });
  ({ db, sandbox, admin, children } = world);
});

afterAll(() => world?.close());

describe('replicator run', () => {
  it('exits 0 within 10 s of SIGTERM while following changes', async () => {
    const schema = 'follow';
    const run = children.track(startCli(['run'], env(schema)));
    await waitFor(
      'every object to be followed by its poller',
      async () =>
        (await count(
          `select count(*) as n from ${schema}._stage_runs where stage = 'poller' and runs > 0`,
        )) === OBJECTS.length,
      60_000,
    );
    // Status below reads the contacts' last delete and association cycles: wait for both (two
    // association pairs of contacts must not stand in for the delete cycle).
    await waitFor(
      'a delete and an association cycle of contacts',
      async () =>
        (await count(
          `select count(distinct stage) as n from ${schema}._stage_runs where runs > 0 and (
             (stage = 'deletes' and object_type = 'contacts') or
             (stage = 'associations' and object_type like '%contacts%'))`,
        )) === 2,
      60_000,
    );
    const created = sandbox.control.create('contacts', { firstname: 'Sig', lastname: 'Term' });
    await waitFor(
      'the new contact to arrive',
      async () =>
        (await count(`select count(*) as n from ${schema}.contacts where id = ${created.id}`)) ===
        1,
    );
    const signalled = Date.now();
    run.child.kill('SIGTERM');
    const result = await run.done;
    const took = Date.now() - signalled;
    expect(result.code, result.stderr).toBe(0);
    expect(took).toBeLessThan(10_000);
    expect(result.stderr).not.toMatch(/"level":(50|60)/);
    await expectNothingLeft();

    // What the daemon recorded, as status shows it.
    const status = await runCli(['status', '--json'], env(schema));
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as {
      objects: Array<Record<string, unknown> & { objectType: string }>;
      apiUsage: { requests: number };
      apiBudget: { dailyLimit: number | null } | null;
      stages: Array<{ stage: string; objectType: string; owner: string }>;
    };
    const contacts = report.objects.find((o) => o.objectType === 'contacts')!;
    expect(contacts.lagMs).toEqual(expect.any(Number));
    // The new contact arrived through a completed poll: the mirror is fresh as of one.
    expect(Date.parse(contacts.freshAsOf as string)).toBeLessThanOrEqual(signalled);
    expect(contacts.pollIntervalMs).toBe(1_000);
    expect(contacts.stragglerCatches).toEqual(expect.any(Number));
    expect(contacts.lastDeleteCycle).toMatchObject({
      object: 'contacts',
      figures: { archived: expect.any(Number), apiCalls: expect.any(Number) },
    });
    expect(contacts.lastAssociationCycle).toMatchObject({
      object: expect.stringMatching(/contacts/),
      figures: { changedSets: expect.any(Number) },
    });
    expect(report.apiUsage.requests).toBeGreaterThan(0);
    expect(report.apiBudget?.dailyLimit).toBeGreaterThan(0);
    expect(
      report.stages.find((r) => r.stage === 'poller' && r.objectType === 'contacts')?.owner,
    ).toMatch(new RegExp(`:${run.child.pid}$`));
    const text = await runCli(['status'], env(schema));
    expect(text.stdout).toMatch(/^contacts\s+\d+\s+complete\s+fresh \S+ ago\s/m);
    expect(text.stdout).toMatch(/contacts deletes .* ago: archived \d+/);
    expect(text.stdout).toMatch(/daily quota \d+/);
  });

  it('exits 0 within 10 s of SIGINT mid-backfill; the next run resumes and converges', async () => {
    const schema = 'interrupted';
    // Slow answers keep the backfill going long enough to interrupt it.
    sandbox.control.setKnobs({ faults: { rateSlow: 0.5, slowMs: 300 } });
    const first = children.track(startCli(['run'], env(schema)));
    await waitFor(
      'the backfill to be under way',
      async () =>
        (await count(`select count(*) as n from ${schema}.contacts`)) > 0 &&
        (await count(
          `select count(*) as n from ${schema}._objects where backfill_state = 'running'`,
        )) > 0,
      60_000,
    );
    const signalled = Date.now();
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(
      await count(`select count(*) as n from ${schema}._objects where backfill_state = 'complete'`),
    ).toBeLessThan(OBJECTS.length);
    await expectNothingLeft();

    sandbox.control.setKnobs({ faults: { rateSlow: 0 } });
    const second = children.track(startCli(['run'], env(schema)));
    await waitFor(
      'the mirror to equal the portal',
      async () =>
        (await count(
          `select count(*) as n from ${schema}._objects where backfill_state = 'complete'`,
        )) === OBJECTS.length &&
        (await diffMirror(db.url, schema, sandbox.control, OBJECTS)).length === 0,
      90_000,
    );
    second.child.kill('SIGTERM');
    const result = await second.done;
    expect(result.code, result.stderr).toBe(0);
  });
});
