import type { HubSpotAuth } from '../config/types.js';
import { readOAuthToken } from './answer-readers.js';
import { oauthErrorSchema } from './answer-schemas.js';
import { HubSpotApiError, HubSpotAuthError, isHubSpotError } from './errors.js';
import { runWithRetries, type RetryPolicy } from './retry.js';
import type { Transport } from './transport.js';

export interface TokenSource {
  readonly kind: 'static' | 'oauth';
  /** A token good for the next call: refreshed first when it is missing or about to expire. */
  current(): Promise<string>;
  /** After a 401 with `rejected`: refreshes unless someone already replaced that token. */
  replaceRejected(rejected: string): Promise<string>;
}

export interface TokenSourceDeps {
  transport: Transport;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  timeoutMs: number;
  retry: RetryPolicy;
  onRefresh?: (info: { expiresAt: number }) => void;
}

/** Refresh when less than this is left (or half the token's life, for short-lived tokens). */
export const REFRESH_AHEAD_MS = 5 * 60_000;

const TOKEN_PATH = '/oauth/v1/token';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createTokenSource(
  auth: Exclude<HubSpotAuth, { kind: 'none' }>,
  deps: TokenSourceDeps,
): TokenSource {
  if (auth.kind === 'static') {
    const token = auth.token.reveal();
    return {
      kind: 'static',
      current: async () => token,
      replaceRejected: async () => token,
    };
  }

  let accessToken = auth.accessToken?.reveal();
  let refreshToken = auth.refreshToken.reveal();
  // A configured access token's age is unknown: use it until HubSpot rejects it.
  let refreshAt = accessToken ? Number.POSITIVE_INFINITY : 0;
  let inFlight: Promise<string> | undefined;

  async function requestToken(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: auth.kind === 'oauth' ? auth.clientId : '',
      client_secret: auth.kind === 'oauth' ? auth.clientSecret.reveal() : '',
    }).toString();
    const response = await runWithRetries(
      async () => {
        const answer = await deps.transport.send(
          { method: 'POST', path: TOKEN_PATH, body: form, form: true },
          deps.timeoutMs,
        );
        if (answer.status >= 500 || answer.status === 429) {
          throw new HubSpotApiError({
            status: answer.status,
            method: 'POST',
            path: TOKEN_PATH,
            message: 'token endpoint unavailable',
          });
        }
        return answer;
      },
      { ...deps.retry, maxAttempts: Math.min(deps.retry.maxAttempts, 5) },
      { sleep: deps.sleep, random: deps.random },
    );
    const json = parseJson(response.text);
    if (response.status !== 200) {
      // OAuth errors carry their code in `status`; neither field ever holds a token.
      const failure = oauthErrorSchema.safeParse(json);
      const code = (failure.success && failure.data.status) || `HTTP ${response.status}`;
      const message = (failure.success && failure.data.message) || 'no access token';
      throw new HubSpotAuthError(`OAuth token refresh failed: ${code}: ${message}`, {
        status: response.status,
      });
    }
    const token = readOAuthToken(json, { method: 'POST', path: TOKEN_PATH });
    const lifetimeMs = (token.expiresInSec ?? 1800) * 1000;
    const issuedAt = deps.now();
    accessToken = token.accessToken;
    if (token.refreshToken !== undefined && token.refreshToken !== '') {
      refreshToken = token.refreshToken;
    }
    refreshAt = issuedAt + lifetimeMs - Math.min(REFRESH_AHEAD_MS, lifetimeMs / 2);
    deps.onRefresh?.({ expiresAt: issuedAt + lifetimeMs });
    return accessToken;
  }

  function refresh(): Promise<string> {
    inFlight ??= requestToken()
      .catch((error: unknown) => {
        throw isHubSpotError(error)
          ? error
          : new HubSpotAuthError('OAuth token refresh failed', { cause: error });
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  }

  return {
    kind: 'oauth',
    async current() {
      if (inFlight) return inFlight;
      if (accessToken === undefined || deps.now() >= refreshAt) return refresh();
      return accessToken;
    },
    async replaceRejected(rejected) {
      if (inFlight) return inFlight;
      if (accessToken !== undefined && accessToken !== rejected) return accessToken;
      return refresh();
    },
  };
}
