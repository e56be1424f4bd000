/**
 * Change notifications: the trigger function from sql/notify.sql, the per-table trigger, the
 * transaction-local switch that keeps a backfill off the channel, and its one summary.
 */
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { assertSchemaName, assertTableName, quoteIdentifier } from '../schema/identifiers.js';
import { notifyTriggerDdl, SUPPRESS_SETTING } from './notify-trigger.js';
import type { StoreContext } from './connection.js';

const NOTIFY_SQL = new URL('../../sql/notify.sql', import.meta.url);
export { SUPPRESS_SETTING };

export const channelFor = (schema: string): string => `${assertSchemaName(schema)}_changes`;

let notifySql: Promise<string> | undefined;

/** sql/notify.sql with its only placeholder, `:"schema"`, replaced by the approved name. */
export async function renderNotifySql(schema: string): Promise<string> {
  notifySql ??= readFile(NOTIFY_SQL, 'utf8');
  const text = await notifySql;
  return text.replaceAll(':"schema"', `"${assertSchemaName(schema)}"`);
}

export async function installNotifyFunction(tx: StoreContext): Promise<void> {
  await sql.raw(await renderNotifySql(tx.schema)).execute(tx.db);
}

export async function installNotifyTrigger(tx: StoreContext, table: string): Promise<void> {
  const target = sql.id(tx.schema, assertTableName(table));
  await sql`drop trigger if exists notify_change on ${target}`.execute(tx.db);
  await sql
    .raw(notifyTriggerDdl(quoteIdentifier(tx.schema), quoteIdentifier(table)))
    .execute(tx.db);
}

/** Re-creates the triggers made by an earlier version, without the WHEN clause. */
export async function upgradeNotifyTriggers(tx: StoreContext): Promise<void> {
  const { rows } = await sql<{ table: string }>`
    select c.relname as table from pg_trigger t
    join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${tx.schema} and t.tgname = 'notify_change' and t.tgqual is null`.execute(
    tx.db,
  );
  for (const { table } of rows) await installNotifyTrigger(tx, table);
}

/**
 * The one switch for row notifications, until the current transaction ends: a select-list item,
 * so a caller can fold it into a statement it sends anyway.
 */
export const notificationsSwitch = (notify: boolean) =>
  sql`set_config(${SUPPRESS_SETTING}, ${notify ? 'off' : 'on'}, true)`;

export async function setNotifications(tx: StoreContext, notify: boolean): Promise<void> {
  await sql`select ${notificationsSwitch(notify)}`.execute(tx.db);
}

/** The one notification a finished backfill sends instead of one per row. */
export async function notifyBackfillComplete(
  store: StoreContext,
  objectType: string,
  rows: number,
): Promise<void> {
  const payload = JSON.stringify({ table: objectType, op: 'backfill_complete', rows });
  await sql`select pg_notify(${channelFor(store.schema)}, ${payload})`.execute(store.db);
}
