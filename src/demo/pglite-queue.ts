/**
 * Multiplexes many client connections onto PGlite's one backend session, for pglite-socket's
 * connection handlers. The session belongs to one connection from the first message of a unit
 * until the unit ends: a simple Query or an extended-protocol Sync (so one client's unnamed
 * statement and portal are never interleaved with another's), and for as long as that client
 * keeps a transaction block open. Other connections' messages wait their turn.
 */
import type { PGlite } from '@electric-sql/pglite';

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

const PROTOCOL_3 = 196_608;

/** Messages after which the session is free again (unless a transaction block is open). */
function endsUnit(message: Uint8Array): boolean {
  if (message.length >= 8) {
    const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
    // A StartupMessage has no type byte: its length, then the protocol version.
    if (view.getInt32(0) === message.length && view.getInt32(4) === PROTOCOL_3) return true;
  }
  const type = String.fromCharCode(message[0] ?? 0);
  return type === 'Q' || type === 'S' || type === 'X';
}

export interface SessionQueueOptions {
  /** Every byte PGlite answers to `handlerId`, after it went to that handler. */
  onOutput?: (handlerId: number, data: Uint8Array, first: boolean) => void;
  /** A unit from `handlerId` finished (its startup, a query, a sync). */
  onUnitDone?: (handlerId: number) => void;
}

export class SessionQueue {
  readonly #db: PGlite;
  readonly #options: SessionQueueOptions;
  #queue: Pending[] = [];
  #owner: number | null = null;
  #running = false;

  constructor(db: PGlite, options: SessionQueueOptions = {}) {
    this.#db = db;
    this.#options = options;
  }

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void) {
    return new Promise<number>((resolve, reject) => {
      this.#queue.push({ handlerId, message, onData, resolve, reject });
      void this.#drain();
    });
  }

  getQueueLength(): number {
    return this.#queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.#queue = this.#queue.filter((item) => {
      if (item.handlerId !== handlerId) return true;
      item.reject(new Error('connection closed'));
      return false;
    });
  }

  /** A connection went away: roll back what it left open and free the session. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.#owner !== handlerId) return;
    this.#owner = null;
    if (this.#db.isInTransaction()) await this.#db.exec('rollback').catch(() => {});
    void this.#drain();
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (;;) {
        const index =
          this.#owner === null ? 0 : this.#queue.findIndex((i) => i.handlerId === this.#owner);
        if (index < 0 || index >= this.#queue.length) return;
        const [item] = this.#queue.splice(index, 1);
        await this.#run(item!);
      }
    } finally {
      this.#running = false;
    }
  }

  async #run(item: Pending): Promise<void> {
    let bytes = 0;
    let first = true;
    try {
      await this.#db.runExclusive(() =>
        this.#db.execProtocolRawStream(item.message, {
          onRawData: (data) => {
            bytes += data.length;
            item.onData(data);
            this.#options.onOutput?.(item.handlerId, data, first);
            first = false;
          },
        }),
      );
    } catch (error) {
      this.#owner = this.#db.isInTransaction() ? item.handlerId : null;
      item.reject(error);
      return;
    }
    const done = endsUnit(item.message) && !this.#db.isInTransaction();
    this.#owner = done ? null : item.handlerId;
    if (endsUnit(item.message)) this.#options.onUnitDone?.(item.handlerId);
    item.resolve(bytes);
  }
}
