import { randomBytes } from 'node:crypto';

export interface OAuthCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface AccessTokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'bearer';
}

export interface AuthFailure {
  status: 401;
  category: 'INVALID_AUTHENTICATION' | 'EXPIRED_AUTHENTICATION';
  message: string;
}

export type RefreshOutcome =
  | { ok: true; body: AccessTokenResponse }
  | { ok: false; status: 400; error: string; message: string };

export interface Authenticator {
  readonly mode: 'static' | 'oauth';
  /** Undefined when the Authorization header carries a valid token. */
  checkHeader(header: string | undefined): AuthFailure | undefined;
  issueAccessToken(): AccessTokenResponse;
  refresh(form: Record<string, unknown>): RefreshOutcome;
}

export const MISSING_CREDENTIALS_MESSAGE =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

export function generateToken(prefix: string): string {
  return `${prefix}-${randomBytes(16).toString('hex')}`;
}

/**
 * Static mode accepts one private-app token. OAuth mode accepts only access tokens it issued,
 * each until `ttlSec()` (read at issue time) has passed.
 */
export function createAuthenticator(opts: {
  token: string;
  oauth?: OAuthCredentials;
  now: () => number;
  ttlSec: () => number;
}): Authenticator {
  const expiries = new Map<string, number>();
  const invalid: AuthFailure = {
    status: 401,
    category: 'INVALID_AUTHENTICATION',
    message: MISSING_CREDENTIALS_MESSAGE,
  };

  function issueAccessToken(): AccessTokenResponse {
    const at = opts.now();
    for (const [token, expiresAt] of expiries)
      if (expiresAt <= at - 3_600_000) expiries.delete(token);
    const ttl = opts.ttlSec();
    const token = generateToken('oauth-sandbox');
    expiries.set(token, at + ttl * 1000);
    return {
      access_token: token,
      refresh_token: opts.oauth?.refreshToken ?? '',
      expires_in: ttl,
      token_type: 'bearer',
    };
  }

  return {
    mode: opts.oauth ? 'oauth' : 'static',
    issueAccessToken,
    checkHeader(header) {
      const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
      const token = match?.[1];
      if (!token) return invalid;
      if (!opts.oauth) return token === opts.token ? undefined : invalid;
      const expiresAt = expiries.get(token);
      if (expiresAt === undefined) return invalid;
      const overdueMs = opts.now() - expiresAt;
      if (overdueMs < 0) return undefined;
      return {
        status: 401,
        category: 'EXPIRED_AUTHENTICATION',
        message: `The OAuth token used to make this call expired ${Math.floor(overdueMs / 1000)} second(s) ago.`,
      };
    },
    refresh(form) {
      const fail = (error: string, message: string): RefreshOutcome => ({
        ok: false,
        status: 400,
        error,
        message,
      });
      const oauth = opts.oauth;
      if (!oauth)
        return fail(
          'BAD_CLIENT_ID',
          'missing or unknown client id (this sandbox is not in OAuth mode)',
        );
      if (form.grant_type !== 'refresh_token')
        return fail('BAD_GRANT_TYPE', 'unsupported grant_type');
      if (form.client_id !== oauth.clientId)
        return fail('BAD_CLIENT_ID', 'missing or unknown client id');
      if (form.client_secret !== oauth.clientSecret)
        return fail('BAD_CLIENT_SECRET', 'missing or invalid client secret');
      if (form.refresh_token !== oauth.refreshToken)
        return fail('BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
      return { ok: true, body: issueAccessToken() };
    },
  };
}
