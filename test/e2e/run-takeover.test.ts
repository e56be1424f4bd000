/**
 * Two `run` processes on one schema. Killed (SIGKILL) mid-backfill, the first one's backfills
 * are finished by the second; killed while following changes, the leader's jobs move to the
 * standby within two poll intervals, and the mirror keeps converging to the portal.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { startCli } from '../helpers/cli.js';
import type { TestDatabase } from '../helpers/database.js';
import { diffMirror } from '../helpers/mirror.js';
import { openRunWorld, type RunWorld } from '../helpers/run-world.js';
import { advisoryLockHolders, replicatorBackends, waitFor } from '../integration/daemon/helpers.js';

const OBJECTS = ['companies', 'contacts', 'deals'];
const SCHEMA = 'shared';
const TOKEN = 'pat-e2e-run-takeover';
const POLL_MS = 1_000;

let world: RunWorld;
let db: TestDatabase;
let sandbox: Sandbox;
let admin: pg.Client;

const run = () =>
  world.children.track(
    startCli(['run'], {
      ...world.env(SCHEMA, OBJECTS),
      REPLICATOR_POLL_INTERVAL: `${POLL_MS}ms`,
      REPLICATOR_STRAGGLER_LAG: '5s',
      REPLICATOR_DELETE_INTERVAL: '2s',
      REPLICATOR_ASSOCIATION_INTERVAL: '2s',
      REPLICATOR_CONCURRENCY: '1',
    }),
  );

const rows = async <R extends Record<string, unknown>>(query: string): Promise<R[]> => {
  try {
    return (await admin.query<R>(query)).rows;
  } catch {
    return []; // the schema is not there yet
  }
};

/** `_stage_runs` owners (`host:pid`) per job. */
const owners = async () =>
  new Map(
    (
      await rows<{ job: string; owner: string }>(
        `select stage || ':' || object_type as job, owner from ${SCHEMA}._stage_runs`,
      )
    ).map((r) => [r.job, r.owner]),
  );

const ownerPid = (owner: string | undefined) => Number(owner?.split(':').at(-1));

async function changePortal(tag: string): Promise<void> {
  const { control } = sandbox;
  const contacts = control.list('contacts', { limit: 20 }).results.map((r) => r.id);
  control.create('contacts', { firstname: tag, lastname: 'Created', email: `${tag}@example.com` });
  control.update('contacts', contacts[0]!, { jobtitle: `${tag} title` });
  control.update('contacts', contacts[1]!, { firstname: `${tag}-renamed` });
  control.archive('contacts', contacts[2]!);
  const company = control.list('companies', { limit: 1 }).results[0]!.id;
  control.associate('contacts', contacts[3]!, 'companies', company);
}

const converged = () => diffMirror(db.url, SCHEMA, sandbox.control, OBJECTS);

beforeAll(async () => {
  world = await openRunWorld({
    seed: 41,
    token: TOKEN,
    portal: { counts: { contacts: 2_000, companies: 150, deals: 300 } },
    // Slow answers keep the first backfill going long enough to kill it midway.
    knobs: { faults: { rateSlow: 0.5, slowMs: 250 } },
  });
  ({ db, sandbox, admin } = world);
});

afterAll(() => world?.close());

describe('two run processes', () => {
  let survivor: ReturnType<typeof startCli>;

  it('a process killed mid-backfill leaves its backfills to the other, which completes them exactly', async () => {
    const first = run();
    await waitFor(
      'the first backfill to be under way',
      async () =>
        (await rows(`select 1 from ${SCHEMA}._objects where backfill_state = 'running'`)).length >
          0 &&
        (
          await rows(
            `select 1 from ${SCHEMA}.companies union all select 1 from ${SCHEMA}.contacts limit 1`,
          )
        ).length > 0,
      60_000,
    );
    survivor = run();
    await new Promise((resolve) => setTimeout(resolve, 2 * POLL_MS));
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    sandbox.control.setKnobs({ faults: { rateSlow: 0 } });

    await waitFor(
      'every backfill to complete',
      async () =>
        (await rows(`select 1 from ${SCHEMA}._objects where backfill_state = 'complete'`))
          .length === OBJECTS.length,
      90_000,
    );
    await waitFor(
      'the mirror to equal the portal',
      async () => (await converged()).length === 0,
      60_000,
    );
    // Every live job ends up with the survivor.
    await waitFor('the survivor to own every poller', async () => {
      const byJob = await owners();
      return OBJECTS.every((o) => ownerPid(byJob.get(`poller:${o}`)) === survivor.child.pid);
    });
  });

  it('when the leader is killed while following, the standby takes over within two poll intervals and converges', async () => {
    const standby = run();
    const leader = survivor;
    await waitFor(
      'the standby to open its lock connection',
      async () =>
        (await replicatorBackends(admin)).filter((b) => b.app === 'hubspot-replicator:locks')
          .length === 2,
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 3 * POLL_MS));
    // One process holds every lock; the standby holds none and records nothing.
    const holders = await advisoryLockHolders(admin);
    expect(holders.size).toBe(1);
    const [leaderBackend] = [...holders.keys()];
    const jobs = [...holders.values()][0]!;
    const before = await owners();
    expect([...before.values()].some((o) => ownerPid(o) === standby.child.pid)).toBe(false);

    await changePortal('before-kill');
    await waitFor(
      'the leader to apply the changes',
      async () => (await converged()).length === 0,
      60_000,
    );

    const killedAt = Date.now();
    leader.child.kill('SIGKILL');
    await waitFor('the standby to hold every lock', async () => {
      const now = await advisoryLockHolders(admin);
      return now.size === 1 && !now.has(leaderBackend!) && [...now.values()][0] === jobs;
    });
    const takeover = Date.now() - killedAt;
    // Two poll intervals, plus slack for a shared machine.
    expect(takeover).toBeLessThan(2 * POLL_MS + 1_500);

    await changePortal('after-kill');
    await waitFor(
      'the mirror to converge again',
      async () => (await converged()).length === 0,
      60_000,
    );
    const after = await owners();
    expect(ownerPid(after.get('poller:contacts'))).toBe(standby.child.pid);

    standby.child.kill('SIGTERM');
    const result = await standby.done;
    expect(result.code, result.stderr).toBe(0);
  });
});
