import type { ApiVersion, Tier } from '../config/schema.js';
import type { SafeEmitter } from './events.js';
import type { BucketKind, LimiterSettings } from './limiter.js';
import type { HubSpotPaths } from './paths.js';
import type { RetryPolicy } from './retry.js';
import type { HubSpotStats } from './stats.js';
import type { HttpMethod, Transport } from './transport.js';
import type { Priority } from './types.js';

export interface HubSpotRequest {
  method: HttpMethod;
  path: string;
  qs?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  priority: Priority;
  signal?: AbortSignal;
  /** `search` goes through the search limiter (5/s) instead of the burst bucket. */
  kind?: BucketKind;
}

export interface HubSpotResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface HubSpotEventMap {
  request: {
    method: string;
    path: string;
    kind: BucketKind;
    priority: Priority;
    attempt: number;
    status: number | 'network' | 'timeout';
    durationMs: number;
  };
  retry: {
    method: string;
    path: string;
    attempt: number;
    delayMs: number;
    reason: string;
    status?: number;
  };
  rateLimited: {
    method: string;
    path: string;
    policyName?: string;
    retryAfterMs?: number;
    remaining?: number;
  };
  tokenRefreshed: { expiresAt: number };
}

export interface HubSpotClientDeps {
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Defaults to @hubspot/api-client's apiRequest. */
  transport?: Transport;
  /** Overrides of the tier's pacing, or 'off' to pace nothing (a sandbox with limits off). */
  limits?: Partial<LimiterSettings> | 'off';
  retry?: Partial<RetryPolicy>;
  /** Overrides config.requestTimeoutMs. */
  timeoutMs?: number;
  /** While the daily share is spent, how often one probe call may look for the reset. */
  probeIntervalMs?: number;
  onListenerError?: (error: unknown, event: keyof HubSpotEventMap) => void;
}

export interface HubSpotClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
}

export interface HubSpotClient {
  readonly apiVersion: ApiVersion;
  readonly baseUrl: string;
  readonly tier: Tier;
  readonly paths: HubSpotPaths;
  /** The injected clock, sleep and randomness, for helpers that wait between batch rounds. */
  readonly clock: HubSpotClock;
  /**
   * One call: paced, budgeted, retried. 2xx (207 included) resolve; anything else throws. The
   * body is JSON as sent, unchecked: endpoint functions read it through read-answer.ts.
   */
  request<T = unknown>(request: HubSpotRequest): Promise<HubSpotResponse<T>>;
  stats(): HubSpotStats;
  readonly events: Pick<SafeEmitter<HubSpotEventMap>, 'on' | 'off'>;
  /** Stops the limiters; calls still queued reject. */
  close(): Promise<void>;
}
