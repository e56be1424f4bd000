import type { AddressInfo } from 'node:net';
import { mergeKnobs, parseKnobsPatch, type SandboxOptions } from '../options.js';
import type { DeepPartial, Knobs, Portal } from '../portal/types.js';
import {
  createAuthenticator,
  generateToken,
  type AccessTokenResponse,
  type OAuthCredentials,
} from './auth.js';
import type { SandboxContext } from './context.js';
import { createFaultInjector } from './faults.js';
import { createRateLimiter } from './limits.js';
import { createRng } from './rng.js';
import { buildSandboxServer } from './server.js';
import { createStatsRecorder, type SandboxStats } from './stats.js';

/** The portal, in process, plus what only the HTTP layer knows. */
export type SandboxControl = Portal & {
  stats(): SandboxStats;
  resetStats(): void;
  /** Forgets the burst, search and daily counters. */
  resetLimits(): void;
  /** An OAuth access token, as if `POST /oauth/v1/token` had issued it. */
  issueAccessToken(): AccessTokenResponse;
  /** Validated like `PATCH /_sandbox/knobs`. */
  setKnobs(patch: DeepPartial<Knobs>): Knobs;
};

export interface Sandbox {
  url: string;
  /** The static token (unused in OAuth mode). */
  token: string;
  oauth?: OAuthCredentials;
  portalId: number;
  control: SandboxControl;
  close(): Promise<void>;
}

/** Serves a portal over HTTP on `opts.host:opts.port`. */
export async function serveSandbox(
  portal: Portal,
  seed: number,
  opts: SandboxOptions = {},
): Promise<Sandbox> {
  const now = opts.now ?? Date.now;
  const token = opts.token ?? generateToken('pat-sandbox');
  const ctx: SandboxContext = {
    portal,
    now,
    auth: createAuthenticator({
      token,
      oauth: opts.oauth,
      now,
      ttlSec: () => portal.knobs.oauthTokenTtlSec,
    }),
    limiter: createRateLimiter(now, opts.tierLimits),
    // Its own stream, so fault draws do not shift with the data generator's.
    faults: createFaultInjector(createRng(seed ^ 0x5eed_fa17)),
    stats: createStatsRecorder(now),
  };
  const app = buildSandboxServer(ctx, { onInternalError: opts.onInternalError });
  const host = opts.host ?? '127.0.0.1';
  await app.listen({ port: opts.port ?? 0, host });
  const { port } = app.server.address() as AddressInfo;

  const extras = {
    stats: () => ctx.stats.snapshot(),
    resetStats: () => ctx.stats.reset(),
    resetLimits: () => ctx.limiter.reset(),
    issueAccessToken: () => ctx.auth.issueAccessToken(),
    setKnobs: (patch: DeepPartial<Knobs>) => {
      const valid = parseKnobsPatch(patch);
      mergeKnobs(portal.knobs, valid);
      return portal.setKnobs(valid);
    },
  };
  let closing: Promise<void> | undefined;
  return {
    url: `http://${formatHost(host)}:${port}`,
    token,
    oauth: opts.oauth,
    portalId: portal.portalId,
    control: bindControl(portal, extras),
    close: () => (closing ??= app.close().then(() => undefined)),
  };
}

/** A view of the portal with extra members; portal methods keep the portal as `this`. */
function bindControl(portal: Portal, extras: Record<string, unknown>): SandboxControl {
  return new Proxy(portal, {
    get(target, key) {
      if (typeof key === 'string' && Object.hasOwn(extras, key)) return extras[key];
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  }) as SandboxControl;
}

function formatHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
