import type { ApiVersion, Settings, Tier } from './schema.js';
import type { Secret } from './secret.js';
import type { Declarations, SettingKey } from './settings.js';

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
  /** The account's API tier: what pacing starts from until rate-limit headers arrive. */
  readonly tier: Tier;
  /** One request's deadline. */
  readonly requestTimeoutMs: number;
  /**
   * False sends requests as fast as answers come (a sandbox with limits off); 429s are still
   * honoured. True paces to the tier and the rate-limit headers.
   */
  readonly pacing: boolean;
}

/** One portal of a multi-portal config file, with top-level settings filled in. */
export interface PortalConfig {
  readonly name: string;
  readonly schema: string;
  readonly hubspot: HubSpotConfig;
  readonly objects?: readonly string[];
  readonly budgetShare: number;
}

/** Settings that are not part of `config.hubspot`. */
type FlatKey = {
  [K in SettingKey]: Declarations[K] extends { hubspot: true } ? never : K;
}[SettingKey];
type FieldName<K extends SettingKey> = Declarations[K] extends { field: infer F extends string }
  ? F
  : K;
type Defaulted<K extends SettingKey> = Declarations[K] extends { default: string } ? K : never;

/**
 * Config's flat fields, derived from the declarations in settings.ts (their help says what each
 * one is): named by the declaration's `field` or else its key, optional unless it has a default.
 */
export type SettingFields = {
  readonly [K in FlatKey as K extends Defaulted<K> ? FieldName<K> : never]: Readonly<Settings[K]>;
} & {
  readonly [K in FlatKey as K extends Defaulted<K> ? never : FieldName<K>]?: Readonly<Settings[K]>;
};

export interface Config extends SettingFields {
  readonly hubspot: HubSpotConfig;
  /** The config file that was read, if any. */
  readonly configFile?: string;
  /** The portals a config file lists; absent for a single-portal setup. */
  readonly portals?: readonly PortalConfig[];
  /** Set by selectPortal: the portal this config was narrowed to. */
  readonly portal?: string;
}

/** What resolveConfig returns when the command needs Postgres: the URL is known to be there. */
export type DatabaseConfig = Config & { readonly databaseUrl: string };
