/**
 * The live daemon from outside: `replicator run --poll-interval 1s` against the sandbox (its own
 * process), measuring sandbox write → NOTIFY received, without and with search lag; then the API
 * calls per minute it makes on an idle portal. The targets are absolute (p50 ≤ 1.5 s, p99 ≤ 3 s
 * at a 1 s poll), so there is no baseline to compare with.
 */
import pg from 'pg';
import { freshDatabase } from '../lib/database.js';
import { spawnSandbox, startReplicator, type SandboxProcess } from '../lib/processes.js';

export const name = 'latency';

const WRITES = Number(process.env.BENCH_LATENCY_WRITES ?? 40);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const POLL_MS = 1_000;

export async function run(): Promise<Record<string, unknown>> {
  const db = await freshDatabase('bench_latency');
  const sandbox = await spawnSandbox(['--contacts', '2000', '--archived', '0']);
  const listener = new pg.Client({ connectionString: db.url });
  await listener.connect();
  const waiting = new Map<string, (at: number) => void>();
  let backfilled = false;
  listener.on('notification', (n) => {
    const event = JSON.parse(n.payload ?? '{}') as { table: string; op: string; id?: string };
    if (event.op === 'backfill_complete') backfilled = true;
    if (event.id) waiting.get(event.id)?.(performance.now());
  });
  await listener.query('listen hubspot_changes');
  const replicator = startReplicator(
    [
      'run',
      '--poll-interval',
      '1s',
      '--straggler-lag',
      '6s',
      '--delete-interval',
      '30s',
      '--association-interval',
      '30s',
    ],
    {
      DATABASE_URL: db.url,
      HUBSPOT_BASE_URL: sandbox.url,
      HUBSPOT_ACCESS_TOKEN: sandbox.token,
      HUBSPOT_PACING: 'off',
      REPLICATOR_OBJECTS: 'contacts',
    },
  );
  try {
    for (let i = 0; !backfilled; i++) {
      if (i > 1200) throw new Error('backfill did not finish');
      await sleep(100);
    }
    await sleep(3 * POLL_MS); // the poller's first cycles re-read the backfill window
    const truth = (await sandbox.control('truth/contacts')) as { results: Array<{ id: string }> };
    const ids = truth.results.map((r) => r.id);
    const noLag = await measure(sandbox, ids.slice(0, WRITES), waiting);
    await sandbox.control('knobs', {
      method: 'PATCH',
      body: { searchLagMs: { min: 0, max: 3000 } },
    });
    const lag = await measure(sandbox, ids.slice(WRITES, 2 * WRITES), waiting);
    await sandbox.control('knobs', { method: 'PATCH', body: { searchLagMs: { min: 0, max: 0 } } });
    await sleep(8_000); // let the straggler pass the lagged writes before the idle window
    await sandbox.control('stats/reset', { method: 'POST' });
    await sleep(IDLE_SECONDS * 1000);
    const idle = (await sandbox.control('stats')) as {
      requests: number;
      byRoute: Record<string, number>;
    };
    return {
      pollIntervalMs: POLL_MS,
      withoutLag: noLag,
      withSearchLag0to3s: lag,
      idle: {
        seconds: IDLE_SECONDS,
        apiCallsPerMinute: Math.round((idle.requests * 60) / IDLE_SECONDS),
        byRoute: idle.byRoute,
        settings: 'poll 1s, straggler lag 6s, deletes and associations every 30s, contacts only',
      },
    };
  } finally {
    replicator.child.kill('SIGTERM');
    await replicator.done;
    await listener.end();
    await sandbox.stop();
    await db.drop();
  }
}

async function measure(
  sandbox: SandboxProcess,
  ids: string[],
  waiting: Map<string, (at: number) => void>,
): Promise<Record<string, number>> {
  const latencies: number[] = [];
  const pending: Array<Promise<void>> = [];
  for (const [i, id] of ids.entries()) {
    const notified = new Promise<number>((resolve) => waiting.set(id, resolve));
    const written = performance.now();
    await sandbox.control(`objects/contacts/${id}`, {
      method: 'PATCH',
      body: { properties: { firstname: `Bench ${i} ${Date.now()}` } },
    });
    pending.push(
      Promise.race([notified, sleep(30_000).then(() => Number.NaN)]).then((at) => {
        waiting.delete(id);
        latencies.push(at - written);
      }),
    );
    await sleep(150 + Math.random() * 200);
  }
  await Promise.all(pending);
  const got = latencies.filter((l) => Number.isFinite(l)).sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round(got[Math.min(got.length - 1, Math.floor(p * got.length))] ?? NaN);
  return {
    writes: ids.length,
    notified: got.length,
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
    maxMs: Math.round(got.at(-1) ?? NaN),
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
