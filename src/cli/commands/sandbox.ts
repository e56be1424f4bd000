import { randomBytes } from 'node:crypto';
import type { Argv, CommandModule } from 'yargs';
import { parseDuration } from '../../config/duration.js';
import type { Sandbox } from '../../sandbox/index.js';
import {
  buildPortalFromFlags,
  KnobsError,
  TIERS,
  type SandboxFlags,
} from '../../sandbox/options.js';
import type { Tier } from '../../sandbox/portal/types.js';
import { UsageError } from '../../config/index.js';
import { waitForSignal } from '../../daemon/signals.js';

export const DEFAULT_SANDBOX_PORT = 8787;

const COUNT_FLAGS = [
  'contacts',
  'companies',
  'deals',
  'tickets',
  'products',
  'line-items',
  'quotes',
  'calls',
  'emails',
  'meetings',
  'notes',
  'tasks',
] as const;

interface SandboxArgs {
  port: number;
  host: string;
  seed: number;
  token?: string;
  scale: number;
  count: string[];
  json: boolean;
  oauth: boolean;
  [flag: string]: unknown;
}

const FAULTS = {
  'fault-429': 'probability of an injected 429 (TEN_SECONDLY_ROLLING) per request',
  'fault-5xx': 'probability of a 500/502/503 per request',
  'fault-423': 'probability of a 423 Locked per request',
  'fault-slow': 'probability of a slow answer (see --slow-delay) per request',
  'fault-drop': 'probability of a dropped connection (no answer) per request',
  'fault-207': 'fraction of batch/association read inputs failed in a 207',
} as const;

function buildSandboxArgs(yargs: Argv): Argv<SandboxArgs> {
  let y = yargs
    .strict()
    // One line and exit code 2 for a bad flag: the CLI root prints a UsageError that way.
    .fail((message, error) => {
      throw error ?? new UsageError(message.replace(/\s*\n\s*/g, ' '));
    })
    .option('port', {
      type: 'number',
      default: DEFAULT_SANDBOX_PORT,
      describe: 'port to listen on (0 = any free port)',
    })
    .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on' })
    .option('seed', {
      type: 'number',
      default: 1,
      describe: 'generated data is deterministic from this seed',
    })
    .option('token', {
      type: 'string',
      describe: 'private-app token to accept (default: a generated pat-sandbox-…)',
    })
    .option('scale', {
      type: 'number',
      default: 1,
      describe: 'multiplies every default record count',
    })
    .option('count', {
      type: 'string',
      array: true,
      default: [],
      describe: 'records of any type, e.g. --count car=5000 (repeatable)',
    });
  for (const flag of COUNT_FLAGS) {
    y = y.option(flag, {
      type: 'number',
      describe: `number of ${flag.replace('-', ' ')} (overrides --scale)`,
    });
  }
  y = y
    .option('custom-objects', {
      type: 'number',
      describe: 'generated custom object types beside the default ones',
    })
    .option('custom-object-records', {
      type: 'number',
      describe: 'records per generated custom object type (default 100, times --scale)',
    })
    .option('extra-properties', {
      type: 'number',
      describe: 'extra generated properties per object type',
    })
    .option('bulk-import', {
      type: 'number',
      describe: 'records sharing one create and one modified millisecond',
    })
    .option('bad-values', {
      type: 'number',
      describe: 'fraction of values that do not match their property type',
    })
    .option('archived', {
      type: 'number',
      describe: 'fraction of records already archived at start',
    })
    .option('heavy-associations', {
      type: 'number',
      describe: 'contacts associated with the single heaviest company',
    })
    .option('tier', {
      type: 'string',
      choices: TIERS as string[],
      describe: 'rate-limit tier (with --limits)',
    })
    .option('limits', {
      type: 'boolean',
      describe: 'enforce the tier’s rate limits (--no-limits: never answer 429 for limits)',
    })
    .option('search-lag', {
      type: 'string',
      describe: 'search visibility lag: 5s, 500ms, or a range like 0-5s',
    })
    .option('tie-order', {
      type: 'string',
      choices: ['id', 'shuffled'],
      describe: 'order among equal sort keys in search',
    });
  for (const [flag, describe] of Object.entries(FAULTS))
    y = y.option(flag, { type: 'number', describe });
  return y
    .option('slow-delay', { type: 'string', describe: 'how long a slow answer waits (e.g. 2s)' })
    .option('retry-after', { type: 'boolean', describe: 'send Retry-After on 429s' })
    .option('oauth', {
      type: 'boolean',
      default: false,
      describe: 'OAuth mode: prints a client id, secret and refresh token',
    })
    .option('oauth-ttl', { type: 'string', describe: 'OAuth access-token lifetime (default 30m)' })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'print one JSON line (url, token, oauth) instead of text',
    })
    .example(
      '$0 sandbox --scale 10 --search-lag 0-5s',
      'ten times the default data, search up to 5 s behind',
    )
    .example(
      '$0 sandbox --port 0 --contacts 1000000 --extra-properties 50',
      'a million contacts with 50 extra properties',
    )
    .example(
      '$0 sandbox --custom-objects 22 --custom-object-records 200',
      'a portal shaped like a real one: 22 more custom objects of 200 records each',
    )
    .example(
      '$0 sandbox --limits --tier starter --fault-429 0.05 --fault-5xx 0.01',
      'real limits and some faults',
    ) as unknown as Argv<SandboxArgs>;
}

