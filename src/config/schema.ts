import { z } from 'zod';
import { DURATION_HINT, parseDuration } from './duration.js';
import { Secret } from './secret.js';

export const API_VERSIONS = ['2026-03', '2026-09', 'legacy'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

export const TIERS = ['free', 'starter', 'professional', 'enterprise', 'addon', 'oauth'] as const;
export type Tier = (typeof TIERS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Postgres allows 1,600 columns; id, the three `_` timestamps and `_extra` take five of them. */
export const MAX_COLUMN_BUDGET = 1590;
export const MAX_CONCURRENCY = 64;

function listOf(values: readonly string[]): string {
  return `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value));
}

const duration = z
  .union([z.string(), z.number()], {
    error: `must be a duration string (${DURATION_HINT}) or milliseconds`,
  })
  .transform((value, ctx) => {
    let ms: number;
    if (typeof value === 'number') {
      ms = value;
    } else {
      try {
        ms = parseDuration(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message, input: value });
        return z.NEVER;
      }
    }
    if (!Number.isFinite(ms) || ms <= 0) {
      ctx.addIssue({
        code: 'custom',
        message: `${quote(value)} must be a positive duration (${DURATION_HINT})`,
        input: value,
      });
      return z.NEVER;
    }
    return Math.round(ms);
  });

function numberIn(
  min: number,
  max: number,
  options: { integer: boolean; minExclusive?: boolean },
  describe: string,
) {
  return z
    .union([z.string(), z.number()], { error: `must be a number` })
    .transform((value, ctx) => {
      const n = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
      const ok =
        Number.isFinite(n) &&
        (options.minExclusive ? n > min : n >= min) &&
        n <= max &&
        (!options.integer || Number.isInteger(n));
      if (!ok) {
        ctx.addIssue({ code: 'custom', message: `${quote(value)} ${describe}`, input: value });
        return z.NEVER;
      }
      return n;
    });
}

function oneOf<const T extends readonly string[]>(values: T, noun: string) {
  return z.string({ error: 'must be a string' }).transform((value, ctx) => {
    const normal = value.trim();
    if (!(values as readonly string[]).includes(normal)) {
      ctx.addIssue({
        code: 'custom',
        message: `${quote(value)} is not ${noun} (use ${listOf(values)})`,
        input: value,
      });
      return z.NEVER;
    }
    return normal as T[number];
  });
}

// Credentials: the message never repeats the value.
const secret = z.string({ error: 'must be a string' }).transform((value, ctx) => {
  const trimmed = value.trim();
  if (trimmed === '') {
    ctx.addIssue({ code: 'custom', message: 'must not be empty', input: '' });
    return z.NEVER;
  }
  return new Secret(trimmed);
});

const nonEmpty = z.string({ error: 'must be a string' }).transform((value, ctx) => {
  const trimmed = value.trim();
  if (trimmed === '') {
    ctx.addIssue({ code: 'custom', message: 'must not be empty', input: value });
    return z.NEVER;
  }
  return trimmed;
});

// The URL may hold a password, so it is never echoed back.
const postgresUrl = z.string({ error: 'must be a string' }).transform((value, ctx) => {
  const trimmed = value.trim();
  let protocol = '';
  try {
    protocol = new URL(trimmed).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a postgres:// or postgresql:// URL',
      input: '',
    });
    return z.NEVER;
  }
  return trimmed;
});

const httpUrl = z.string({ error: 'must be a string' }).transform((value, ctx) => {
  const trimmed = value.trim();
  let url: URL | undefined;
  try {
    url = new URL(trimmed);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    ctx.addIssue({
      code: 'custom',
      message: `${quote(value)} is not an http(s) URL`,
      input: value,
    });
    return z.NEVER;
  }
  return trimmed.replace(/\/+$/, '');
});

const PG_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const pgSchemaName = z.string({ error: 'must be a string' }).transform((value, ctx) => {
  const name = value.trim();
  if (!PG_IDENTIFIER.test(name) || Buffer.byteLength(name) > 63 || name.startsWith('pg_')) {
    ctx.addIssue({
      code: 'custom',
      message: `${quote(value)} is not a valid schema name (lowercase letters, digits and _, not starting with a digit or pg_, at most 63 bytes)`,
      input: value,
    });
    return z.NEVER;
  }
  return name;
});

const OBJECT_TYPE = /^[A-Za-z0-9_-]+$/;
const objectList = z
  .union([z.string(), z.array(z.string())], {
    error: 'must be a comma-separated list or an array of object type names',
  })
  .transform((value, ctx) => {
    const parts = (Array.isArray(value) ? value : value.split(','))
      .flatMap((part) => part.split(','))
      .map((part) => part.trim())
      .filter((part) => part !== '');
    if (parts.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'name at least one object type', input: value });
      return z.NEVER;
    }
    const bad = parts.find((part) => !OBJECT_TYPE.test(part));
    if (bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${quote(bad)} is not an object type name (letters, digits, _ or -, e.g. contacts or 2-123)`,
        input: value,
      });
      return z.NEVER;
    }
    return [...new Set(parts)];
  });

/**
 * Every setting, flat, with its default. This is the only place defaults live. Defaults are
 * written as a user would type them (`prefault` runs them through the same parsing).
 */
export const settingsSchema = z.object({
  databaseUrl: postgresUrl.optional(),
  token: secret.optional(),
  refreshToken: secret.optional(),
  clientId: nonEmpty.optional(),
  clientSecret: secret.optional(),
  baseUrl: httpUrl.prefault('https://api.hubapi.com'),
  apiVersion: oneOf(API_VERSIONS, 'a supported API version').prefault('2026-03'),
  tier: oneOf(TIERS, 'a tier').optional(),
  pacing: oneOf(['on', 'off'] as const, 'on or off').prefault('on'),
  schema: pgSchemaName.prefault('hubspot'),
  objects: objectList.optional(),
  pollInterval: duration.prefault('5s'),
  stragglerLag: duration.prefault('10m'),
  deleteInterval: duration.prefault('1m'),
  associationInterval: duration.prefault('5m'),
  schemaInterval: duration.prefault('5m'),
  requestTimeout: duration.prefault('30s'),
  budgetShare: numberIn(
    0,
    1,
    { integer: false, minExclusive: true },
    'must be a number greater than 0 and at most 1',
  ).prefault('0.5'),
  columnBudget: numberIn(
    1,
    MAX_COLUMN_BUDGET,
    { integer: true },
    `must be a whole number from 1 to ${MAX_COLUMN_BUDGET}`,
  ).prefault('1000'),
  concurrency: numberIn(
    1,
    MAX_CONCURRENCY,
    { integer: true },
    `must be a whole number from 1 to ${MAX_CONCURRENCY}`,
  ).prefault('3'),
  logLevel: oneOf(LOG_LEVELS, 'a log level').prefault('info'),
});

export type SettingKey = keyof z.input<typeof settingsSchema>;
export type Settings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

/** Settings a portal entry of the config file may override. */
export const PORTAL_KEYS = [
  'token',
  'refreshToken',
  'clientId',
  'clientSecret',
  'baseUrl',
  'apiVersion',
  'tier',
  'schema',
  'objects',
  'budgetShare',
] as const satisfies readonly SettingKey[];
