/**
 * Every setting, declared once. The zod schema (schema.ts), the yargs flags (options.ts), the
 * flag/env/file precedence (sources.ts), the resolved Config's flat fields (types.ts) and the
 * settings table of docs/CONFIGURATION.md (settings-doc.ts, `npm run docs:config`) are all derived
 * from this table; adding a setting means adding one entry here.
 */
import type { z } from 'zod';
import {
  API_VERSIONS,
  LOG_LEVELS,
  MAX_COLUMN_BUDGET,
  MAX_CONCURRENCY,
  TIERS,
  duration,
  httpUrl,
  listOf,
  nonEmpty,
  numberIn,
  objectList,
  oneOf,
  pgSchemaName,
  postgresUrl,
  secret,
} from './parsers.js';
import { MAX_SCHEMA_BYTES } from '../schema/identifiers.js';

export interface SettingDeclaration {
  /** The command-line flag, without `--`; absent for values that must not sit in shell history. */
  readonly flag?: string;
  /** The environment variable. */
  readonly env?: string;
  /** Reads the text of a flag or variable, or the JSON of a config file key, into the value. */
  readonly parse: z.ZodType;
  /** Written as a user would type it: it goes through `parse` like any given value. */
  readonly default?: string;
  /** What leaving it unset means, for a setting without a literal default (markdown). */
  readonly unset?: string;
  /** The `--help` line, before the default and the variable are appended. */
  readonly help: string;
  /** What it accepts, for the settings table of docs/CONFIGURATION.md (markdown). */
  readonly accepts: string;
  /** A portal entry of the config file may override it. */
  readonly perPortal?: true;
  /** Part of `config.hubspot`, shaped by resolve.ts, rather than a flat field of Config. */
  readonly hubspot?: true;
  /** Its name in Config when that differs from the setting's (file) key. */
  readonly field?: string;
}

/** The config file itself: located before any setting is read, so not a setting. */
export const CONFIG_FILE = {
  flag: 'config',
  env: 'REPLICATOR_CONFIG',
  help: 'JSON config file; may list several portals',
} as const;