export function readSandboxFlags(args: SandboxArgs): SandboxFlags {
  const counts: Record<string, number | undefined> = {};
  for (const flag of COUNT_FLAGS) counts[flag.replace('-', '_')] = args[flag] as number | undefined;
  for (const entry of args.count) {
    const match = /^([A-Za-z0-9_]+)=(\d+)$/.exec(entry);
    if (!match) throw new UsageError(`--count: "${entry}" is not type=number (e.g. car=5000)`);
    counts[match[1] as string] = Number(match[2]);
  }
  const num = (flag: string) => args[flag] as number | undefined;
  const str = (flag: string) => args[flag] as string | undefined;
  return {
    seed: args.seed,
    scale: args.scale,
    counts,
    customObjects: num('custom-objects'),
    customObjectRecords: num('custom-object-records'),
    extraProperties: num('extra-properties'),
    bulkImport: num('bulk-import'),
    badValues: num('bad-values'),
    archived: num('archived'),
    heavyAssociations: num('heavy-associations'),
    tier: str('tier') as Tier | undefined,
    limits: args.limits as boolean | undefined,
    searchLag: str('search-lag'),
    tieOrder: str('tie-order') as 'id' | 'shuffled' | undefined,
    fault429: num('fault-429'),
    fault5xx: num('fault-5xx'),
    fault423: num('fault-423'),
    faultSlow: num('fault-slow'),
    slowDelay: str('slow-delay'),
    faultDrop: num('fault-drop'),
    fault207: num('fault-207'),
    retryAfter: args['retry-after'] as boolean | undefined,
    oauthTtl: str('oauth-ttl'),
  };
}

async function runSandbox(args: SandboxArgs): Promise<void> {
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65_535) {
    throw new UsageError(`--port: must be an integer from 0 to 65535, got ${args.port}`);
  }
  if (!Number.isInteger(args.seed))
    throw new UsageError(`--seed: must be an integer, got ${args.seed}`);
  // Loaded here, not at the top, so other commands and --help never load the portal.
  const { DEFAULT_COUNTS } = await import('../../sandbox/portal/options.js');
  let shaped;
  try {
    shaped = buildPortalFromFlags(readSandboxFlags(args), DEFAULT_COUNTS, parseDuration);
  } catch (error) {
    if (error instanceof KnobsError) throw new UsageError(error.message);
    throw error;
  }
  const { startSandbox } = await import('../../sandbox/index.js');
  const oauth = args.oauth
    ? {
        clientId: randomBytes(8).toString('hex'),
        clientSecret: randomBytes(16).toString('hex'),
        refreshToken: `sandbox-refresh-${randomBytes(16).toString('hex')}`,
      }
    : undefined;
  const started = performance.now();
  const sandbox = await startSandbox({
    port: args.port,
    host: args.host,
    seed: args.seed,
    token: args.token,
    oauth,
    portal: shaped.portal,
    knobs: shaped.knobs,
    onInternalError: (error) =>
      process.stderr.write(`sandbox: internal error: ${(error as Error).stack ?? String(error)}\n`),
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    args.json
      ? `${JSON.stringify(describeForMachines(sandbox))}\n`
      : describeForPeople(sandbox, args.seed, seconds),
  );
  await waitForSignal();
  await sandbox.close();
}

function describeForMachines(sandbox: Sandbox) {
  return {
    url: sandbox.url,
    token: sandbox.oauth ? undefined : sandbox.token,
    oauth: sandbox.oauth,
    portalId: sandbox.portalId,
  };
}

function describeForPeople(sandbox: Sandbox, seed: number, seconds: number): string {
  const { control } = sandbox;
  const types = control.objectTypes();
  // Generated custom objects come after `car`, the last default type; they are summed up.
  const carAt = types.findIndex((def) => def.name === 'car');
  const generated = carAt < 0 ? [] : types.slice(carAt + 1);
  const shown = carAt < 0 ? types : types.slice(0, carAt + 1);
  let counts = shown.map((def) => `${control.count(def.name)} ${def.name}`).join(', ');
  if (generated.length > 0) {
    const records = generated.reduce((sum, def) => sum + control.count(def.name), 0);
    const names = generated.map((def) => def.name);
    const listed = names.length > 5 ? `${names.slice(0, 5).join(', ')}, …` : names.join(', ');
    counts += `; ${generated.length} generated custom objects (${listed}), ${records} records`;
  }
  const { limits } = control.knobs;
  const lines = [
    `HubSpot sandbox listening on ${sandbox.url} (ready in ${seconds.toFixed(1)} s)`,
    `  portal ${sandbox.portalId}, seed ${seed}: ${counts}`,
    `  rate limits: ${limits.enabled ? `on, ${limits.tier} tier` : 'off'}; control API: ${sandbox.url}/_sandbox/health`,
  ];
  if (sandbox.oauth) {
    const { clientId, clientSecret, refreshToken } = sandbox.oauth;
    lines.push(
      `  OAuth mode: client id ${clientId}, client secret ${clientSecret}, refresh token ${refreshToken}`,
      'Point the replicator at it:',
      `  HUBSPOT_BASE_URL=${sandbox.url} HUBSPOT_CLIENT_ID=${clientId} HUBSPOT_CLIENT_SECRET=${clientSecret} HUBSPOT_REFRESH_TOKEN=${refreshToken} bin/replicator run`,
    );
  } else {
    lines.push(
      `  token: ${sandbox.token}`,
      'Point the replicator at it:',
      `  HUBSPOT_BASE_URL=${sandbox.url} HUBSPOT_ACCESS_TOKEN=${sandbox.token} bin/replicator run`,
    );
  }
  lines.push('Stop with Ctrl-C.');
  return `${lines.join('\n')}\n`;
}

export const sandboxCommand: CommandModule<object, SandboxArgs> = {
  command: 'sandbox',
  describe: 'serve a simulated HubSpot portal over HTTP; prints its base URL and token',
  builder: buildSandboxArgs,
  handler: runSandbox,
};
