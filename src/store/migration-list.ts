/**
 * The replicator's own tables, as numbered migrations. Append new ones; never edit an applied
 * one. `object_type` is always the object's table name and `property` the HubSpot name.
 */
import { sql, type RawBuilder } from 'kysely';

export interface Migration {
  version: number;
  name: string;
  statements(schema: string): RawBuilder<unknown>[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'mirror tables',
    statements: (schema) => {
      const t = (name: string) => sql.id(schema, name);
      return [
        sql`create table ${t('_objects')} (
          object_type text primary key,
          api_name text not null,
          object_type_id text not null,
          created_property text not null,
          modified_property text not null,
          backfill_state text not null default 'pending'
            check (backfill_state in ('pending', 'running', 'complete')),
          backfill_started_at timestamptz,
          backfill_completed_at timestamptz,
          rows_backfilled bigint not null default 0,
          last_error text,
          last_error_at timestamptz,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        )`,
        sql`create table ${t('_columns')} (
          object_type text not null,
          property text not null,
          column_name text not null,
          hubspot_type text not null,
          field_type text not null,
          pg_type text not null,
          archived boolean not null default false,
          added_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          primary key (object_type, property)
        )`,
        sql`create table ${t('_rejects')} (
          object_type text not null,
          id bigint not null,
          property text not null,
          raw_value text not null,
          error text not null,
          seen_at timestamptz not null default now(),
          primary key (object_type, id, property)
        )`,
        sql`create table ${t('_deleted')} (
          object_type text not null,
          id bigint not null,
          deleted_at timestamptz not null,
          reason text not null check (reason in ('archived', 'merged', 'purged')),
          merged_into bigint,
          primary key (object_type, id)
        )`,
        sql`create table ${t('associations')} (
          from_type text not null,
          from_id bigint not null,
          to_type text not null,
          to_id bigint not null,
          type_id int not null,
          category text not null,
          label text,
          primary key (from_type, from_id, to_type, to_id, type_id)
        )`,
        sql`create index associations_to_idx on ${t('associations')} (to_type, to_id)`,
        sql`create table ${t('_cursors')} (
          object_type text not null,
          stage text not null,
          value jsonb not null,
          updated_at timestamptz not null default now(),
          primary key (object_type, stage)
        )`,
        sql`create table ${t('_schema_changes')} (
          id bigserial primary key,
          applied_at timestamptz not null default now(),
          object_type text not null,
          property text,
          change text not null,
          detail jsonb not null default '{}'
        )`,
        sql`create table ${t('_api_usage')} (
          day date primary key,
          requests bigint not null default 0,
          rate_limited bigint not null default 0,
          updated_at timestamptz not null default now()
        )`,
      ];
    },
  },
  {
    version: 2,
    name: 'stage runs',
    statements: (schema) => [
      // One row per (object, stage): the live stages' last cycle and running totals, for status.
      sql`create table ${sql.id(schema, '_stage_runs')} (
        object_type text not null,
        stage text not null,
        runs bigint not null default 0,
        errors bigint not null default 0,
        last_started_at timestamptz,
        last_finished_at timestamptz,
        last_result jsonb not null default '{}',
        totals jsonb not null default '{}',
        last_error text,
        last_error_at timestamptz,
        owner text,
        primary key (object_type, stage)
      )`,
    ],
  },
  {
    version: 3,
    name: 'object freshness',
    statements: (schema) => [
      // Written by the live poller when a walk completes: the start of that poll (never moves
      // back) and the interval the poller runs with. Null until the first completed poll.
      sql`alter table ${sql.id(schema, '_objects')}
        add column fresh_as_of timestamptz,
        add column poll_interval_ms integer`,
    ],
  },
];
