/**
 * The process's leadership: session-level advisory locks held on one dedicated connection (not a
 * pool member). When that connection dies Postgres releases every lock at once, so `signal`
 * aborts at the same moment and the jobs that held them stop; `verify()` is the check before
 * every tick that catches a death nothing reported yet.
 */
import pg from 'pg';
import type { Logger } from '../config/index.js';
import { coerceStoreError } from './index.js';
import { pingLockConnection, tryLockSession, unlockAllSession, unlockSession } from './locks.js';
import { coerceError } from '../config/index.js';

export interface LockSessionOptions {
  databaseUrl: string;
  logger: Logger;
  applicationName?: string;
  /** A ping slower than this counts as a dead connection (5 s). */
  pingTimeoutMs?: number;
}

export class LockSession {
  readonly #options: LockSessionOptions;
  readonly #held = new Set<string>();
  #client: pg.Client | undefined;
  #connecting: Promise<void> | undefined;
  #ping: Promise<boolean> | undefined;
  #generation = new AbortController();
  #closed = false;
  /** pg wants one query at a time per client; every query on the lock connection goes through here. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: LockSessionOptions) {
    this.#options = options;
    this.#generation.abort(new Error('lock connection not open'));
  }

  /** Aborts when the current connection is lost (and with it every lock). */
  get signal(): AbortSignal {
    return this.#generation.signal;
  }

  get connected(): boolean {
    return this.#client !== undefined;
  }

  /** The backend pid of the lock connection, for logs and tests. */
  pid: number | undefined;

  /** When the last connection was lost (epoch ms), if ever. */
  lostAt: number | undefined;

  holds(key: string): boolean {
    return this.#held.has(key);
  }

  /** Connects if not connected; throws StoreConnectionError when Postgres cannot be reached. */
  open(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('lock session closed'));
    if (this.#client) return Promise.resolve();
    this.#connecting ??= this.#connect().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#options.databaseUrl,
      application_name: this.#options.applicationName ?? 'hubspot-replicator:locks',
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
    });
    client.on('error', (error) => this.#lose(client, error));
    client.on('end', () => this.#lose(client, new Error('lock connection ended')));
    try {
      await client.connect();
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      this.pid = rows[0]?.pid;
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw coerceStoreError(error, 'lock connection');
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      throw new Error('lock session closed');
    }
    this.#client = client;
    this.#generation = new AbortController();
    this.#options.logger.debug({ pid: this.pid }, 'lock connection open');
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work, work);
    this.#queue = result.catch(() => {});
    return result;
  }

  #lose(client: pg.Client, reason: Error): void {
    if (client !== this.#client) return;
    this.#client = undefined;
    this.#held.clear();
    this.lostAt = Date.now();
    this.#generation.abort(reason);
    if (!this.#closed) {
      this.#options.logger.warn(
        { err: reason.message },
        'lock connection lost: its jobs stop until the locks are taken again',
      );
    }
    client.removeAllListeners('end');
    client.end().catch(() => {});
  }

  /** Takes the lock unless another session holds it; a lock already held here stays held once. */
  async tryAcquire(key: string): Promise<boolean> {
    const client = this.#client;
    if (!client) return false;
    if (this.#held.has(key)) return true;
    let ok: boolean;
    try {
      ok = await this.#serial(() => tryLockSession(client, key));
    } catch (error) {
      this.#lose(client, coerceError(error));
      return false;
    }
    // The connection may have died while we asked; its answer then means nothing.
    if (client !== this.#client) return false;
    if (ok) this.#held.add(key);
    return ok;
  }

  async release(key: string): Promise<void> {
    if (!this.#held.delete(key)) return;
    const client = this.#client;
    if (!client) return;
    await this.#serial(() => unlockSession(client, key)).catch((error: unknown) =>
      this.#lose(client, coerceError(error)),
    );
  }

  /** True while the connection answers; otherwise it is dropped (aborting `signal`). */
  verify(): Promise<boolean> {
    const client = this.#client;
    if (!client) return Promise.resolve(false);
    this.#ping ??= this.#pingOnce(client).finally(() => (this.#ping = undefined));
    return this.#ping;
  }

  async #pingOnce(client: pg.Client): Promise<boolean> {
    const timeoutMs = this.#options.pingTimeoutMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.#serial(() => pingLockConnection(client)),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`lock connection did not answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
      return client === this.#client;
    } catch (error) {
      this.#lose(client, coerceError(error));
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Releases every lock and closes the connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#connecting?.catch(() => {});
    const client = this.#client;
    this.#client = undefined;
    this.#held.clear();
    this.#generation.abort(new Error('lock session closed'));
    if (!client) return;
    client.removeAllListeners('end');
    await this.#serial(() => unlockAllSession(client)).catch(() => {});
    await client.end().catch(() => {});
  }
}
