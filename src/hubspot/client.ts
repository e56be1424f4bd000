import type { Tier } from '../config/schema.js';
import { ConfigError } from '../config/errors.js';
import { describeSetting } from '../config/sources.js';
import type { HubSpotConfig } from '../config/types.js';
import { DailyBudget } from './budget.js';
import { readApiError } from './answer.js';
import {
  DailyLimitError,
  HubSpotError,
  HubSpotErrorCode,
  HubSpotResponseError,
  HubSpotTimeoutError,
  RatePolicy,
  isHubSpotApiError,
  isHubSpotNetworkError,
} from './errors.js';
import { SafeEmitter } from './events.js';
import { readRateLimitHeaders } from './headers.js';
import {
  RequestLimiter,
  TIER_DAILY,
  defaultLimiterSettings,
  type BucketKind,
  type LimiterSettings,
} from './limiter.js';
import { createTokenSource, type TokenSource } from './oauth.js';
import { buildPaths } from './paths.js';
import {
  DEFAULT_RETRY_POLICY,
  bucketExhausted,
  runWithRetries,
  type RetryPolicy,
} from './retry.js';
import { sleep as realSleep } from './sleep.js';
import { StatsRecorder } from './stats.js';
import { createSdkTransport } from './transport.js';
import type {
  HubSpotClient,
  HubSpotClientDeps,
  HubSpotEventMap,
  HubSpotRequest,
  HubSpotResponse,
} from './client-types.js';

export type {
  HubSpotClient,
  HubSpotClientDeps,
  HubSpotClock,
  HubSpotEventMap,
  HubSpotRequest,
  HubSpotResponse,
} from './client-types.js';

/** HubSpot answers 414 past ~16k characters of URL; leave room for the host. */
export const MAX_URL_CHARS = 12_000;

function buildQuery(qs: HubSpotRequest['qs']): Record<string, string> | undefined {
  if (!qs) return undefined;
  const entries = Object.entries(qs).filter(([, value]) => value !== undefined);
  return entries.length === 0
    ? undefined
    : Object.fromEntries(entries.map(([key, value]) => [key, String(value)]));
}

function resolveLimits(tier: Tier, limits: HubSpotClientDeps['limits']): LimiterSettings {
  const base = defaultLimiterSettings(tier);
  if (limits === 'off') return { ...base, pacing: false };
  return { ...base, ...limits };
}

