import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deleteRecords } from '../../../src/store/deletes.js';
import { notifyBackfillComplete } from '../../../src/store/notify.js';
import { upsertRecords } from '../../../src/store/records.js';
import {
  applyObjects,
  contactsObject,
  listen,
  openFixture,
  prop,
  record,
  type Fixture,
} from './fixture.js';
import type { Listener } from '../../helpers/listen.js';

let fx: Fixture;
let listener: Listener;
beforeAll(async () => {
  fx = await openFixture('portal_a');
  await applyObjects(fx.store, [contactsObject([prop('email'), prop('age', 'number', 'number')])]);
  listener = await listen(fx.database.url, 'portal_a_changes');
});
afterAll(async () => {
  await listener.close();
  await fx.close();
});
beforeEach(async () => {
  await sql`truncate portal_a.contacts`.execute(fx.store.db);
  await listener.take();
});

const T1 = '2024-03-01T10:00:00Z';
const T2 = '2024-03-02T10:00:00Z';

describe('change notifications', () => {
  it('sends one notification per inserted or updated row when notify is on', async () => {
    await upsertRecords(
      fx.store,
      'contacts',
      [record('1', T1, { email: 'a' }), record('2', T1, { email: 'b' })],
      {
        notify: true,
      },
    );
    expect(sortById(await listener.take())).toEqual([
      { table: 'contacts', op: 'insert', id: '1' },
      { table: 'contacts', op: 'insert', id: '2' },
    ]);
    await upsertRecords(
      fx.store,
      'contacts',
      [
        record('1', T2, { email: 'a2' }),
        record('2', T1, { email: 'b' }),
        record('3', T2, { email: 'c' }),
      ],
      { notify: true },
    );
    expect(sortById(await listener.take())).toEqual([
      { table: 'contacts', op: 'update', id: '1' },
      { table: 'contacts', op: 'insert', id: '3' },
    ]);
  });

  it('sends nothing for unchanged or stale rows', async () => {
    await upsertRecords(fx.store, 'contacts', [record('1', T2, { email: 'a' })], { notify: true });
    await listener.take();
    await upsertRecords(fx.store, 'contacts', [record('1', T2, { email: 'a' })], { notify: true });
    await upsertRecords(fx.store, 'contacts', [record('1', T1, { email: 'old' })], {
      notify: true,
    });
    expect(await listener.take()).toEqual([]);
  });

  it('sends nothing while suppressed (backfill), then one summary', async () => {
    const page = Array.from({ length: 50 }, (_, i) =>
      record(String(i + 1), T1, { email: `e${i}` }),
    );
    const summary = await upsertRecords(fx.store, 'contacts', page, { notify: false });
    expect(summary.inserted).toBe(50);
    expect(await listener.take()).toEqual([]);
    await notifyBackfillComplete(fx.store, 'contacts', 50);
    expect(await listener.take()).toEqual([
      { table: 'contacts', op: 'backfill_complete', rows: 50 },
    ]);
    // The suppression was local to that transaction: the next write notifies again.
    await upsertRecords(fx.store, 'contacts', [record('1', T2, { email: 'changed' })], {
      notify: true,
    });
    expect(await listener.take()).toEqual([{ table: 'contacts', op: 'update', id: '1' }]);
  });

  it('notifies deletes', async () => {
    await upsertRecords(fx.store, 'contacts', [record('7', T1, { email: 'a' })], { notify: false });
    await deleteRecords(fx.store, 'contacts', [{ id: '7', reason: 'archived', deletedAt: T2 }]);
    expect(await listener.take()).toEqual([{ table: 'contacts', op: 'delete', id: '7' }]);
  });

  it('fires for writes by anyone, not only the replicator', async () => {
    await sql`insert into portal_a.contacts (id, email) values (99, 'by hand')`.execute(
      fx.store.db,
    );
    expect(await listener.take()).toEqual([{ table: 'contacts', op: 'insert', id: '99' }]);
  });
});

function sortById(list: Array<Record<string, unknown>>) {
  return [...list].sort((a, b) => Number(a.id) - Number(b.id));
}
