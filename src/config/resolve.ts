import { ConfigError } from './errors.js';
import { readConfigFile, type ConfigFile, type FilePortal } from './file.js';
import { deepFreeze } from './freeze.js';
import { PORTAL_KEYS, settingsSchema, type SettingKey, type Settings } from './schema.js';
import {
  CONFIG_ENV,
  CONFIG_FLAG,
  describeSetting,
  layerSettings,
  readEnv,
  readFlag,
  type Sourced,
} from './sources.js';
import { SETTING_ENTRIES } from './settings.js';
import type {
  Config,
  DatabaseConfig,
  HubSpotAuth,
  HubSpotConfig,
  PortalConfig,
  SettingFields,
} from './types.js';

export interface ResolveConfigInput {
  /** Parsed flags, as yargs hands them to a command handler. */
  argv: Record<string, unknown>;
  /** Defaults to process.env; tests pass their own. */
  env?: NodeJS.ProcessEnv;
  requireDatabase?: boolean;
  requireHubSpot?: boolean;
}

function parseSettings(layered: Map<SettingKey, Sourced>): Settings {
  const raw: Record<string, unknown> = {};
  for (const [key, { value }] of layered) raw[key] = value;
  const result = settingsSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = issue.path[0] as SettingKey | undefined;
  const label = (key && layered.get(key)?.label) ?? (key ? describeSetting(key) : 'config');
  throw ConfigError.invalid(label, issue.message);
}

const AUTH_HINT = `${describeSetting('token')} is required (or ${describeSetting('refreshToken')} with ${describeSetting('clientId')} and ${describeSetting('clientSecret')})`;

function buildAuth(
  settings: Settings,
  layered: Map<SettingKey, Sourced>,
  required: boolean,
  scope: string,
): HubSpotAuth {
  const { token, refreshToken, clientId, clientSecret } = settings;
  if (refreshToken) {
    const via = layered.get('refreshToken')!.label;
    if (!clientId) {
      throw new ConfigError(
        `${scope}${describeSetting('clientId')} is required with ${via}`,
        'clientId',
      );
    }
    if (!clientSecret) {
      throw new ConfigError(
        `${scope}${describeSetting('clientSecret')} is required with ${via}`,
        'clientSecret',
      );
    }
    return {
      kind: 'oauth',
      refreshToken,
      clientId,
      clientSecret,
      ...(token ? { accessToken: token } : {}),
    };
  }
  if (token) return { kind: 'static', token };
  if (required) throw new ConfigError(`${scope}${AUTH_HINT}`, 'token');
  return { kind: 'none' };
}

function buildHubSpot(
  settings: Settings,
  layered: Map<SettingKey, Sourced>,
  required: boolean,
  scope = '',
): HubSpotConfig {
  const auth = buildAuth(settings, layered, required, scope);
  return {
    baseUrl: settings.baseUrl,
    apiVersion: settings.apiVersion,
    auth,
    // An OAuth app's limits are its own tier, whatever the account's (the declaration's `unset`).
    tier: settings.tier ?? (auth.kind === 'oauth' ? 'oauth' : 'professional'),
    requestTimeoutMs: settings.requestTimeout,
    pacing: settings.pacing === 'on',
  };
}

/** Every setting outside `config.hubspot`, under its Config name; unset ones are left out. */
function flatFieldsOf(settings: Settings): SettingFields {
  const fields: Record<string, unknown> = {};
  for (const [key, declaration] of SETTING_ENTRIES) {
    const value = settings[key];
    if (!declaration.hubspot && value !== undefined) fields[declaration.field ?? key] = value;
  }
  return fields as SettingFields;
}

function resolvePortal(
  portal: FilePortal,
  top: Map<SettingKey, Sourced>,
  required: boolean,
): PortalConfig {
  const layered = new Map(top);
  // A portal's schema is its own (two portals must never share one), so the top-level one is
  // not inherited; every other portal setting falls back to the top level.
  layered.set('schema', { value: portal.name, label: `${portal.label}.name` });
  for (const key of PORTAL_KEYS) {
    const own = portal.settings.get(key);
    if (own !== undefined) layered.set(key, own);
  }
  const settings = parseSettings(layered);
  return {
    name: portal.name,
    schema: settings.schema,
    hubspot: buildHubSpot(settings, layered, required, `${portal.label}: `),
    ...(settings.objects ? { objects: settings.objects } : {}),
    budgetShare: settings.budgetShare,
  };
}

function assertDistinctSchemas(portals: PortalConfig[], file: ConfigFile): void {
  const seen = new Map<string, string>();
  portals.forEach((portal, index) => {
    const other = seen.get(portal.schema);
    if (other !== undefined) {
      throw ConfigError.invalid(
        file.portals![index]!.label,
        `schema "${portal.schema}" is already used by portal "${other}"`,
      );
    }
    seen.set(portal.schema, portal.name);
  });
}

function locateConfigFile(
  argv: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): { path: string; label: string } | undefined {
  const fromFlag = readFlag(argv, CONFIG_FLAG);
  if (typeof fromFlag === 'string' && fromFlag !== '') return { path: fromFlag, label: '--config' };
  const fromEnv = readEnv(env, CONFIG_ENV);
  return fromEnv === undefined ? undefined : { path: fromEnv, label: CONFIG_ENV };
}

/**
 * Resolves every setting once: defaults < config file < environment < flags. Throws a
 * ConfigError (exit code 2) whose one-line message names the flag, variable or file key to fix.
 * The result is deeply frozen.
 */
export function resolveConfig(
  input: ResolveConfigInput & { requireDatabase: true },
): DatabaseConfig;
export function resolveConfig(input: ResolveConfigInput): Config;
export function resolveConfig(input: ResolveConfigInput): Config {
  const env = input.env ?? process.env;
  const location = locateConfigFile(input.argv, env);
  const file = location ? readConfigFile(location.path, location.label) : undefined;
  const layered = layerSettings(input.argv, env, file?.settings);
  const settings = parseSettings(layered);
  const requireHubSpot = input.requireHubSpot ?? false;

  if (input.requireDatabase && !settings.databaseUrl) {
    throw new ConfigError(`${describeSetting('databaseUrl')} is required`, 'databaseUrl');
  }
  const portals = file?.portals?.map((portal) => resolvePortal(portal, layered, requireHubSpot));
  if (portals && file) assertDistinctSchemas(portals, file);

  const config: Config = {
    ...flatFieldsOf(settings),
    // With portals listed, each portal carries its own credentials; the top level may have none.
    hubspot: buildHubSpot(settings, layered, requireHubSpot && !portals),
    ...(file ? { configFile: file.path } : {}),
    ...(portals ? { portals } : {}),
  };
  return deepFreeze(config);
}

/** Narrows a multi-portal config to one portal: its schema, credentials, objects and share. */
export function selectPortal(config: DatabaseConfig, name: string): DatabaseConfig;
export function selectPortal(config: Config, name: string): Config;
export function selectPortal(config: Config, name: string): Config {
  const portal = config.portals?.find((candidate) => candidate.name === name);
  if (!portal) {
    const known = config.portals?.map((candidate) => candidate.name).join(', ') || 'none';
    throw ConfigError.invalid('portal', `"${name}" is not in the config file (portals: ${known})`);
  }
  const { portals: _portals, objects: _objects, ...rest } = config;
  return deepFreeze({
    ...rest,
    schema: portal.schema,
    hubspot: portal.hubspot,
    ...(portal.objects ? { objects: portal.objects } : {}),
    budgetShare: portal.budgetShare,
    portal: portal.name,
  });
}
