/**
 * An embedded Postgres for `demo`: PGlite (Postgres compiled to WebAssembly, in this process),
 * served on a local TCP port with pglite-socket so psql and pg clients can connect. PGlite has
 * one backend session; SessionQueue shares it between connections. All connections share that
 * session, so a LISTEN made by one connection is the session's: the backend then sends the
 * notification to whichever connection's query caused it. We copy every NotificationResponse
 * to the other connections too, so a `LISTEN` in psql sees the replicator's changes.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import { SessionQueue } from './pglite-queue.js';

export interface EmbeddedPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  close(): Promise<void>;
}

const NOTIFICATION_RESPONSE = 0x41; // 'A'

/** Splits a byte stream into protocol messages (type byte, int32 length), keeping a remainder. */
export class MessageSplitter {
  #rest: Buffer = Buffer.alloc(0);

  reset(): void {
    this.#rest = Buffer.alloc(0);
  }

  push(data: Uint8Array, onMessage: (type: number, message: Buffer) => void): void {
    let buffer = this.#rest.length ? Buffer.concat([this.#rest, data]) : Buffer.from(data);
    while (buffer.length >= 5) {
      const length = buffer.readInt32BE(1) + 1;
      if (buffer.length < length) break;
      onMessage(buffer[0]!, buffer.subarray(0, length));
      buffer = buffer.subarray(length);
    }
    this.#rest = Buffer.from(buffer);
  }
}

export async function startEmbeddedPostgres(
  options: { port?: number; host?: string; dataDir?: string } = {},
): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const sockets = new Map<number, Socket>();
  // Connections past their startup: only they can take an unsolicited message.
  const ready = new Set<number>();
  const splitters = new Map<number, MessageSplitter>();
  const queue = new SessionQueue(db, {
    onUnitDone: (handlerId) => ready.add(handlerId),
    onOutput: (handlerId, data, first) => {
      let splitter = splitters.get(handlerId);
      if (!splitter) splitters.set(handlerId, (splitter = new MessageSplitter()));
      if (first) splitter.reset();
      splitter.push(data, (type, message) => {
        if (type !== NOTIFICATION_RESPONSE) return;
        for (const [id, socket] of sockets) {
          if (id !== handlerId && ready.has(id) && socket.writable) socket.write(message);
        }
      });
    },
  });
  const server: Server = createServer((socket) => {
    const handler = new PGLiteSocketHandler({
      queryQueue: queue as unknown as PGLiteSocketHandlerOptions['queryQueue'],
      closeOnDetach: true,
    });
    const id = handler.handlerId;
    sockets.set(id, socket);
    socket.on('close', () => {
      sockets.delete(id);
      ready.delete(id);
      splitters.delete(id);
    });
    handler.attach(socket).catch(() => socket.destroy());
  });
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  let closing: Promise<void> | undefined;
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    port,
    close() {
      closing ??= (async () => {
        for (const socket of sockets.values()) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await db.close();
      })();
      return closing;
    },
  };
}