/** Keyed by the config-file key; the order is the order of `--help` and of the docs table. */
export const SETTINGS = {
  databaseUrl: {
    flag: 'database-url',
    env: 'DATABASE_URL',
    parse: postgresUrl,
    unset: 'required, except by `demo`',
    help: 'Postgres connection string',
    accepts: '`postgres://` or `postgresql://` URL',
  },
  token: {
    flag: 'token',
    env: 'HUBSPOT_ACCESS_TOKEN',
    parse: secret,
    help: 'HubSpot private-app/service-key token or OAuth access token',
    accepts: 'private-app / service-key token, or an OAuth access token',
    perPortal: true,
    hubspot: true,
  },
  refreshToken: {
    env: 'HUBSPOT_REFRESH_TOKEN',
    parse: secret,
    help: 'OAuth refresh token',
    accepts: 'OAuth refresh token (switches auth to OAuth)',
    perPortal: true,
    hubspot: true,
  },
  clientId: {
    env: 'HUBSPOT_CLIENT_ID',
    parse: nonEmpty,
    help: 'OAuth client id',
    accepts: 'required with a refresh token',
    perPortal: true,
    hubspot: true,
  },
  clientSecret: {
    env: 'HUBSPOT_CLIENT_SECRET',
    parse: secret,
    help: 'OAuth client secret',
    accepts: 'required with a refresh token',
    perPortal: true,
    hubspot: true,
  },
  baseUrl: {
    flag: 'base-url',
    env: 'HUBSPOT_BASE_URL',
    parse: httpUrl,
    default: 'https://api.hubapi.com',
    help: 'HubSpot API base URL',
    accepts: 'http(s) URL, no query; a trailing `/` is dropped',
    perPortal: true,
    hubspot: true,
  },
  apiVersion: {
    flag: 'api-version',
    env: 'HUBSPOT_API_VERSION',
    parse: oneOf(API_VERSIONS, 'a supported API version'),
    default: '2026-03',
    help: listOf(API_VERSIONS),
    accepts: `${listOf(API_VERSIONS.map((v) => `\`${v}\``))} (\`/crm/v3\`, \`/crm/v4\` paths)`,
    perPortal: true,
    hubspot: true,
  },
  tier: {
    flag: 'tier',
    env: 'HUBSPOT_TIER',
    parse: oneOf(TIERS, 'a tier'),
    unset: 'professional; `oauth` with OAuth auth',
    help: `account tier for rate limits: ${TIERS.join(', ')}`,
    accepts: TIERS.map((t) => `\`${t}\``).join(', '),
    perPortal: true,
    hubspot: true,
  },
  pacing: {
    flag: 'pacing',
    env: 'HUBSPOT_PACING',
    parse: oneOf(['on', 'off'] as const, 'on or off'),
    default: 'on',
    help: 'on: pace requests to the tier and rate-limit headers; off: no pacing, for a sandbox without limits',
    accepts:
      '`on` paces to the tier and the rate-limit headers; `off` only for a sandbox with limits off',
    hubspot: true,
  },
  schema: {
    flag: 'schema',
    env: 'REPLICATOR_SCHEMA',
    parse: pgSchemaName,
    default: 'hubspot',
    help: 'Postgres schema of the mirror',
    accepts: `lowercase Postgres identifier, ≤ ${MAX_SCHEMA_BYTES} bytes (\`<schema>_changes\` must fit in 63), not \`pg_…\``,
    perPortal: true,
  },
  objects: {
    flag: 'objects',
    env: 'REPLICATOR_OBJECTS',
    parse: objectList,
    unset: 'all standard and custom objects',
    help: 'comma-separated object types to mirror',
    accepts:
      'comma list (file: array or comma string) of names or objectTypeIds (`contacts`, `car`, `2-123`); repeats are dropped',
    perPortal: true,
  },
  pollInterval: {
    flag: 'poll-interval',
    env: 'REPLICATOR_POLL_INTERVAL',
    parse: duration,
    default: '5s',
    help: 'live poller period',
    accepts: 'duration',
    field: 'pollIntervalMs',
  },
  stragglerLag: {
    flag: 'straggler-lag',
    env: 'REPLICATOR_STRAGGLER_LAG',
    parse: duration,
    default: '10m',
    help: 'how far behind now the straggler poller runs',
    accepts: 'duration',
    field: 'stragglerLagMs',
  },
  deleteInterval: {
    flag: 'delete-interval',
    env: 'REPLICATOR_DELETE_INTERVAL',
    parse: duration,
    default: '1m',
    help: 'delete sweep period',
    accepts: 'duration',
    field: 'deleteIntervalMs',
  },
  associationInterval: {
    flag: 'association-interval',
    env: 'REPLICATOR_ASSOCIATION_INTERVAL',
    parse: duration,
    default: '5m',
    help: 'association sweep period',
    accepts: 'duration',
    field: 'associationIntervalMs',
  },
  schemaInterval: {
    flag: 'schema-interval',
    env: 'REPLICATOR_SCHEMA_INTERVAL',
    parse: duration,
    default: '5m',
    help: 're-introspection period',
    accepts: 'duration',
    field: 'schemaIntervalMs',
  },
  requestTimeout: {
    flag: 'request-timeout',
    env: 'REPLICATOR_REQUEST_TIMEOUT',
    parse: duration,
    default: '30s',
    help: 'per-request HubSpot timeout',
    accepts: "duration: one HubSpot request's deadline",
    field: 'requestTimeoutMs',
    hubspot: true,
  },
  budgetShare: {
    flag: 'budget-share',
    env: 'REPLICATOR_BUDGET_SHARE',
    parse: numberIn(
      0,
      1,
      { integer: false, minExclusive: true },
      'must be a number greater than 0 and at most 1',
    ),
    default: '0.5',
    help: "fraction of the portal's daily API quota this process may use",
    accepts: "number, 0 < x ≤ 1: this process's share of the portal's daily quota",
    perPortal: true,
  },
  columnBudget: {
    flag: 'column-budget',
    env: 'REPLICATOR_COLUMN_BUDGET',
    parse: numberIn(
      1,
      MAX_COLUMN_BUDGET,
      { integer: true },
      `must be a whole number from 1 to ${MAX_COLUMN_BUDGET}`,
    ),
    default: '1000',
    help: `property columns per table before the rest go to _extra, at most ${MAX_COLUMN_BUDGET}`,
    accepts: `whole number 1–${MAX_COLUMN_BUDGET}: property columns per table before \`_extra jsonb\``,
  },
  concurrency: {
    flag: 'concurrency',
    env: 'REPLICATOR_CONCURRENCY',
    parse: numberIn(
      1,
      MAX_CONCURRENCY,
      { integer: true },
      `must be a whole number from 1 to ${MAX_CONCURRENCY}`,
    ),
    default: '3',
    help: 'object types loaded at once',
    accepts: `whole number 1–${MAX_CONCURRENCY}: object types loaded at once`,
  },
  logLevel: {
    flag: 'log-level',
    env: 'REPLICATOR_LOG_LEVEL',
    parse: oneOf(LOG_LEVELS, 'a log level'),
    default: 'info',
    help: listOf(LOG_LEVELS),
    accepts: LOG_LEVELS.map((l) => `\`${l}\``).join(', '),
  },
} as const satisfies Record<string, SettingDeclaration>;

export type Declarations = typeof SETTINGS;
export type SettingKey = keyof Declarations;

/** The table's entries, in order, typed by their key. */
export const SETTING_ENTRIES = Object.entries(SETTINGS) as Array<[SettingKey, SettingDeclaration]>;
