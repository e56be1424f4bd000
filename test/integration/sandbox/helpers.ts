import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';

/** A small real sandbox with deterministic search (no lag, ties by id) unless told otherwise. */
export function startTestSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({
    seed: 11,
    ...opts,
    portal: {
      counts: {
        contacts: 120,
        companies: 25,
        deals: 40,
        tickets: 10,
        products: 5,
        line_items: 20,
        quotes: 3,
        car: 12,
      },
      ...opts.portal,
    },
    knobs: { searchLagMs: { min: 0, max: 0 }, tieOrder: 'id', ...opts.knobs },
  });
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** fetch against the sandbox with its token; JSON in, JSON (or nothing) out. */
export function createCaller(sandbox: Sandbox, token: string = sandbox.token) {
  return async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const res = await fetch(sandbox.url + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
}

/** Drops members that differ between two otherwise identical answers. */
export function stripVolatile(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body), (key, value) =>
    ['startedAt', 'completedAt', 'correlationId'].includes(key) ? undefined : value,
  );
}

export function expectErrorBody(body: unknown, category: string): void {
  const b = body as Record<string, unknown>;
  if (b.status !== 'error' || b.category !== category || typeof b.message !== 'string') {
    throw new Error(`not a HubSpot ${category} error body: ${JSON.stringify(body)}`);
  }
  if (
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(String(b.correlationId))
  ) {
    throw new Error(`correlationId is not a uuid: ${JSON.stringify(body)}`);
  }
}

export async function readJson(res: Response): Promise<Answer['body']> {
  return res.json();
}
