/**
 * The store handle: one pg Pool and a Kysely over it for one mirror schema. The pool connects
 * lazily; pingStore() checks the connection. An idle client that loses its connection makes
 * the pool emit 'error', which would crash the process if nobody listened: we listen.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { assertSchemaName } from '../schema/identifiers.js';
import { coerceStoreError, type StoreError } from './errors.js';

/** What every store function needs: a Kysely (possibly a transaction) and the mirror schema. */
export interface StoreContext {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>;
  readonly schema: string;
}

export interface Store extends StoreContext {
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  databaseUrl: string;
  /** The mirror schema (`hubspot`); must pass assertSchemaName. */
  schema: string;
  /** Pool size (10). */
  max?: number;
  /** Told about errors of idle pool clients (a lost connection); the pool replaces them. */
  onError?: (error: StoreError) => void;
  applicationName?: string;
}

const DATE_OID = 1082;

/** Dates stay `YYYY-MM-DD` strings: pg's default turns them into local-midnight Dates. */
function parseTypes(oid: number, format?: 'text' | 'binary') {
  if (oid === DATE_OID && format !== 'binary') return (value: string) => value;
  return pg.types.getTypeParser(oid, format as 'text');
}

export function openStore(options: OpenStoreOptions): Store {
  const schema = assertSchemaName(options.schema);
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'hubspot-replicator',
    // Timestamps rendered as text (to_json, ::text) come out the same whatever the server's zone.
    options: '-c TimeZone=UTC',
    types: { getTypeParser: parseTypes as typeof pg.types.getTypeParser },
  });
  pool.on('error', (error) => options.onError?.(coerceStoreError(error, 'idle connection')));
  // pg-pool drops its own error listener from a client while it is checked out, so a backend
  // that dies between two queries of a transaction would emit an 'error' nobody hears and end
  // the process. Every client keeps this one; the query in flight still fails, and the pool
  // discards the dead client when it is released.
  pool.on('connect', (client) =>
    client.on('error', (error) => options.onError?.(coerceStoreError(error, 'connection'))),
  );
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  let closed: Promise<void> | undefined;
  return {
    db,
    pool,
    schema,
    close() {
      closed ??= db.destroy();
      return closed;
    },
  };
}

/** Checks that Postgres answers; throws StoreConnectionError when it does not. */
export async function pingStore(store: StoreContext): Promise<void> {
  try {
    await sql`select 1`.execute(store.db);
  } catch (error) {
    throw coerceStoreError(error, 'connect');
  }
}
