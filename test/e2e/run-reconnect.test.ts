/**
 * Postgres drops every connection of a running `run` (pg_terminate_backend, as a failover or an
 * admin would): the process stays up, reconnects, takes its locks again and converges; changes
 * made while it was cut off are not lost.
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
const SCHEMA = 'cut_off';
const TOKEN = 'pat-e2e-run-reconnect';

let world: RunWorld;
let db: TestDatabase;
let sandbox: Sandbox;
let admin: pg.Client;

const terminateReplicator = async (): Promise<number> => {
  const { rows } = await admin.query<{ n: string }>(
    `select count(pg_terminate_backend(pid)) as n from pg_stat_activity
     where datname = current_database() and application_name like 'hubspot-replicator%'`,
  );
  return Number(rows[0]!.n);
};

beforeAll(async () => {
  world = await openRunWorld({
    seed: 51,
    token: TOKEN,
    portal: { counts: { contacts: 400, companies: 60, deals: 100 } },
  });
  ({ db, sandbox, admin } = world);
});

afterAll(() => world?.close());

describe('run when Postgres drops its connections', () => {
  it('recovers, retakes its locks and converges, twice in a row', async () => {
    const run = world.children.track(
      startCli(['run'], {
        ...world.env(SCHEMA, OBJECTS),
        REPLICATOR_POLL_INTERVAL: '1s',
        REPLICATOR_STRAGGLER_LAG: '5s',
        REPLICATOR_DELETE_INTERVAL: '2s',
        REPLICATOR_ASSOCIATION_INTERVAL: '2s',
      }),
    );
    const converged = async () =>
      (await diffMirror(db.url, SCHEMA, sandbox.control, OBJECTS).catch(() => ['not yet']))
        .length === 0;
    await waitFor('the backfill and first cycles', converged, 60_000);
    // Per object: poller, straggler, deletes; per pair: associations; once: schema and api.
    const jobs = OBJECTS.length * 3 + 3 + 2;
    await waitFor('the live jobs to hold their locks', async () => {
      const holders = await advisoryLockHolders(admin);
      return holders.size === 1 && [...holders.values()][0] === jobs;
    });

    for (const round of [1, 2]) {
      const contacts = sandbox.control.list('contacts', { limit: 10 }).results.map((r) => r.id);
      expect(await terminateReplicator()).toBeGreaterThan(1);
      // Changes while the replicator is cut off.
      sandbox.control.create('contacts', { firstname: `Round${round}`, lastname: 'Reconnect' });
      sandbox.control.update('contacts', contacts[0]!, { jobtitle: `after cut ${round}` });
      sandbox.control.archive('contacts', contacts[1]!);
      await waitFor(
        'the locks to be taken again',
        async () => {
          const holders = await advisoryLockHolders(admin);
          return holders.size === 1 && [...holders.values()][0] === jobs;
        },
        20_000,
      ).catch(async (error: Error) => {
        const holders = [...(await advisoryLockHolders(admin))];
        run.child.kill('SIGTERM');
        const { stderr, code } = await run.done;
        throw new Error(
          `${error.message} (${jobs} jobs; holders ${JSON.stringify(holders)}; exit ${code}): ${stderr.slice(-3000)}`,
        );
      });
      await waitFor('the mirror to converge', converged, 60_000);
      expect(run.child.exitCode).toBeNull();
      expect((await replicatorBackends(admin)).length).toBeGreaterThan(0);
    }

    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    // It said what happened, and did not die of it.
    expect(result.stderr).toMatch(/lock connection lost/);
  });
});
