/**
 * A backfill killed with SIGKILL resumes where it was, without starting over, and ends exact;
 * an OAuth access token that expires mid-backfill is refreshed without losing anything.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { diffMirror } from '../helpers/mirror.js';

const CONTACTS = 12_000;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function countRows(schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from "${schema}".contacts`,
    );
    return Number(rows[0]!.n);
  } catch {
    return 0; // the table does not exist yet
  } finally {
    await client.end();
  }
}

describe('SIGKILL mid-backfill', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      seed: 31,
      portal: { counts: { contacts: CONTACTS }, bulkImportSize: 3_000 },
      // Real limits make the backfill slow enough to kill in the middle.
      knobs: { limits: { enabled: true, tier: 'professional' }, tieOrder: 'shuffled' },
    });
  });
  afterAll(() => sandbox?.close());

  it('resumes from its cursor without re-reading completed pages and ends exact', async () => {
    const env = {
      DATABASE_URL: db.url,
      HUBSPOT_BASE_URL: sandbox.url,
      HUBSPOT_ACCESS_TOKEN: sandbox.token,
      REPLICATOR_SCHEMA: 'killed',
      REPLICATOR_OBJECTS: 'contacts',
    };
    const first = startCli(['backfill'], env);
    let atKill = 0;
    for (let i = 0; i < 600 && atKill < CONTACTS / 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      atKill = await countRows('killed');
    }
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    atKill = await countRows('killed');
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(CONTACTS);

    sandbox.control.resetStats();
    const second = await runCli(['backfill'], env);
    expect(second.code, second.stderr).toBe(0);
    // Every committed page is behind the cursor: only what was left is searched again.
    const searches = sandbox.control.stats().byRoute['objects.search'] ?? 0;
    // Each of the backfill's slices may end on a short page.
    expect(searches).toBeLessThanOrEqual(Math.ceil((CONTACTS - atKill) / 199) + 6);
    expect(await diffMirror(db.url, 'killed', sandbox.control, ['contacts'])).toEqual([]);
  });
});

describe('OAuth', () => {
  let sandbox: Sandbox;
  const oauth = { clientId: 'client-e2e', clientSecret: 'secret-e2e', refreshToken: 'refresh-e2e' };
  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      seed: 37,
      oauth,
      portal: { counts: { contacts: 4_000, companies: 40 } },
      knobs: { oauthTokenTtlSec: 2, limits: { enabled: true, tier: 'oauth' } },
    });
  });
  afterAll(() => sandbox?.close());

  it('refreshes access tokens that expire mid-backfill, never printing them, and ends exact', async () => {
    sandbox.control.resetStats();
    const result = await runCli(['backfill'], {
      DATABASE_URL: db.url,
      HUBSPOT_BASE_URL: sandbox.url,
      HUBSPOT_REFRESH_TOKEN: oauth.refreshToken,
      HUBSPOT_CLIENT_ID: oauth.clientId,
      HUBSPOT_CLIENT_SECRET: oauth.clientSecret,
      REPLICATOR_SCHEMA: 'oauth',
      REPLICATOR_OBJECTS: 'contacts,companies',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr + result.stdout).not.toMatch(/refresh-e2e|secret-e2e/);
    const stats = sandbox.control.stats();
    expect(stats.byRoute['oauth.token']).toBeGreaterThanOrEqual(2);
    expect(await diffMirror(db.url, 'oauth', sandbox.control, ['companies', 'contacts'])).toEqual(
      [],
    );
  });
});
