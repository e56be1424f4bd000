import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/demo/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * Vitest runs a file per core at once; an e2e file's replicators each hold up to a dozen
 * connections (a pool of ten, the lock session, a listener) beside the file's own clients.
 */
const MAX_CONNECTIONS = 300;

/**
 * Each project (integration, e2e) runs this setup in the one vitest process: they share the
 * server through a global, and the last teardown stops it.
 */
const SHARED = Symbol.for('hubspot-replicator.test-postgres');
interface Shared {
  server: Promise<EmbeddedPostgres>;
  users: number;
}
const registry = globalThis as { [SHARED]?: Shared };

/**
 * Finds the Postgres the tests use: TEST_DATABASE_URL, DATABASE_URL, else one embedded real
 * Postgres for the whole run, in a temporary data directory on a free port (fsync off: its data
 * dies with the run), stopped and removed at teardown.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (given) {
    project.provide('databaseUrl', given);
    return async () => {};
  }
  const shared = (registry[SHARED] ??= { server: startTestPostgres(), users: 0 });
  shared.users += 1;
  project.provide('databaseUrl', (await shared.server).url);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete registry[SHARED];
    await (await shared.server).stop();
  };
}

function startTestPostgres(): Promise<EmbeddedPostgres> {
  return startEmbeddedPostgres({
    settings: {
      max_connections: MAX_CONNECTIONS,
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
    },
  });
}
