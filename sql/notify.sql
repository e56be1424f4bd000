-- Change notifications for one mirror schema (docs/POSTGRES.md, "Change notifications").
--
-- Every insert, update and delete of an object row sends, on channel `<schema>_changes`:
--   {"table": "contacts", "op": "insert" | "update" | "delete", "id": "123"}
-- The replicator suppresses these while it backfills by setting, for its own transaction only,
--   select set_config('replicator.suppress_notify', 'on', true);
-- and sends one summary per object when the backfill completes instead.
--
-- The replicator installs this itself (migrate) with :"schema" replaced by the quoted schema
-- name; by hand: psql -v schema=hubspot -f sql/notify.sql
-- The channel is derived from the table's schema, so the function body needs no substitution.

create or replace function :"schema".notify_change() returns trigger
language plpgsql as $$
begin
  if coalesce(current_setting('replicator.suppress_notify', true), '') = 'on' then
    return null;
  end if;
  perform pg_notify(
    tg_table_schema || '_changes',
    json_build_object(
      'table', tg_table_name,
      'op', lower(tg_op),
      'id', (case when tg_op = 'DELETE' then old.id else new.id end)::text
    )::text
  );
  return null;
end;
$$;

-- Each object table gets (the replicator does this when it creates the table):
--   create trigger notify_change after insert or update or delete on <schema>.<table>
--     for each row when (coalesce(current_setting('replicator.suppress_notify', true), '') <> 'on')
--     execute function <schema>.notify_change();
-- The WHEN clause spares a backfill one function call per row; the check inside the function
-- covers a trigger created without it.
