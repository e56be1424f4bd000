import type { Options } from 'yargs';

// Every option is a string with no yargs default: the zod schema owns defaults and parsing, so
// the environment and the config file can still supply a value the flag did not.
function option(describe: string): Options {
  return { type: 'string', describe, requiresArg: true };
}

/** Flags every command that reads configuration spreads into its builder. */
export const configOptions = {
  config: option('JSON config file; may list several portals [env REPLICATOR_CONFIG]'),
  'database-url': option('Postgres connection string [env DATABASE_URL]'),
  token: option(
    'HubSpot private-app/service-key token or OAuth access token [env HUBSPOT_ACCESS_TOKEN]',
  ),
  'base-url': option('HubSpot API base URL (https://api.hubapi.com) [env HUBSPOT_BASE_URL]'),
  'api-version': option('2026-03, 2026-09 or legacy (2026-03) [env HUBSPOT_API_VERSION]'),
  tier: option(
    'account tier for rate limits: free, starter, professional, enterprise, addon, oauth (professional) [env HUBSPOT_TIER]',
  ),
  pacing: option(
    'on: pace requests to the tier and rate-limit headers; off: no pacing, for a sandbox without limits (on) [env HUBSPOT_PACING]',
  ),
  schema: option('Postgres schema of the mirror (hubspot) [env REPLICATOR_SCHEMA]'),
  objects: option(
    'comma-separated object types to mirror (all standard and custom) [env REPLICATOR_OBJECTS]',
  ),
  'poll-interval': option('live poller period (5s) [env REPLICATOR_POLL_INTERVAL]'),
  'straggler-lag': option(
    'how far behind now the straggler poller runs (10m) [env REPLICATOR_STRAGGLER_LAG]',
  ),
  'delete-interval': option('delete sweep period (1m) [env REPLICATOR_DELETE_INTERVAL]'),
  'association-interval': option(
    'association sweep period (5m) [env REPLICATOR_ASSOCIATION_INTERVAL]',
  ),
  'schema-interval': option('re-introspection period (5m) [env REPLICATOR_SCHEMA_INTERVAL]'),
  'request-timeout': option('per-request HubSpot timeout (30s) [env REPLICATOR_REQUEST_TIMEOUT]'),
  'budget-share': option(
    "fraction of the portal's daily API quota this process may use (0.5) [env REPLICATOR_BUDGET_SHARE]",
  ),
  'column-budget': option(
    'property columns per table before the rest go to _extra (1000, max 1590) [env REPLICATOR_COLUMN_BUDGET]',
  ),
  concurrency: option('object types loaded at once (3) [env REPLICATOR_CONCURRENCY]'),
  'log-level': option(
    'fatal, error, warn, info, debug, trace or silent (info) [env REPLICATOR_LOG_LEVEL]',
  ),
} as const satisfies Record<string, Options>;
