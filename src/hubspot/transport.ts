import { Client } from '@hubspot/api-client';
import { HubSpotNetworkError, HubSpotTimeoutError } from './errors.js';
import { coerceError } from '../config/index.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface WireRequest {
  method: HttpMethod;
  path: string;
  qs?: Record<string, string>;
  /** JSON body, or a ready form string when `form` is set. */
  body?: unknown;
  form?: boolean;
  /** The bearer token; absent sends no Authorization header (the OAuth token endpoint). */
  token?: string;
}

export interface WireResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface Transport {
  send(request: WireRequest, timeoutMs: number, signal?: AbortSignal): Promise<WireResponse>;
}

/**
 * HTTP through `@hubspot/api-client`'s `apiRequest` (it adds the bearer token and returns the
 * raw fetch Response without throwing on 4xx/5xx). The SDK's retry and bottleneck decorators
 * are only installed when `numberOfApiCallRetries` / `limiterOptions` are set, so we set
 * neither: our limiter paces and our retry loop retries. `apiRequest` takes no AbortSignal, so
 * the timeout races the call and an abandoned answer is drained when it arrives.
 */
export function createSdkTransport(baseUrl: string): Transport {
  const client = new Client({ basePath: baseUrl, numberOfApiCallRetries: 0 });

  async function exchange(request: WireRequest): Promise<WireResponse> {
    // apiRequest builds its Request synchronously from client.config, so setting the token
    // right before the call pins exactly the token this request carries.
    if (request.token !== undefined) client.config.accessToken = request.token;
    const response = await client.apiRequest({
      method: request.method,
      path: request.path,
      ...(request.qs ? { qs: request.qs } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.form
        ? {
            defaultJson: false,
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          }
        : {}),
      ...(request.token === undefined ? { authType: 'none' } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  }

  return {
    send(request, timeoutMs, signal) {
      return withDeadline(exchange(request), request, timeoutMs, signal);
    },
  };
}

function withDeadline(
  exchange: Promise<WireResponse>,
  request: WireRequest,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<WireResponse> {
  return new Promise<WireResponse>((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      action();
    };
    const onAbort = () => finish(() => reject(signal?.reason));
    const timer = setTimeout(
      () => finish(() => reject(new HubSpotTimeoutError(request.method, request.path, timeoutMs))),
      timeoutMs,
    );
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    exchange.then(
      (response) => finish(() => resolve(response)),
      (error: unknown) => finish(() => reject(toNetworkError(error, request.method, request.path))),
    );
  });
}

const NETWORK_MESSAGES = /fetch failed|terminated|socket hang up|other side closed|ECONNRESET/i;

/**
 * fetch's `TypeError: fetch failed` / `terminated` and socket errors become a retryable
 * HubSpotNetworkError named by the underlying cause; anything else (a bug) passes unchanged.
 */
export function toNetworkError(error: unknown, method: string, path: string): Error {
  const own = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  const cause = own?.cause as { code?: unknown; message?: unknown } | undefined;
  const code = [cause?.code, own?.code].find((value) => typeof value === 'string') as
    string | undefined;
  const message = String(cause?.message ?? own?.message ?? error);
  const isNetwork =
    (code !== undefined && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) ||
    NETWORK_MESSAGES.test(String(own?.message ?? ''));
  if (!isNetwork) return coerceError(error);
  return new HubSpotNetworkError(method, path, `${code ?? 'network error'}: ${message}`, {
    cause: error,
  });
}
