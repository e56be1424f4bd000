import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './schema.js';
import { REDACTED_TEXT } from './secret.js';

export type { Logger } from 'pino';

const SENSITIVE_NAMES = [
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'authorization',
  'Authorization',
  'password',
  'databaseUrl',
];

/** Keys whose values never reach a log line, at any depth, in any letter case. */
const SENSITIVE_KEYS = new Set(SENSITIVE_NAMES.map((key) => key.toLowerCase()));

// pino formats a child's bindings once, without the log formatter, so they get pino's own
// path redaction as well (top level and one level down).
const REDACT_PATHS = SENSITIVE_NAMES.flatMap((key) => [key, `*.${key}`]);

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A copy of a log object with sensitive keys censored; errors and class instances pass as is. */
export function redactSensitive(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => redactSensitive(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SENSITIVE_KEYS.has(key.toLowerCase())
      ? REDACTED_TEXT
      : redactSensitive(item, depth + 1);
  }
  return copy;
}

/**
 * JSON lines to stderr (or the given destination), with any token, secret, authorization
 * header or database URL censored wherever it appears in the logged object.
 */
export function createLogger(
  options: { logLevel: LogLevel } | { level: LogLevel },
  destination: DestinationStream = pino.destination({ fd: 2, sync: true }),
): Logger {
  const level = 'logLevel' in options ? options.logLevel : options.level;
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: REDACTED_TEXT },
      formatters: {
        log: (object) => redactSensitive(object) as Record<string, unknown>,
      },
    },
    destination,
  );
}
