/** Child processes for benchmarks: the sandbox and the real CLI, each measured from outside. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPLICATOR = fileURLToPath(new URL('../../bin/replicator', import.meta.url));

export interface SandboxProcess {
  url: string;
  token: string;
  child: ChildProcess;
  control(path: string, init?: { method?: string; body?: unknown }): Promise<unknown>;
  /** CPU seconds (user + system) the sandbox has used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** User + system CPU seconds of a live process, from /proc (0 once it has gone). */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ, the unit of /proc's CPU times, is 100 on every mainstream architecture. */
const CLOCK_TICKS = 100;

/** `replicator sandbox --json …` in its own process, so it never shares our event loop. */
export async function spawnSandbox(args: string[]): Promise<SandboxProcess> {
  const child = spawn(process.execPath, [REPLICATOR, 'sandbox', '--port', '0', '--json', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const { url, token } = JSON.parse(line) as { url: string; token: string };
  return {
    url,
    token,
    child,
    async control(path, init = {}) {
      const res = await fetch(`${url}/_sandbox/${path}`, {
        method: init.method ?? 'GET',
        ...(init.body !== undefined
          ? { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }
          : {}),
      });
      if (!res.ok) throw new Error(`sandbox ${path}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? undefined : res.json();
    },
    cpuSeconds: () => cpuSecondsOf(child.pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface CliRun {
  code: number | null;
  seconds: number;
  peakRssMb: number;
  /** User + system CPU, sampled every 100 ms until exit (so up to 0.1 s short). */
  cpuSeconds: number;
  stderr: string;
}

/** Runs the real CLI, sampling its peak resident memory (VmHWM) and CPU until it exits. */
export function runReplicator(args: string[], env: Record<string, string>): Promise<CliRun> {
  return startReplicator(args, env).done;
}

export function startReplicator(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; done: Promise<CliRun> } {
  const started = performance.now();
  const child = spawn(process.execPath, [REPLICATOR, ...args], {
    env: { PATH: process.env.PATH, REPLICATOR_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let peakKb = 0;
  let cpuSeconds = 0;
  const sample = () => {
    cpuSeconds = Math.max(cpuSeconds, cpuSecondsOf(child.pid));
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peakKb = Math.max(peakKb, kb);
    } catch {
      // exited between samples
    }
  };
  const timer = setInterval(sample, 100);
  const done = new Promise<CliRun>((resolve) =>
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({
        code,
        seconds: (performance.now() - started) / 1000,
        peakRssMb: Math.round(peakKb / 1024),
        cpuSeconds: Math.round(cpuSeconds * 10) / 10,
        stderr,
      });
    }),
  );
  return { child, done };
}
