import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, formatCliError } from '../../../src/cli/errors.js';
import { ConfigError, isConfigError } from '../../../src/config/errors.js';
import { resolveConfig, selectPortal } from '../../../src/config/resolve.js';
import type { SettingKey } from '../../../src/config/schema.js';
import { SETTING_SOURCES } from '../../../src/config/sources.js';
import type { Config } from '../../../src/config/types.js';

const dir = mkdtempSync(join(tmpdir(), 'replicator-config-'));
let fileCount = 0;
function writeConfig(content: unknown): string {
  const path = join(dir, `replicator.config.${fileCount++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function failure(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (isConfigError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function reveal(value: unknown): unknown {
  return value && typeof value === 'object' && 'reveal' in value
    ? (value as { reveal(): string }).reveal()
    : value;
}

interface Case {
  /** file, env and flag values, each different */
  values: [unknown, string, string];
  expected: [unknown, unknown, unknown];
  read: (config: Config) => unknown;
}

const oauthBase = {
  HUBSPOT_REFRESH_TOKEN: 'r',
  HUBSPOT_CLIENT_ID: 'c',
  HUBSPOT_CLIENT_SECRET: 's',
};
function oauthField(config: Config, field: 'refreshToken' | 'clientId' | 'clientSecret'): unknown {
  const auth = config.hubspot.auth;
  return auth.kind === 'oauth' ? reveal(auth[field]) : undefined;
}

const CASES: Record<SettingKey, Case> = {
  databaseUrl: {
    values: ['postgres://file/db', 'postgres://env/db', 'postgresql://flag/db'],
    expected: ['postgres://file/db', 'postgres://env/db', 'postgresql://flag/db'],
    read: (c) => c.databaseUrl,
  },
  token: {
    values: ['tok-file', 'tok-env', 'tok-flag'],
    expected: ['tok-file', 'tok-env', 'tok-flag'],
    read: (c) => (c.hubspot.auth.kind === 'static' ? c.hubspot.auth.token.reveal() : undefined),
  },
  refreshToken: {
    values: ['r-file', 'r-env', 'unused'],
    expected: ['r-file', 'r-env', 'r-env'],
    read: (c) => oauthField(c, 'refreshToken'),
  },
  clientId: {
    values: ['id-file', 'id-env', 'unused'],
    expected: ['id-file', 'id-env', 'id-env'],
    read: (c) => oauthField(c, 'clientId'),
  },
  clientSecret: {
    values: ['cs-file', 'cs-env', 'unused'],
    expected: ['cs-file', 'cs-env', 'cs-env'],
    read: (c) => oauthField(c, 'clientSecret'),
  },
  baseUrl: {
    values: ['http://file:1', 'http://env:2/', 'https://flag:3'],
    expected: ['http://file:1', 'http://env:2', 'https://flag:3'],
    read: (c) => c.hubspot.baseUrl,
  },
  apiVersion: {
    values: ['legacy', '2026-09', '2026-03'],
    expected: ['legacy', '2026-09', '2026-03'],
    read: (c) => c.hubspot.apiVersion,
  },
  tier: {
    values: ['starter', 'enterprise', 'addon'],
    expected: ['starter', 'enterprise', 'addon'],
    read: (c) => c.hubspot.tier,
  },
  pacing: {
    values: ['off', 'on', 'off'],
    expected: [false, true, false],
    read: (c) => c.hubspot.pacing,
  },
  schema: {
    values: ['from_file', 'from_env', 'from_flag'],
    expected: ['from_file', 'from_env', 'from_flag'],
    read: (c) => c.schema,
  },
  objects: {
    values: [['contacts', 'car'], 'deals, 2-123', 'tickets,tickets'],
    expected: [['contacts', 'car'], ['deals', '2-123'], ['tickets']],
    read: (c) => c.objects,
  },
  pollInterval: {
    values: [1500, '2s', '1m30s'],
    expected: [1500, 2000, 90_000],
    read: (c) => c.pollIntervalMs,
  },
  stragglerLag: {
    values: ['1m', '2m', '3m'],
    expected: [60_000, 120_000, 180_000],
    read: (c) => c.stragglerLagMs,
  },
  deleteInterval: {
    values: ['1s', '2s', '3s'],
    expected: [1000, 2000, 3000],
    read: (c) => c.deleteIntervalMs,
  },
  associationInterval: {
    values: ['1h', '2h', '500ms'],
    expected: [3_600_000, 7_200_000, 500],
    read: (c) => c.associationIntervalMs,
  },
  schemaInterval: {
    values: ['4m', '5m', '6m'],
    expected: [240_000, 300_000, 360_000],
    read: (c) => c.schemaIntervalMs,
  },
  requestTimeout: {
    values: ['7s', '8s', '9s'],
    expected: [7000, 8000, 9000],
    read: (c) => c.hubspot.requestTimeoutMs,
  },
  budgetShare: {
    values: [0.25, '0.75', '1'],
    expected: [0.25, 0.75, 1],
    read: (c) => c.budgetShare,
  },
  columnBudget: {
    values: [100, '200', '1590'],
    expected: [100, 200, 1590],
    read: (c) => c.columnBudget,
  },
  concurrency: { values: [1, '2', '8'], expected: [1, 2, 8], read: (c) => c.concurrency },
  logLevel: {
    values: ['debug', 'warn', 'silent'],
    expected: ['debug', 'warn', 'silent'],
    read: (c) => c.logLevel,
  },
};

describe('resolveConfig precedence: defaults < file < env < flags', () => {
  it('has a case for every setting', () => {
    expect(Object.keys(CASES).sort()).toEqual(SETTING_SOURCES.map((s) => s.key).sort());
  });

  for (const { key, flag, env } of SETTING_SOURCES) {
    it(`resolves ${key} from the file, ${env ?? 'no env'} and ${flag ? `--${flag}` : 'no flag'}`, () => {
      const { values, expected, read } = CASES[key];
      const baseEnv: Record<string, string> = ['refreshToken', 'clientId', 'clientSecret'].includes(
        key,
      )
        ? oauthBase
        : {};
      const envWithout = Object.fromEntries(
        Object.entries(baseEnv).filter(([name]) => name !== env),
      );
      const config = writeConfig({ [key]: values[0] });
      expect(read(resolveConfig({ argv: { config }, env: envWithout }))).toEqual(expected[0]);
      expect(
        read(resolveConfig({ argv: { config }, env: { ...baseEnv, [env!]: values[1] } })),
      ).toEqual(expected[1]);
      if (flag) {
        const argv = { config, [flag]: values[2] };
        expect(read(resolveConfig({ argv, env: { ...baseEnv, [env!]: values[1] } }))).toEqual(
          expected[2],
        );
      }
    });
  }

  it('takes camelCase keys as yargs also provides them', () => {
    expect(resolveConfig({ argv: { pollInterval: '9s' }, env: {} }).pollIntervalMs).toBe(9000);
  });

  it('applies the documented defaults', () => {
    const config = resolveConfig({ argv: {}, env: {} });
    expect(config).toEqual({
      schema: 'hubspot',
      hubspot: {
        baseUrl: 'https://api.hubapi.com',
        apiVersion: '2026-03',
        auth: { kind: 'none' },
        tier: 'professional',
        requestTimeoutMs: 30_000,
        pacing: true,
      },
      pollIntervalMs: 5_000,
      stragglerLagMs: 600_000,
      deleteIntervalMs: 60_000,
      associationIntervalMs: 300_000,
      schemaIntervalMs: 300_000,
      budgetShare: 0.5,
      columnBudget: 1000,
      concurrency: 3,
      logLevel: 'info',
    });
  });

  it('treats an empty environment variable as unset', () => {
    expect(resolveConfig({ argv: {}, env: { REPLICATOR_SCHEMA: '' } }).schema).toBe('hubspot');
  });

  it('finds the config file through REPLICATOR_CONFIG too', () => {
    const path = writeConfig({ schema: 'via_env' });
    expect(resolveConfig({ argv: {}, env: { REPLICATOR_CONFIG: path } }).schema).toBe('via_env');
  });
});

describe('resolveConfig auth', () => {
  it('builds OAuth auth from a refresh token, keeping a given access token', () => {
    const config = resolveConfig({
      argv: { token: 'access' },
      env: oauthBase,
      requireHubSpot: true,
    });
    const auth = config.hubspot.auth;
    expect(auth.kind).toBe('oauth');
    if (auth.kind !== 'oauth') return;
    expect(auth.accessToken?.reveal()).toBe('access');
    expect(auth.clientId).toBe('c');
  });

  it('requires the client id and secret with a refresh token', () => {
    expect(
      failure(() => resolveConfig({ argv: {}, env: { HUBSPOT_REFRESH_TOKEN: 'r' } })).message,
    ).toBe('HUBSPOT_CLIENT_ID is required with HUBSPOT_REFRESH_TOKEN');
    expect(
      failure(() =>
        resolveConfig({ argv: {}, env: { HUBSPOT_REFRESH_TOKEN: 'r', HUBSPOT_CLIENT_ID: 'c' } }),
      ).message,
    ).toBe('HUBSPOT_CLIENT_SECRET is required with HUBSPOT_REFRESH_TOKEN');
  });

  it('requires a database URL and a token only when asked', () => {
    expect(() => resolveConfig({ argv: {}, env: {} })).not.toThrow();
    expect(failure(() => resolveConfig({ argv: {}, env: {}, requireDatabase: true })).message).toBe(
      'DATABASE_URL (or --database-url) is required',
    );
    expect(failure(() => resolveConfig({ argv: {}, env: {}, requireHubSpot: true })).message).toBe(
      'HUBSPOT_ACCESS_TOKEN (or --token) is required (or HUBSPOT_REFRESH_TOKEN with HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET)',
    );
  });
});

describe('resolveConfig errors', () => {
  it.each([
    [
      { 'poll-interval': '5x' },
      {},
      '--poll-interval: "5x" is not a duration (use 500ms, 30s, 5m, 1h)',
    ],
    [
      {},
      { REPLICATOR_STRAGGLER_LAG: '10' },
      'REPLICATOR_STRAGGLER_LAG: "10" is not a duration (use 500ms, 30s, 5m, 1h)',
    ],
    [
      { 'delete-interval': '0s' },
      {},
      '--delete-interval: "0s" must be a positive duration (use 500ms, 30s, 5m, 1h)',
    ],
    [
      { 'association-interval': 'soon' },
      {},
      '--association-interval: "soon" is not a duration (use 500ms, 30s, 5m, 1h)',
    ],
    [
      { 'schema-interval': '1d' },
      {},
      '--schema-interval: "1d" is not a duration (use 500ms, 30s, 5m, 1h)',
    ],
    [
      { 'request-timeout': '-1s' },
      {},
      '--request-timeout: "-1s" is not a duration (use 500ms, 30s, 5m, 1h)',
    ],
    [
      { 'budget-share': '1.5' },
      {},
      '--budget-share: "1.5" must be a number greater than 0 and at most 1',
    ],
    [
      { 'budget-share': '0' },
      {},
      '--budget-share: "0" must be a number greater than 0 and at most 1',
    ],
    [
      {},
      { REPLICATOR_BUDGET_SHARE: 'half' },
      'REPLICATOR_BUDGET_SHARE: "half" must be a number greater than 0 and at most 1',
    ],
    [
      { 'column-budget': '1600' },
      {},
      '--column-budget: "1600" must be a whole number from 1 to 1590',
    ],
    [
      { 'column-budget': '10.5' },
      {},
      '--column-budget: "10.5" must be a whole number from 1 to 1590',
    ],
    [{ concurrency: '0' }, {}, '--concurrency: "0" must be a whole number from 1 to 64'],
    [
      { 'api-version': '2025-01' },
      {},
      '--api-version: "2025-01" is not a supported API version (use 2026-03, 2026-09 or legacy)',
    ],
    [
      { tier: 'gold' },
      {},
      '--tier: "gold" is not a tier (use free, starter, professional, enterprise, addon or oauth)',
    ],
    [
      { 'log-level': 'loud' },
      {},
      '--log-level: "loud" is not a log level (use fatal, error, warn, info, debug, trace or silent)',
    ],
    [
      { 'base-url': 'ftp://example.com' },
      {},
      '--base-url: "ftp://example.com" is not an http(s) URL',
    ],
    [{}, { HUBSPOT_BASE_URL: 'not a url' }, 'HUBSPOT_BASE_URL: "not a url" is not an http(s) URL'],
    [
      { 'database-url': 'mysql://root:hunter2@db/x' },
      {},
      '--database-url: must be a postgres:// or postgresql:// URL',
    ],
    [
      { schema: 'Bad-Name' },
      {},
      '--schema: "Bad-Name" is not a valid schema name (lowercase letters, digits and _, not starting with a digit or pg_, at most 55 bytes)',
    ],
    [
      { schema: 'a'.repeat(64) },
      {},
      `--schema: "${'a'.repeat(64)}" is not a valid schema name (lowercase letters, digits and _, not starting with a digit or pg_, at most 55 bytes)`,
    ],
    [{ objects: ' , ' }, {}, '--objects: name at least one object type'],
    [
      { objects: 'contacts,con tacts' },
      {},
      '--objects: "con tacts" is not an object type name (letters, digits, _ or -, e.g. contacts or 2-123)',
    ],
    [{ token: '   ' }, {}, '--token: must not be empty'],
    [{}, { HUBSPOT_CLIENT_SECRET: ' ' }, 'HUBSPOT_CLIENT_SECRET: must not be empty'],
  ])('%j %j → %s', (argv, env, message) => {
    const error = failure(() => resolveConfig({ argv, env }));
    expect(error.message).toBe(message);
    expect(error.message).not.toContain('\n');
    expect(error.code).toBe('USAGE');
    expect(exitCodeFor(error)).toBe(2);
    expect(formatCliError(error)).toBe(message);
  });

  it('never echoes a credential or a database password', () => {
    const env = {
      HUBSPOT_ACCESS_TOKEN: 'pat-SECRET-1',
      HUBSPOT_REFRESH_TOKEN: 'refresh-SECRET-2',
      HUBSPOT_CLIENT_SECRET: 'client-SECRET-3',
      DATABASE_URL: 'mysql://root:SECRET-4@db/x',
    };
    const messages = [
      failure(() => resolveConfig({ argv: {}, env })).message,
      failure(() =>
        resolveConfig({ argv: { 'poll-interval': 'x' }, env: { ...env, DATABASE_URL: undefined } }),
      ).message,
      failure(() => resolveConfig({ argv: { config: writeConfig({ token: 42 }) }, env: {} }))
        .message,
    ];
    for (const message of messages) expect(message).not.toMatch(/SECRET|42/);
  });

  it('names the file key for a bad value in the config file', () => {
    const path = writeConfig({ pollInterval: 'often' });
    const name = path.split('/').at(-1);
    expect(failure(() => resolveConfig({ argv: { config: path }, env: {} })).message).toBe(
      `${name}: pollInterval: "often" is not a duration (use 500ms, 30s, 5m, 1h)`,
    );
  });

  it('rejects a file value of the wrong JSON type', () => {
    const path = writeConfig({ pollInterval: true });
    expect(failure(() => resolveConfig({ argv: { config: path }, env: {} })).message).toMatch(
      /: pollInterval: /,
    );
  });

  it('rejects an unknown key, invalid JSON, a non-object and a missing file', () => {
    const unknown = writeConfig({ pollIntervall: '5s' });
    expect(failure(() => resolveConfig({ argv: { config: unknown }, env: {} })).message).toMatch(
      /^replicator\.config\.\d+\.json: unknown setting "pollIntervall"$/,
    );
    const broken = writeConfig('{ "schema": ');
    expect(failure(() => resolveConfig({ argv: { config: broken }, env: {} })).message).toMatch(
      /^replicator\.config\.\d+\.json: is not valid JSON \(.*\)$/,
    );
    const array = writeConfig([1]);
    expect(failure(() => resolveConfig({ argv: { config: array }, env: {} })).message).toMatch(
      /: must be a JSON object$/,
    );
    const missing = join(dir, 'nope.json');
    expect(failure(() => resolveConfig({ argv: { config: missing }, env: {} })).message).toBe(
      `--config: cannot read "${missing}" (ENOENT)`,
    );
  });
});

describe('resolveConfig result', () => {
  it('is deeply frozen', () => {
    const config = resolveConfig({
      argv: { token: 't', objects: 'contacts' },
      env: {},
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.hubspot)).toBe(true);
    expect(Object.isFrozen(config.hubspot.auth)).toBe(true);
    expect(Object.isFrozen(config.objects)).toBe(true);
    expect(() => {
      (config as { schema: string }).schema = 'x';
    }).toThrow(TypeError);
    expect(() => (config.objects as string[]).push('deals')).toThrow(TypeError);
  });

  it('keeps the token a Secret', () => {
    const config = resolveConfig({ argv: { token: 'pat-xyz' }, env: {} });
    expect(JSON.stringify(config)).not.toContain('pat-xyz');
  });
});

describe('portals from the config file', () => {
  const file = () =>
    writeConfig({
      pollInterval: '2s',
      budgetShare: 0.4,
      objects: ['contacts'],
      portals: [
        { name: 'acme', token: 'tok-acme' },
        {
          name: 'globex',
          schema: 'globex_crm',
          refreshToken: 'r',
          clientId: 'c',
          clientSecret: 's',
          apiVersion: 'legacy',
          budgetShare: 0.2,
          objects: ['deals'],
        },
      ],
    });

  it('resolves each portal with top-level settings filled in and its own schema', () => {
    const config = resolveConfig({ argv: { config: file() }, env: {}, requireHubSpot: true });
    expect(config.portals).toHaveLength(2);
    const [acme, globex] = config.portals!;
    expect(acme).toMatchObject({
      name: 'acme',
      schema: 'acme',
      budgetShare: 0.4,
      objects: ['contacts'],
    });
    expect(acme!.hubspot.auth.kind).toBe('static');
    expect(globex).toMatchObject({
      name: 'globex',
      schema: 'globex_crm',
      budgetShare: 0.2,
      objects: ['deals'],
    });
    expect(globex!.hubspot).toMatchObject({
      apiVersion: 'legacy',
      auth: { kind: 'oauth', clientId: 'c' },
    });
    expect(config.pollIntervalMs).toBe(2000);
  });

  it('narrows to one portal with selectPortal', () => {
    const config = resolveConfig({ argv: { config: file() }, env: {} });
    const globex = selectPortal(config, 'globex');
    expect(globex).toMatchObject({
      portal: 'globex',
      schema: 'globex_crm',
      budgetShare: 0.2,
      objects: ['deals'],
    });
    expect(globex.portals).toBeUndefined();
    expect(Object.isFrozen(globex)).toBe(true);
    expect(failure(() => selectPortal(config, 'initech')).message).toBe(
      'portal: "initech" is not in the config file (portals: acme, globex)',
    );
  });

  it('requires credentials per portal and names the portal', () => {
    const path = writeConfig({ portals: [{ name: 'acme' }] });
    expect(
      failure(() => resolveConfig({ argv: { config: path }, env: {}, requireHubSpot: true }))
        .message,
    ).toMatch(
      /^replicator\.config\.\d+\.json: portals\[0\]: HUBSPOT_ACCESS_TOKEN \(or --token\) is required/,
    );
  });

  it('rejects shared schemas, duplicate names, bad names and unknown portal keys', () => {
    const shared = writeConfig({
      portals: [
        { name: 'a', schema: 'x' },
        { name: 'b', schema: 'x' },
      ],
    });
    expect(failure(() => resolveConfig({ argv: { config: shared }, env: {} })).message).toMatch(
      /portals\[1\]: schema "x" is already used by portal "a"$/,
    );
    const twice = writeConfig({ portals: [{ name: 'a' }, { name: 'a' }] });
    expect(failure(() => resolveConfig({ argv: { config: twice }, env: {} })).message).toMatch(
      /portals\[1\]\.name: "a" is used twice$/,
    );
    const badName = writeConfig({ portals: [{ name: 'A B' }] });
    expect(failure(() => resolveConfig({ argv: { config: badName }, env: {} })).message).toMatch(
      /portals\[0\]\.name: must name the portal/,
    );
    const extra = writeConfig({ portals: [{ name: 'a', pollInterval: '1s' }] });
    expect(failure(() => resolveConfig({ argv: { config: extra }, env: {} })).message).toMatch(
      /portals\[0\]: unknown setting "pollInterval"$/,
    );
    const bad = writeConfig({ portals: [{ name: 'a', budgetShare: 2 }] });
    expect(failure(() => resolveConfig({ argv: { config: bad }, env: {} })).message).toMatch(
      /portals\[0\]\.budgetShare: 2 must be a number greater than 0 and at most 1$/,
    );
  });
});
