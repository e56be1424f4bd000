/**
 * Two supervisors on one schema: each job runs in exactly one of them, the second is a hot
 * standby, and when the leader's lock connection dies its jobs stop at once and the standby has
 * them within two poll intervals.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Supervisor } from '../../../src/daemon/supervisor.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import {
  openSupervisor,
  overlappingTicks,
  probeStages,
  waitFor,
  type TickRecord,
} from './helpers.js';

const POLL_MS = 400;
const SCHEMA = 'mirror';
const LIVE_JOBS = [
  'api:*',
  'probe:companies',
  'probe:contacts',
  'probe-pair:companies:contacts',
  'probe-portal:*',
].sort();

let db: TestDatabase;
let sandbox: Sandbox;
let admin: pg.Client;
const ticks: TickRecord[] = [];
let leader: Supervisor;
let standby: Supervisor;

const live = (s: Supervisor) =>
  s
    .running()
    .filter((id) => !id.startsWith('backfill:'))
    .sort();
const open = (owner: string) =>
  openSupervisor(owner, {
    databaseUrl: db.url,
    sandbox,
    schema: SCHEMA,
    stages: probeStages(owner, ticks),
    flags: { objects: 'contacts,companies', 'poll-interval': `${POLL_MS}ms` },
  });

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startSandbox({
    port: 0,
    seed: 5,
    portal: { counts: { contacts: 60, companies: 12 } },
  });
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
});

afterAll(async () => {
  await Promise.all([leader?.stop(), standby?.stop()]);
  await admin?.end();
  await sandbox?.close();
  await db?.drop();
});

describe('leadership', () => {
  it('the first supervisor backfills and runs every live job; a second one runs none', async () => {
    leader = await open('leader');
    await leader.start();
    await waitFor(
      'the leader to run every live job',
      () => live(leader).length === LIVE_JOBS.length,
    );
    expect(live(leader)).toEqual(LIVE_JOBS);

    standby = await open('standby');
    await standby.start();
    // Several passes: the standby tries each lock every poll interval and gets none.
    await new Promise((resolve) => setTimeout(resolve, 3 * POLL_MS));
    expect(standby.running()).toEqual([]);
    expect(ticks.filter((t) => t.owner === 'standby')).toEqual([]);

    const { rows } = await admin.query<{ object_type: string; stage: string; owner: string }>(
      `select object_type, stage, owner from ${SCHEMA}._stage_runs order by stage, object_type`,
    );
    expect(rows.map((r) => `${r.stage}:${r.object_type}`).sort()).toEqual(LIVE_JOBS);
    expect(new Set(rows.map((r) => r.owner))).toEqual(new Set(['leader']));
  });

  it('holds one session lock per job on one dedicated connection, outside the pool', async () => {
    const { rows } = await admin.query<{ pid: number; n: string; app: string }>(
      `select l.pid, count(*) as n, a.application_name as app
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
       where l.locktype = 'advisory' and l.granted and a.datname = current_database()
       group by l.pid, a.application_name`,
    );
    expect(rows).toEqual([
      { pid: leader.lockPid, n: String(LIVE_JOBS.length), app: 'hubspot-replicator:locks' },
    ]);
  });

  it('when the leader loses its lock connection, its jobs stop and the standby takes them over', async () => {
    const killedPid = leader.lockPid;
    const killedAt = Date.now();
    await admin.query('select pg_terminate_backend($1)', [killedPid]);
    const takeover = await waitFor(
      'the standby to run every live job',
      () => live(standby).length === LIVE_JOBS.length,
    );
    // Two poll intervals, plus scheduling slack on a shared machine.
    expect(takeover).toBeLessThan(2 * POLL_MS + 1_000);
    expect(live(standby)).toEqual(LIVE_JOBS);
    expect(live(leader)).toEqual([]);
    const lastLeaderTick = Math.max(...ticks.filter((t) => t.owner === 'leader').map((t) => t.end));
    // The leader's in-flight ticks ended at the abort; none started after the kill was seen.
    expect(lastLeaderTick).toBeLessThan(killedAt + 200);

    // The old leader reconnects and is now the standby: it takes nothing back.
    await waitFor('the old leader to reconnect', () => leader.lockPid !== killedPid);
    await new Promise((resolve) => setTimeout(resolve, 4 * POLL_MS));
    expect(live(leader)).toEqual([]);
    expect(live(standby)).toEqual(LIVE_JOBS);
    expect(overlappingTicks(ticks)).toEqual([]);
  });

  it('a graceful stop hands every job back to the other process', async () => {
    const stopping = Date.now();
    await standby.stop();
    expect(Date.now() - stopping).toBeLessThan(10_000);
    expect(standby.running()).toEqual([]);
    await waitFor(
      'the old leader to run every live job',
      () => live(leader).length === LIVE_JOBS.length,
    );
    expect(overlappingTicks(ticks)).toEqual([]);
    await standby.stop(); // idempotent
  });

  it('stop() releases every lock and closes every connection', async () => {
    await leader.stop();
    // A backend goes away a moment after its client hangs up.
    const left = async () =>
      (
        await admin.query<{ app: string }>(
          `select application_name as app from pg_stat_activity
           where datname = current_database() and application_name like 'hubspot-replicator%'`,
        )
      ).rows.map((r) => r.app);
    await waitFor(
      'every replicator connection to close',
      async () => (await left()).length === 0,
      3_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}: ${(await left()).join(', ')}`);
    });
    const locks = await admin.query(`select 1 from pg_locks where locktype = 'advisory'
       and database = (select oid from pg_database where datname = current_database())`);
    expect(locks.rows).toEqual([]);
  });
});
