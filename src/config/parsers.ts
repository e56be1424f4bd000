import { z } from 'zod';
import { MAX_SCHEMA_BYTES } from '../schema/identifiers.js';
import { DURATION_HINT, parseDuration } from './duration.js';
import { Secret } from './secret.js';

// The value parsers settings are declared with (src/config/settings.ts). Each accepts what a
// user types on the command line or in the environment, and the JSON a config file holds.

export const API_VERSIONS = ['2026-03', '2026-09', 'legacy'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

export const TIERS = ['free', 'starter', 'professional', 'enterprise', 'addon', 'oauth'] as const;
export type Tier = (typeof TIERS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Postgres allows 1,600 columns; id, the three `_` timestamps and `_extra` take five of them. */
export const MAX_COLUMN_BUDGET = 1590;
export const MAX_CONCURRENCY = 64;

export function listOf(values: readonly string[]): string {
  return `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value));
}

export const duration = z
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

export function numberIn(
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

export function oneOf<const T extends readonly string[]>(values: T, noun: string) {
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
export const secret = z.string({ error: 'must be a string' }).transform((value, ctx) => {
  const trimmed = value.trim();
  if (trimmed === '') {
    ctx.addIssue({ code: 'custom', message: 'must not be empty', input: '' });
    return z.NEVER;
  }
  return new Secret(trimmed);
});

export const nonEmpty = z.string({ error: 'must be a string' }).transform((value, ctx) => {
  const trimmed = value.trim();
  if (trimmed === '') {
    ctx.addIssue({ code: 'custom', message: 'must not be empty', input: value });
    return z.NEVER;
  }
  return trimmed;
});

// The URL may hold a password, so it is never echoed back.
export const postgresUrl = z.string({ error: 'must be a string' }).transform((value, ctx) => {
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

export const httpUrl = z.string({ error: 'must be a string' }).transform((value, ctx) => {
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
// Not Postgres' 63: the store names the notification channel `<schema>_changes`, which must fit.
export const pgSchemaName = z.string({ error: 'must be a string' }).transform((value, ctx) => {
  const name = value.trim();
  if (
    !PG_IDENTIFIER.test(name) ||
    Buffer.byteLength(name) > MAX_SCHEMA_BYTES ||
    name.startsWith('pg_')
  ) {
    ctx.addIssue({
      code: 'custom',
      message: `${quote(value)} is not a valid schema name (lowercase letters, digits and _, not starting with a digit or pg_, at most ${MAX_SCHEMA_BYTES} bytes)`,
      input: value,
    });
    return z.NEVER;
  }
  return name;
});

const OBJECT_TYPE = /^[A-Za-z0-9_-]+$/;
export const objectList = z
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
