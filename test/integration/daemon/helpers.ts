import { openContext } from '../../../src/cli/context.js';
import { sleepUnlessAborted } from '../../../src/daemon/sleep.js';
import type { LiveStageFactories } from '../../../src/stages/live-stages.js';
import { Supervisor } from '../../../src/daemon/supervisor.js';
import type { Sandbox } from '../../../src/sandbox/index.js';

export interface TickRecord {
  owner: string;
  job: string;
  start: number;
  end: number;
}

/**
 * Fake live stages (one per object, per pair and per portal) that log every tick with its owner,
 * so a test can see which process did which job and whether two ever overlapped.
 */
export function probeStages(owner: string, ticks: TickRecord[], tickMs = 20): LiveStageFactories {
  const probe = (name: string, object: string | undefined) => ({
    name,
    ...(object ? { object } : {}),
    intervalMs: 100,
    async tick({ signal }: { signal: AbortSignal }) {
      const start = Date.now();
      await sleepUnlessAborted(tickMs, signal);
      ticks.push({ owner, job: `${name}:${object ?? '*'}`, start, end: Date.now() });
      return { ticks: 1 };
    },
  });
  return {
    perObject: [(o) => probe('probe', o.objectType)],
    perPair: [(from, to) => probe('probe-pair', `${from.objectType}:${to.objectType}`)],
    perPortal: [() => probe('probe-portal', undefined)],
  };
}

/** Jobs two owners ran at overlapping times: must always be empty. */
export function overlappingTicks(ticks: TickRecord[]): string[] {
  const found: string[] = [];
  const byJob = new Map<string, TickRecord[]>();
  for (const t of ticks) byJob.set(t.job, [...(byJob.get(t.job) ?? []), t]);
  for (const [job, list] of byJob) {
    const sorted = [...list].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const next = sorted[i]!;
      if (prev.owner !== next.owner && next.start < prev.end) {
        found.push(`${job}: ${prev.owner} and ${next.owner}`);
      }
    }
  }
  return found;
}

export async function openSupervisor(
  owner: string,
  options: {
    databaseUrl: string;
    sandbox: Sandbox;
    schema: string;
    stages: LiveStageFactories;
    flags?: Record<string, string>;
  },
): Promise<Supervisor> {
  const ctx = await openContext(
    {
      'database-url': options.databaseUrl,
      'base-url': options.sandbox.url,
      token: options.sandbox.token,
      pacing: 'off',
      schema: options.schema,
      'log-level': 'silent',
      ...options.flags,
    },
    { hubspot: true },
  );
  return new Supervisor({
    config: ctx.config,
    logger: ctx.logger,
    store: ctx.store,
    client: ctx.client!,
    close: () => ctx.close(),
    stages: options.stages,
    owner,
  });
}

/** Polls `check` until it returns true; throws with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

/** Backend pids of the replicator's connections to the current database, by application name. */
export async function replicatorBackends(admin: {
  query: (text: string) => Promise<{ rows: Array<{ pid: number; app: string }> }>;
}): Promise<Array<{ pid: number; app: string }>> {
  const { rows } = await admin.query(
    `select pid, application_name as app from pg_stat_activity
     where datname = current_database() and application_name like 'hubspot-replicator%'`,
  );
  return rows;
}

/**
 * Lock connection backend pid → the job locks it holds, in the current database. Writers also
 * take transaction-scoped advisory locks for a moment; only the lock connections' count here.
 */
export async function advisoryLockHolders(admin: {
  query: (text: string) => Promise<{ rows: Array<{ pid: number; n: string }> }>;
}): Promise<Map<number, number>> {
  const { rows } = await admin.query(
    `select l.pid, count(*) as n from pg_locks l
     join pg_stat_activity a on a.pid = l.pid
     where l.locktype = 'advisory' and l.granted and a.datname = current_database()
       and a.application_name = 'hubspot-replicator:locks'
     group by l.pid`,
  );
  return new Map(rows.map((r) => [r.pid, Number(r.n)]));
}

interface Child {
  child: {
    exitCode: number | null;
    signalCode: string | null;
    kill(signal: NodeJS.Signals): boolean;
  };
  done: Promise<unknown>;
}

/** Children a test started, so afterAll can kill whatever a failed test left running. */
export function childTracker() {
  const children: Child[] = [];
  return {
    track<T extends Child>(child: T): T {
      children.push(child);
      return child;
    },
    async killAll(): Promise<void> {
      for (const c of children) {
        if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
      }
      await Promise.all(children.map((c) => c.done));
    },
  };
}
