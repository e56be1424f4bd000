import type { ApiVersion, LogLevel, Tier } from './schema.js';
import type { Secret } from './secret.js';

export type { ApiVersion, LogLevel, Tier } from './schema.js';

export interface StaticAuth {
  readonly kind: 'static';
  readonly token: Secret;
}

export interface OAuthAuth {
  readonly kind: 'oauth';
  readonly accessToken?: Secret;
  readonly refreshToken: Secret;
  readonly clientId: string;
  readonly clientSecret: Secret;
}

/** No credentials configured: only commands that never call HubSpot accept it. */
export interface NoAuth {
  readonly kind: 'none';
}

export type HubSpotAuth = StaticAuth | OAuthAuth | NoAuth;

export interface HubSpotConfig {
  readonly baseUrl: string;
  readonly apiVersion: ApiVersion;
  readonly auth: HubSpotAuth;
  /** The account's API tier; unknown means professional limits (OAuth auth: the OAuth app's). */
  readonly tier?: Tier;
  /** Per-request timeout; the client defaults to 30 s when absent. */
  readonly requestTimeoutMs?: number;
  /**
   * False sends requests as fast as answers come (a sandbox with limits off); 429s are still
   * honoured. True paces to the tier and the rate-limit headers.
   */
  readonly pacing?: boolean;
}

/** One portal of a multi-portal config file, with top-level settings filled in. */
export interface PortalConfig {
  readonly name: string;
  readonly schema: string;
  readonly hubspot: HubSpotConfig;
  readonly objects?: readonly string[];
  readonly budgetShare: number;
}

export interface Config {
  readonly databaseUrl?: string;
  readonly schema: string;
  readonly hubspot: HubSpotConfig;
  readonly objects?: readonly string[];
  readonly pollIntervalMs: number;
  readonly stragglerLagMs: number;
  readonly deleteIntervalMs: number;
  readonly associationIntervalMs: number;
  readonly schemaIntervalMs: number;
  /** Fraction (0 < x ≤ 1) of the portal's daily API quota this process may use. */
  readonly budgetShare: number;
  /** Property columns per table before the rest go to `_extra jsonb`. */
  readonly columnBudget: number;
  /** Object types loaded at once. */
  readonly concurrency: number;
  readonly logLevel: LogLevel;
  /** The config file that was read, if any. */
  readonly configFile?: string;
  /** The portals a config file lists; absent for a single-portal setup. */
  readonly portals?: readonly PortalConfig[];
  /** Set by selectPortal: the portal this config was narrowed to. */
  readonly portal?: string;
}
