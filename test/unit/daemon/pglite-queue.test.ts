import type { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { SessionQueue } from '../../../src/demo/pglite-queue.js';
import { MessageSplitter } from '../../../src/demo/pglite-server.js';

/** A protocol message: type byte, int32 length (itself included), body. */
function message(type: string, body = ''): Uint8Array {
  const payload = Buffer.from(body);
  const out = Buffer.alloc(5 + payload.length);
  out.write(type, 0, 'latin1');
  out.writeInt32BE(4 + payload.length, 1);
  payload.copy(out, 5);
  return out;
}

function startup(): Uint8Array {
  const out = Buffer.alloc(8);
  out.writeInt32BE(8, 0);
  out.writeInt32BE(196_608, 4);
  return out;
}

/**
 * A stand-in for PGlite's one session: logs which handler each message came from, and opens or
 * closes a transaction block on `Q begin` / `Q commit`. Each call yields, as the real one does.
 */
function fakeSession() {
  const log: string[] = [];
  let inTransaction = false;
  const db = {
    isInTransaction: () => inTransaction,
    runExclusive: <T>(fn: () => Promise<T>) => fn(),
    exec: async (sql: string) => {
      log.push(`exec ${sql}`);
      inTransaction = false;
    },
    async execProtocolRawStream(bytes: Uint8Array, options: { onRawData(d: Uint8Array): void }) {
      await new Promise((resolve) => setImmediate(resolve));
      const text = Buffer.from(bytes.subarray(5)).toString();
      if (bytes[0] === 'Q'.charCodeAt(0) && text === 'begin') inTransaction = true;
      if (bytes[0] === 'Q'.charCodeAt(0) && text === 'commit') inTransaction = false;
      options.onRawData(message('Z', 'I'));
    },
  };
  return { db: db as unknown as PGlite, log };
}

const tag = (handler: number, bytes: Uint8Array) =>
  `${handler}:${String.fromCharCode(bytes[0]!)}${Buffer.from(bytes.subarray(5)).toString()}`;

describe('SessionQueue', () => {
  it("keeps one connection's extended-protocol exchange together up to its Sync", async () => {
    const { db } = fakeSession();
    const order: string[] = [];
    const queue = new SessionQueue(db, { onOutput: () => {} });
    const send = (handler: number, bytes: Uint8Array) =>
      queue.enqueue(handler, bytes, () => order.push(tag(handler, bytes)));
    // Like two pg clients: each sends Parse, Bind, Execute, Sync one after another.
    const client = async (handler: number) => {
      for (const m of [message('P', `${handler}`), message('B'), message('E'), message('S')])
        await send(handler, m);
    };
    await Promise.all([client(1), client(2)]);
    const first = order.slice(0, 4).map((t) => t[0]);
    const second = order.slice(4).map((t) => t[0]);
    expect(new Set(first).size).toBe(1);
    expect(new Set(second).size).toBe(1);
    expect(first[0]).not.toBe(second[0]);
  });

  it('gives the session to the connection that opened a transaction until it ends', async () => {
    const { db } = fakeSession();
    const order: string[] = [];
    const queue = new SessionQueue(db);
    const send = (handler: number, text: string) =>
      queue.enqueue(handler, message('Q', text), () => order.push(`${handler} ${text}`));
    await send(1, 'begin');
    const other = send(2, 'select 2');
    await send(1, 'insert');
    await send(1, 'commit');
    await other;
    expect(order).toEqual(['1 begin', '1 insert', '1 commit', '2 select 2']);
  });

  it('rolls back what a closed connection left open and serves the others', async () => {
    const { db, log } = fakeSession();
    const order: string[] = [];
    const queue = new SessionQueue(db);
    await queue.enqueue(1, message('Q', 'begin'), () => order.push('1 begin'));
    const waiting = queue.enqueue(2, message('Q', 'select 2'), () => order.push('2 select 2'));
    queue.clearQueueForHandler(1);
    await queue.clearTransactionIfNeeded(1);
    await waiting;
    expect(log).toEqual(['exec rollback']);
    expect(order).toEqual(['1 begin', '2 select 2']);
  });

  it('frees the session after a startup message and reports finished units', async () => {
    const { db } = fakeSession();
    const done: number[] = [];
    const queue = new SessionQueue(db, { onUnitDone: (h) => done.push(h) });
    await queue.enqueue(1, startup(), () => {});
    await queue.enqueue(2, message('P'), () => {});
    await queue.enqueue(2, message('S'), () => {});
    expect(done).toEqual([1, 2]);
    expect(queue.getQueueLength()).toBe(0);
  });
});

describe('MessageSplitter', () => {
  it('finds messages across chunk boundaries', () => {
    const notification = message('A', 'payload');
    const stream = Buffer.concat([message('C', 'SELECT 1'), notification, message('Z', 'I')]);
    const splitter = new MessageSplitter();
    const seen: string[] = [];
    for (const chunk of [stream.subarray(0, 3), stream.subarray(3, 17), stream.subarray(17)]) {
      splitter.push(chunk, (type, m) => seen.push(`${String.fromCharCode(type)}:${m.length}`));
    }
    expect(seen).toEqual(['C:13', `A:${notification.length}`, 'Z:6']);
  });
});
