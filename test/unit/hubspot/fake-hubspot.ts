import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Secret } from '../../../src/config/secret.js';
import {
  createHubSpotClient,
  type HubSpotClient,
  type HubSpotClientDeps,
} from '../../../src/hubspot/client.js';

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
  at: number;
}

/** What a handler answers: a status with a JSON body and headers, a dropped socket, or a stall. */
export type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string>; raw?: string }
  | { drop: true }
  | { delayMs: number; then: Reply };

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface FakeHubSpot {
  url: string;
  requests: RecordedRequest[];
  /** Replaces the handler; the default answers 200 `{}`. */
  handle(handler: Handler): void;
  /** Answers the next requests with these replies in order, then falls back to the handler. */
  queue(...replies: Reply[]): void;
  close(): Promise<void>;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Reply => ({
  status,
  body,
  headers,
});

export const rateLimited = (policyName: string, headers: Record<string, string> = {}): Reply => ({
  status: 429,
  body: {
    status: 'error',
    message: 'You have reached your limit.',
    errorType: 'RATE_LIMIT',
    correlationId: 'corr-429',
    policyName,
  },
  headers,
});

export const apiError = (status: number, category: string, extra: object = {}): Reply => ({
  status,
  body: {
    status: 'error',
    message: `${category} happened`,
    correlationId: `corr-${status}`,
    category,
    ...extra,
  },
});

/** A local node:http server standing in for HubSpot, recording every request. */
export async function startFakeHubSpot(initial?: Handler): Promise<FakeHubSpot> {
  let handler: Handler = initial ?? (() => json({}));
  const queued: Reply[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();

  async function send(response: ServerResponse, reply: Reply): Promise<void> {
    if ('drop' in reply) {
      response.socket?.destroy();
      return;
    }
    if ('delayMs' in reply) {
      await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (response.socket?.destroyed) return;
      return send(response, reply.then);
    }
    const text = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    response.end(text);
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', 'http://localhost');
      let parsed: unknown;
      try {
        parsed = body ? JSON.parse(body) : undefined;
      } catch {
        parsed = undefined;
      }
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body,
        json: parsed,
        at: Date.now(),
      };
      requests.push(recorded);
      const next = queued.shift();
      void Promise.resolve(next ?? handler(recorded))
        .then((reply) => send(response, reply))
        .catch(() => response.socket?.destroy());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      handler = next;
    },
    queue(...replies) {
      queued.push(...replies);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export interface SleepRecorder {
  delays: number[];
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A sleep that returns at once (honouring abort) and records what was asked. */
export function recordSleeps(): SleepRecorder {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      delays.push(ms);
      await Promise.resolve();
    },
  };
}

/** A client on the fake server with pacing off, instant sleeps and fixed jitter. */
export function createTestClient(
  server: FakeHubSpot,
  deps: HubSpotClientDeps = {},
  options: {
    apiVersion?: '2026-03' | '2026-09' | 'legacy';
    budgetShare?: number;
    token?: string;
  } = {},
): HubSpotClient {
  return createHubSpotClient(
    {
      baseUrl: server.url,
      apiVersion: options.apiVersion ?? '2026-03',
      auth: { kind: 'static', token: new Secret(options.token ?? 'pat-test-token') },
      budgetShare: options.budgetShare ?? 1,
      tier: 'professional',
      requestTimeoutMs: 30_000,
      pacing: true,
    },
    { limits: 'off', random: () => 0.5, sleep: recordSleeps().sleep, ...deps },
  );
}
