/**
 * The per-table change trigger, as DDL text shared by the store (which runs it) and
 * `introspect --plan` (which prints it). Its WHEN clause keeps the rows a backfill writes from
 * even entering the plpgsql function: a trigger function call per row was a third of the
 * upsert statement's time, and the condition is evaluated without it.
 */
export const SUPPRESS_SETTING = 'replicator.suppress_notify';

const NOTIFY_TRIGGER_WHEN = `coalesce(current_setting('${SUPPRESS_SETTING}', true), '') <> 'on'`;

/** `schema` and `table` already quoted. */
export const notifyTriggerDdl = (schema: string, table: string): string =>
  `create trigger notify_change after insert or update or delete on ${schema}.${table} ` +
  `for each row when (${NOTIFY_TRIGGER_WHEN}) execute function ${schema}.notify_change()`;
