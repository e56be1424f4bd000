/**
 * `replicator run` against a portal whose search lags up to 5 s and returns ties in any order:
 * creates, updates, archives, a restore, a merge, purges and association changes (labels too)
 * made through the sandbox's control API all reach Postgres, which ends equal to the ground
 * truth. Every row change after the backfill is notified exactly once (an audit trigger counts
 * the row changes), and the backfill sends nothing but its summaries.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import type { TestDatabase } from '../helpers/database.js';
import { diffMirror } from '../helpers/mirror.js';
import { openRunWorld, type RunWorld } from '../helpers/run-world.js';
import { waitFor } from '../integration/daemon/helpers.js';

const OBJECTS = ['companies', 'contacts', 'deals', 'quotes'];
const SCHEMA = 'live';
const TOKEN = 'pat-e2e-run-converge';

interface Change {
  table: string;
  op: string;
  id?: string;
  rows?: number;
}

let world: RunWorld;
let db: TestDatabase;
let sandbox: Sandbox;
let admin: pg.Client;
let listener: pg.Client;
const heard: Change[] = [];

const settings = {
  REPLICATOR_POLL_INTERVAL: '1s',
  REPLICATOR_STRAGGLER_LAG: '8s',
  REPLICATOR_DELETE_INTERVAL: '2s',
  REPLICATOR_ASSOCIATION_INTERVAL: '3s',
};

/** Every row change of the mirror's object tables, and whether notifications were off for it. */
async function installAudit(): Promise<void> {
  await admin.query(`create table public.audit (
    seq bigserial primary key, tbl text not null, op text not null, id text not null,
    suppressed boolean not null)`);
  await admin.query(`create function public.audit_change() returns trigger language plpgsql as $$
    begin
      insert into public.audit (tbl, op, id, suppressed) values (tg_table_name, lower(tg_op),
        (case when tg_op = 'DELETE' then old.id else new.id end)::text,
        coalesce(current_setting('replicator.suppress_notify', true), '') = 'on');
      return null;
    end $$`);
  for (const table of OBJECTS) {
    await admin.query(`create trigger audit_change after insert or update or delete
      on ${SCHEMA}.${table} for each row execute function public.audit_change()`);
  }
}

const key = (c: { table: string; op: string; id?: string }) => `${c.table} ${c.op} ${c.id}`;
const rowChanges = () => heard.filter((c) => c.op !== 'backfill_complete');
const notified = (table: string, op: string, id: string) =>
  rowChanges().some((c) => c.table === table && c.op === op && c.id === id);