export function createHubSpotClient(
  config: HubSpotConfig & { budgetShare: number },
  deps: HubSpotClientDeps = {},
): HubSpotClient {
  const auth = config.auth;
  if (auth.kind === 'none') {
    throw new ConfigError(`${describeSetting('token')} is required`, 'token');
  }
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const transport = deps.transport ?? createSdkTransport(config.baseUrl);
  const timeoutMs = deps.timeoutMs ?? config.requestTimeoutMs;
  const retryPolicy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
  const tier = config.tier;
  const limits = deps.limits ?? (config.pacing ? undefined : 'off');
  const limiter = new RequestLimiter(resolveLimits(tier, limits), { now, sleep });
  const budget = new DailyBudget({
    share: config.budgetShare,
    dailyLimit: TIER_DAILY[tier],
    now,
    ...(deps.probeIntervalMs !== undefined ? { probeIntervalMs: deps.probeIntervalMs } : {}),
  });
  const stats = new StatsRecorder();
  const emitter = new SafeEmitter<HubSpotEventMap>(deps.onListenerError);
  const tokens: TokenSource = createTokenSource(auth, {
    transport,
    now,
    sleep,
    random,
    timeoutMs,
    retry: retryPolicy,
    onRefresh: (info) => {
      stats.tokenRefreshes += 1;
      emitter.emit('tokenRefreshed', info);
    },
  });
  const paths = buildPaths(config.apiVersion);

  async function sendOnce<T>(
    request: HubSpotRequest,
    kind: BucketKind,
    qs: Record<string, string> | undefined,
    attempt: number,
    onToken: (token: string) => void,
  ): Promise<HubSpotResponse<T>> {
    const { method, path, priority, signal } = request;
    return limiter.schedule(
      kind,
      priority,
      async () => {
        signal?.throwIfAborted();
        budget.reserve();
        const token = await tokens.current();
        onToken(token);
        const started = performance.now();
        const report = (status: HubSpotEventMap['request']['status']) =>
          emitter.emit('request', {
            method,
            path,
            kind,
            priority,
            attempt,
            status,
            durationMs: Math.round(performance.now() - started),
          });
        let answer;
        try {
          answer = await transport.send(
            { method, path, ...(qs ? { qs } : {}), body: request.body, token },
            timeoutMs,
            signal,
          );
        } catch (error) {
          if (isHubSpotNetworkError(error)) {
            const status = error instanceof HubSpotTimeoutError ? 'timeout' : 'network';
            stats.recordAnswer(status);
            report(status);
          }
          throw error;
        }
        stats.recordAnswer(answer.status);
        report(answer.status);
        const rate = readRateLimitHeaders(answer.headers);
        stats.recordHeaders(rate, now());
        limiter.observe(kind, rate);
        budget.observe(rate);
        if (answer.status >= 200 && answer.status < 300) {
          return {
            status: answer.status,
            body: parseBody<T>(answer.text, method, path),
            headers: answer.headers,
          };
        }
        const error = readApiError(answer, method, path, rate, now());
        if (error.status === 429) handleRateLimited(error, kind);
        throw error;
      },
      signal,
    );
  }

  function handleRateLimited(error: ReturnType<typeof readApiError>, kind: BucketKind): void {
    stats.recordRateLimited(error.policyName);
    emitter.emit('rateLimited', {
      method: error.method,
      path: error.path,
      ...(error.policyName !== undefined ? { policyName: error.policyName } : {}),
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      ...(error.rateLimitRemaining !== undefined ? { remaining: error.rateLimitRemaining } : {}),
    });
    if (error.policyName === RatePolicy.DAILY) {
      budget.markPortalSpent();
      const state = budget.state();
      throw new DailyLimitError('portal', state.used, state.allowed, { cause: error });
    }
    // Hold everyone queued on that bucket, not just this call, until it has room again.
    if (error.policyName === RatePolicy.SECONDLY) {
      limiter.pause('search', error.retryAfterMs ?? 1_000);
    } else if (error.retryAfterMs !== undefined) {
      limiter.pause(kind, error.retryAfterMs);
    } else if (error.policyName === RatePolicy.TEN_SECONDLY_ROLLING && bucketExhausted(error)) {
      limiter.pause('standard', retryPolicy.burstWindowMs);
    }
  }

  async function request<T>(request: HubSpotRequest): Promise<HubSpotResponse<T>> {
    const kind = request.kind ?? 'standard';
    const qs = buildQuery(request.qs);
    const urlLength =
      request.path.length + (qs ? new URLSearchParams(qs).toString().length + 1 : 0);
    if (urlLength > MAX_URL_CHARS) {
      throw new HubSpotError(
        HubSpotErrorCode.URL_TOO_LONG,
        `HubSpot ${request.method} ${request.path}: URL of ${urlLength} characters is too long (put property lists in a POST body)`,
      );
    }
    let refreshed = false;
    let usedToken = '';
    const remember = (token: string) => {
      usedToken = token;
    };
    return runWithRetries(
      async (attempt) => {
        try {
          return await sendOnce<T>(request, kind, qs, attempt, remember);
        } catch (error) {
          // An OAuth access token can expire between our check and HubSpot's: refresh once.
          if (
            tokens.kind === 'oauth' &&
            !refreshed &&
            isHubSpotApiError(error) &&
            error.status === 401
          ) {
            refreshed = true;
            await tokens.replaceRejected(usedToken);
            return await sendOnce<T>(request, kind, qs, attempt, remember);
          }
          throw error;
        }
      },
      retryPolicy,
      {
        sleep,
        random,
        ...(request.signal ? { signal: request.signal } : {}),
        onRetry: ({ error, attempt, delayMs, reason }) => {
          stats.retries += 1;
          emitter.emit('retry', {
            method: request.method,
            path: request.path,
            attempt,
            delayMs,
            reason,
            ...(isHubSpotApiError(error) ? { status: error.status } : {}),
          });
        },
      },
    );
  }

  return {
    apiVersion: config.apiVersion,
    baseUrl: config.baseUrl,
    tier,
    paths,
    clock: { now, sleep, random },
    request,
    stats: () => stats.snapshot(budget.state(), limiter.state()),
    events: emitter,
    close: () => limiter.stop(),
  };
}

/**
 * The body as sent, unchecked: each endpoint function reads it through its schema
 * (answer-schemas.ts), which is where an answer's shape is validated.
 */
function parseBody<T>(text: string, method: string, path: string): T {
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new HubSpotResponseError(method, path, 'answer is not JSON', { cause: error });
  }
}
