/**
 * pg-pool removes its error listener from a client while the client is checked out, so a
 * connection that dies between two queries of a transaction (Postgres restarted, the backend
 * terminated) emits an 'error' nobody hears, and Node ends the process. A daemon must outlive
 * that: every client gets a listener of its own, at its next checkout at the latest (clients
 * made before the guard exist too). The query in progress, or the next one, still fails, and
 * the pool drops the dead client when it is released.
 */
import type pg from 'pg';

export function guardPoolClients(pool: pg.Pool, onError: (error: Error) => void): () => void {
  const guarded = new WeakSet<pg.PoolClient>();
  const guard = (client: pg.PoolClient) => {
    if (guarded.has(client)) return;
    guarded.add(client);
    client.on('error', onError);
  };
  pool.on('connect', guard);
  pool.on('acquire', guard);
  return () => {
    pool.off('connect', guard);
    pool.off('acquire', guard);
  };
}
