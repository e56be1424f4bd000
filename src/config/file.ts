import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ConfigError } from './errors.js';
import { PORTAL_KEYS, type SettingKey } from './schema.js';
import { SETTING_SOURCES, type Sourced } from './sources.js';

export interface FilePortal {
  name: string;
  /** `replicator.config.json: portals[1]` */
  label: string;
  settings: Map<SettingKey, Sourced>;
}

export interface ConfigFile {
  path: string;
  settings: Map<SettingKey, Sourced>;
  portals?: FilePortal[];
}

const TOP_KEYS = new Set<string>([...SETTING_SOURCES.map((source) => source.key), 'portals']);
const PORTAL_KEY_SET = new Set<string>([...PORTAL_KEYS, 'name']);
const PORTAL_NAME = /^[a-z_][a-z0-9_]*$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collectSettings(
  object: Record<string, unknown>,
  allowed: Set<string>,
  ownerLabel: string,
  prefix: string,
): Map<SettingKey, Sourced> {
  const settings = new Map<SettingKey, Sourced>();
  for (const [key, value] of Object.entries(object)) {
    if (!allowed.has(key)) throw ConfigError.invalid(ownerLabel, `unknown setting "${key}"`);
    if (key === 'portals' || key === 'name' || value === null || value === undefined) continue;
    settings.set(key as SettingKey, { value, label: `${prefix}${key}` });
  }
  return settings;
}

function readPortals(value: unknown, fileLabel: string): FilePortal[] {
  const label = `${fileLabel}: portals`;
  if (!Array.isArray(value) || value.length === 0) {
    throw ConfigError.invalid(label, 'must be a non-empty array of portal objects');
  }
  const names = new Set<string>();
  return value.map((entry: unknown, index) => {
    const entryLabel = `${fileLabel}: portals[${index}]`;
    if (!isPlainObject(entry)) throw ConfigError.invalid(entryLabel, 'must be an object');
    const name = entry.name;
    if (typeof name !== 'string' || !PORTAL_NAME.test(name) || name.length > 63) {
      throw ConfigError.invalid(
        `${entryLabel}.name`,
        'must name the portal (lowercase letters, digits and _)',
      );
    }
    if (names.has(name)) throw ConfigError.invalid(`${entryLabel}.name`, `"${name}" is used twice`);
    names.add(name);
    return {
      name,
      label: entryLabel,
      settings: collectSettings(entry, PORTAL_KEY_SET, entryLabel, `${entryLabel}.`),
    };
  });
}

/** Reads `--config` (a JSON object of settings, optionally with `portals: [...]`). */
export function readConfigFile(path: string, pathLabel: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw ConfigError.invalid(pathLabel, `cannot read "${path}" (${code})`, { cause: error });
  }
  const fileLabel = basename(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw ConfigError.invalid(fileLabel, `is not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (!isPlainObject(parsed)) throw ConfigError.invalid(fileLabel, 'must be a JSON object');
  const settings = collectSettings(parsed, TOP_KEYS, fileLabel, `${fileLabel}: `);
  const file: ConfigFile = { path, settings };
  if (parsed.portals !== undefined) file.portals = readPortals(parsed.portals, fileLabel);
  return file;
}
