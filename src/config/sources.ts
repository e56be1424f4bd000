import { CONFIG_FILE, SETTING_ENTRIES, type SettingKey } from './settings.js';

/** Where a setting can come from besides the config file (whose key is the setting key). */
export interface SettingSource {
  key: SettingKey;
  flag?: string;
  env?: string;
}

export const SETTING_SOURCES: readonly SettingSource[] = SETTING_ENTRIES.map(
  ([key, { flag, env }]) => ({
    key,
    ...(flag === undefined ? {} : { flag }),
    ...(env === undefined ? {} : { env }),
  }),
);

export const CONFIG_FLAG = CONFIG_FILE.flag;
export const CONFIG_ENV = CONFIG_FILE.env;

export function sourceFor(key: SettingKey): SettingSource {
  const source = SETTING_SOURCES.find((candidate) => candidate.key === key);
  if (!source) throw new Error(`no source for setting ${key}`);
  return source;
}

/** How to tell the user to set something: `DATABASE_URL (or --database-url)`. */
export function describeSetting(key: SettingKey): string {
  const { flag, env } = sourceFor(key);
  if (env && flag) return `${env} (or --${flag})`;
  if (env) return env;
  return flag ? `--${flag}` : key;
}

/** A value with the label that names where it came from, for error messages. */
export interface Sourced {
  value: unknown;
  label: string;
}

function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** A flag's value, as yargs gives it (kebab or camel key; repeated flags arrive as arrays). */
export function readFlag(argv: Record<string, unknown>, flag: string): unknown {
  const value = argv[flag] ?? argv[camelCase(flag)];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  return typeof value === 'string' ? value : String(value);
}

export function readEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Layers file < env < flags for every setting; absent settings fall to the schema default. */
export function layerSettings(
  argv: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  file: Map<SettingKey, Sourced> | undefined,
): Map<SettingKey, Sourced> {
  const layered = new Map<SettingKey, Sourced>();
  for (const { key, flag, env: envName } of SETTING_SOURCES) {
    const fromFlag = flag === undefined ? undefined : readFlag(argv, flag);
    const fromEnv = envName === undefined ? undefined : readEnv(env, envName);
    if (fromFlag !== undefined) layered.set(key, { value: fromFlag, label: `--${flag}` });
    else if (fromEnv !== undefined) layered.set(key, { value: fromEnv, label: envName! });
    else {
      const fromFile = file?.get(key);
      if (fromFile !== undefined) layered.set(key, fromFile);
    }
  }
  return layered;
}