function tally(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

beforeAll(async () => {
  world = await openRunWorld({
    seed: 61,
    token: TOKEN,
    portal: { counts: { contacts: 200, companies: 40, deals: 60, quotes: 15 } },
    knobs: { searchLagMs: { min: 0, max: 5_000 }, tieOrder: 'shuffled' },
  });
  ({ db, sandbox, admin } = world);
  listener = new pg.Client({ connectionString: db.url });
  await listener.connect();
  listener.on('notification', (n) => heard.push(JSON.parse(n.payload ?? '{}') as Change));
  await listener.query(`listen ${SCHEMA}_changes`);
});

afterAll(async () => {
  await listener?.end();
  await world?.close();
});

describe('run converges through every kind of change', () => {
  it('ends equal to the portal, with each row change notified exactly once', async () => {
    const connection = world.env(SCHEMA, OBJECTS, settings);
    // The tables first, so the audit sees the backfill's writes too.
    const introspected = await runCli(['introspect'], connection);
    expect(introspected.code, introspected.stderr).toBe(0);
    await installAudit();

    const run = world.children.track(startCli(['run'], connection));
    await waitFor(
      'every backfill summary',
      () => heard.filter((c) => c.op === 'backfill_complete').length === OBJECTS.length,
      60_000,
    );

    const { control } = sandbox;
    const ids = (type: string, n: number) =>
      control.list(type, { limit: n }).results.map((r) => r.id);
    const contacts = ids('contacts', 30);
    const [companyA, companyB] = ids('companies', 2) as [string, string];
    const deals = ids('deals', 3);
    const quotes = ids('quotes', 2);

    // Creates, three of them sharing one create timestamp.
    const tie = Date.now() - 1_000;
    const created = [0, 1, 2].map(
      (i) =>
        control.create(
          'contacts',
          { firstname: `Tie${i}`, lastname: 'Converge' },
          { createdAt: tie },
        ).id,
    );
    created.push(control.create('contacts', { firstname: 'Solo', email: 'solo@example.com' }).id);
    const newCompany = control.create('companies', {
      name: 'Converge Inc',
      domain: 'converge.example',
    }).id;
    // Updates.
    for (const [i, id] of contacts.slice(0, 4).entries())
      control.update('contacts', id, { jobtitle: `Title ${i}` });
    for (const id of deals.slice(0, 2)) control.update('deals', id, { amount: '1234.5' });
    // Archives, one of them to be restored.
    const [archivedA, archivedB, restored] = contacts.slice(4, 7) as [string, string, string];
    for (const id of [archivedA, archivedB, restored]) control.archive('contacts', id);
    control.archive('companies', companyB);
    // A merge: the survivor lists the merged-away id in hs_merged_object_ids.
    const [survivor, mergedAway] = contacts.slice(7, 9) as [string, string];
    control.merge('contacts', survivor, mergedAway);
    // A purge (GDPR delete): gone from every list, archived or not.
    control.purge('quotes', quotes[0]!);
    // Association changes, labels too.
    control.associate('contacts', created[0]!, 'companies', newCompany, {
      typeId: 1001,
      label: 'Decision maker',
    });
    control.associate('deals', deals[2]!, 'contacts', contacts[0]!, {
      typeId: 1003,
      label: 'Champion',
    });
    const existing = [...control.truthAssociations('companies', 'contacts')].find(
      (a) => a.fromId === companyA && a.toId !== restored,
    );
    if (existing) control.dissociate('companies', companyA, 'contacts', existing.toId);

    // The restore comes once the mirror has deleted the record (tombstoned `archived` by either
    // sweep), so the test covers the restore path rather than a record never seen gone.
    await waitFor(
      'the archive to reach the mirror',
      async () =>
        notified('contacts', 'delete', restored) &&
        (
          await admin.query(
            `select 1 from ${SCHEMA}._deleted where id = $1 and reason = 'archived'`,
            [restored],
          )
        ).rows.length === 1,
      60_000,
    );
    control.restore('contacts', restored);
    control.update('contacts', created[3]!, { jobtitle: 'Updated after create' });
    control.purge('quotes', quotes[1]!);

    await waitFor(
      'Postgres to equal the portal',
      async () => (await diffMirror(db.url, SCHEMA, control, OBJECTS)).length === 0,
      90_000,
    ).catch(async (error: Error) => {
      const diffs = await diffMirror(db.url, SCHEMA, control, OBJECTS);
      const missing = diffs.flatMap((d) => (d.id ? [d.id] : []));
      const { rows } = await admin.query(
        `select object_type, id::text, reason, deleted_at, merged_into from ${SCHEMA}._deleted where id::text = any($1)`,
        [missing],
      );
      throw new Error(
        `${error.message}: ${JSON.stringify(diffs)}; tombstones ${JSON.stringify(rows)}`,
      );
    });
    // Quiet for a few cycles: nothing more to write, nothing more to say.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(await diffMirror(db.url, SCHEMA, control, OBJECTS)).toEqual([]);

    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);

    // The backfill sent one summary per object and no row notification before it.
    for (const table of OBJECTS) {
      const summary = heard.findIndex((c) => c.op === 'backfill_complete' && c.table === table);
      expect(heard.slice(0, summary).filter((c) => c.table === table)).toEqual([]);
    }
    const { rows: audit } = await admin.query<{
      tbl: string;
      op: string;
      id: string;
      suppressed: boolean;
    }>('select tbl, op, id, suppressed from public.audit order by seq');
    // Only the backfill's own inserts were kept off the channel.
    const quiet = audit.filter((a) => a.suppressed);
    expect(new Set(quiet.map((a) => a.op))).toEqual(new Set(['insert']));
    const { rows: backfilled } = await admin.query<{
      object_type: string;
      rows_backfilled: string;
    }>(`select object_type, rows_backfilled from ${SCHEMA}._objects`);
    for (const { object_type, rows_backfilled } of backfilled) {
      expect(quiet.filter((a) => a.tbl === object_type).length).toBe(Number(rows_backfilled));
    }
    // Exactly one notification per row change after it.
    const changes = audit
      .filter((a) => !a.suppressed)
      .map((a) => key({ table: a.tbl, op: a.op, id: a.id }));
    expect(tally(rowChanges().map(key))).toEqual(tally(changes));

    // And each change made above shows up as the row change it is.
    for (const id of created) expect(notified('contacts', 'insert', id)).toBe(true);
    expect(notified('companies', 'insert', newCompany)).toBe(true);
    for (const id of contacts.slice(0, 4)) expect(notified('contacts', 'update', id)).toBe(true);
    for (const id of deals.slice(0, 2)) expect(notified('deals', 'update', id)).toBe(true);
    for (const id of [archivedA, archivedB, mergedAway])
      expect(notified('contacts', 'delete', id)).toBe(true);
    expect(notified('companies', 'delete', companyB)).toBe(true);
    for (const id of quotes) expect(notified('quotes', 'delete', id)).toBe(true);
    const restoredChanges = rowChanges().filter((c) => c.table === 'contacts' && c.id === restored);
    expect(restoredChanges.map((c) => c.op).slice(-2)).toEqual(['delete', 'insert']);

    const { rows: tombstones } = await admin.query<{
      id: string;
      reason: string;
      merged_into: string | null;
    }>(`select id::text, reason, merged_into::text from ${SCHEMA}._deleted`);
    const tombstone = (id: string) => tombstones.find((t) => t.id === id);
    expect(tombstone(mergedAway)).toMatchObject({ reason: 'merged', merged_into: survivor });
    expect(tombstone(archivedA)).toMatchObject({ reason: 'archived' });
    expect(tombstone(quotes[0]!)?.reason).toBe('purged');
    expect(tombstone(restored)).toBeUndefined();
  });
});
