/**
 * What the `run` end-to-end files share: a database of their own, an in-process sandbox, an
 * admin connection to look into Postgres, the environment pointing the CLI at both, and one
 * teardown that first kills any CLI a failed test left running.
 */
import pg from 'pg';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { childTracker } from '../integration/daemon/helpers.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface RunWorld {
  db: TestDatabase;
  sandbox: Sandbox;
  admin: pg.Client;
  /** Started CLIs, killed at close if still running. */
  children: ReturnType<typeof childTracker>;
  /** The CLI's environment: this database and sandbox, pacing off, one schema and object set. */
  env(
    schema: string,
    objects: readonly string[],
    extra?: Record<string, string>,
  ): Record<string, string>;
  close(): Promise<void>;
}

export async function openRunWorld(
  options: Pick<SandboxOptions, 'seed' | 'portal' | 'knobs'> & { token: string },
): Promise<RunWorld> {
  const db = await createTestDatabase();
  const sandbox = await startSandbox({ port: 0, ...options });
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  const children = childTracker();
  return {
    db,
    sandbox,
    admin,
    children,
    env: (schema, objects, extra = {}) => ({
      DATABASE_URL: db.url,
      HUBSPOT_BASE_URL: sandbox.url,
      HUBSPOT_ACCESS_TOKEN: options.token,
      HUBSPOT_PACING: 'off',
      REPLICATOR_SCHEMA: schema,
      REPLICATOR_OBJECTS: objects.join(','),
      ...extra,
    }),
    async close() {
      await children.killAll();
      await admin.end();
      await sandbox.close();
      await db.drop();
    },
  };
}
