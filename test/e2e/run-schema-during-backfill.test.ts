/**
 * `replicator run` with real Professional pacing (search at 5/s) against a portal large enough
 * that the contacts backfill takes a while: a property added to the portal while the backfill
 * runs becomes a column before the backfill ends (the schema stage does not wait for backfills),
 * and once the backfill completes every stored contact holds the new property's value, with no
 * notification sent before the backfill's summary.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { openRunWorld, type RunWorld } from '../helpers/run-world.js';
import { waitFor } from '../integration/daemon/helpers.js';

const SCHEMA = 'drift';
const TOKEN = 'pat-e2e-schema-during-backfill';
const OBJECTS = ['contacts', 'companies'];

let world: RunWorld;
let listener: pg.Client;
const heard: Array<{ table: string; op: string }> = [];

beforeAll(async () => {
  world = await openRunWorld({
    seed: 83,
    token: TOKEN,
    portal: { counts: { contacts: 12_000, companies: 100 } },
    knobs: { limits: { enabled: true, tier: 'professional' } },
  });
  listener = new pg.Client({ connectionString: world.db.url });
  await listener.connect();
  listener.on('notification', ({ payload }) => {
    if (payload) heard.push(JSON.parse(payload) as { table: string; op: string });
  });
  await listener.query(`listen ${SCHEMA}_changes`);
});

afterAll(async () => {
  await listener?.end();
  await world?.close();
});

const one = async <T>(query: string): Promise<T | undefined> => {
  try {
    return (await world.admin.query<{ v: T }>(query)).rows[0]?.v;
  } catch {
    return undefined; // the schema is not there yet
  }
};

const backfillState = () =>
  one<string>(`select backfill_state as v from ${SCHEMA}._objects where object_type = 'contacts'`);

describe('schema drift while backfills run', () => {
  it('makes a new property a column before the backfill ends, and fills it for every row', async () => {
    const run = world.children.track(
      startCli(
        ['run'],
        world.env(SCHEMA, OBJECTS, { HUBSPOT_PACING: 'on', REPLICATOR_SCHEMA_INTERVAL: '1s' }),
      ),
    );
    await waitFor(
      'the contacts backfill to be under way',
      async () =>
        (await backfillState()) === 'running' &&
        Number(await one<string>(`select count(*)::text as v from ${SCHEMA}.contacts`)) > 0,
      60_000,
    );

    world.sandbox.control.createProperty('contacts', {
      name: 'loyalty_tier',
      type: 'string',
      fieldType: 'text',
    });
    const ids = world.sandbox.control.list('contacts', { limit: 50 }).results.map((r) => r.id);
    for (const id of ids)
      world.sandbox.control.update('contacts', id, { loyalty_tier: `tier ${id}` });

    await waitFor(
      'loyalty_tier to become a column',
      async () =>
        (await one<string>(`select column_name as v from ${SCHEMA}._columns
           where object_type = 'contacts' and property = 'loyalty_tier'`)) === 'loyalty_tier',
      30_000,
    );
    // The column came while the backfill was still walking: nothing waited for it.
    expect(await backfillState()).toBe('running');

    await waitFor(
      'the contacts backfill to complete',
      async () => (await backfillState()) === 'complete',
      120_000,
    );
    await waitFor(
      'every updated contact to hold its loyalty_tier',
      async () =>
        Number(
          await one<string>(`select count(*)::text as v from ${SCHEMA}.contacts
             where loyalty_tier = 'tier ' || id::text`),
        ) === ids.length,
      60_000,
    );

    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    // The backfill announced itself once per object, and no row of it one by one.
    const contactRows = heard.filter((h) => h.table === 'contacts' && h.op !== 'backfill_complete');
    const summaries = heard.filter((h) => h.table === 'contacts' && h.op === 'backfill_complete');
    expect(summaries).toHaveLength(1);
    expect(contactRows.length).toBeLessThanOrEqual(ids.length);
  });
});
