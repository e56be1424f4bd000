import { coerceError } from '../config/index.js';
/** Typed store errors, with the SQLSTATEs the store acts on named once. */

export const SQLSTATE = {
  uniqueViolation: '23505',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  undefinedTable: '42P01',
  invalidCatalogName: '3D000',
  invalidPassword: '28P01',
  invalidAuthorization: '28000',
  adminShutdown: '57P01',
  crashShutdown: '57P02',
  cannotConnectNow: '57P03',
  programLimitExceeded: '54000',
} as const;

export type StoreErrorCode =
  | 'STORE_CONNECTION'
  | 'STORE_NOT_MIGRATED'
  | 'STORE_UNKNOWN_OBJECT'
  | 'STORE_RECORD_SHAPE'
  | 'STORE_QUERY';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** Postgres unreachable, refused the login, or went away mid-query; retrying later may work. */
export class StoreConnectionError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORE_CONNECTION', message, options);
    this.name = 'StoreConnectionError';
  }
}

export const isStoreError = (error: unknown): error is StoreError => error instanceof StoreError;

/** Worth retrying as is: the connection dropped, or Postgres aborted a deadlock/serialisation. */
export function isRetryableStoreError(error: unknown): boolean {
  if (error instanceof StoreConnectionError) return true;
  const code = sqlStateOf(error instanceof StoreError ? error.cause : error);
  return code === SQLSTATE.deadlockDetected || code === SQLSTATE.serializationFailure;
}
export const isStoreConnectionError = (error: unknown): error is StoreConnectionError =>
  error instanceof StoreConnectionError;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
]);

/** The SQLSTATE (or Node error code) of an error from pg, if any. */
export const sqlStateOf = (error: unknown): string | undefined =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { code?: unknown }).code === 'string'
    ? (error as { code: string }).code
    : undefined;

/** Turns whatever pg threw into a StoreError, keeping the original as `cause`. */
export function coerceStoreError(error: unknown, doing = 'query'): StoreError {
  if (error instanceof StoreError) return error;
  const code = sqlStateOf(error) ?? '';
  const message = coerceError(error).message;
  const connectionLost =
    NETWORK_CODES.has(code) ||
    code.startsWith('08') ||
    code.startsWith('28') ||
    code === SQLSTATE.invalidCatalogName ||
    code === SQLSTATE.adminShutdown ||
    code === SQLSTATE.crashShutdown ||
    code === SQLSTATE.cannotConnectNow ||
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(
      message,
    );
  if (connectionLost) {
    return new StoreConnectionError(`Postgres connection failed (${doing}): ${message}`, {
      cause: error,
    });
  }
  if (code === SQLSTATE.undefinedTable) {
    return new StoreError('STORE_NOT_MIGRATED', `${message} (run \`replicator migrate\`)`, {
      cause: error,
    });
  }
  return new StoreError('STORE_QUERY', `Postgres ${doing} failed: ${message}`, { cause: error });
}
