import type { FastifyInstance } from 'fastify';
import { createAuthenticator, type OAuthCredentials } from '../../../src/sandbox/http/auth.js';
import type { SandboxContext } from '../../../src/sandbox/http/context.js';
import { createFaultInjector } from '../../../src/sandbox/http/faults.js';
import { createRateLimiter, type TierOverrides } from '../../../src/sandbox/http/limits.js';
import { createRng } from '../../../src/sandbox/http/rng.js';
import { buildSandboxServer } from '../../../src/sandbox/http/server.js';
import { createStatsRecorder } from '../../../src/sandbox/http/stats.js';
import type { Portal } from '../../../src/sandbox/portal/types.js';
import { createFakePortal } from './fake-portal.js';

export const TOKEN = 'pat-test-token';
export const AUTH = { authorization: `Bearer ${TOKEN}` };

/** The real fastify app over a fake portal, with a settable clock; use `app.inject`. */
export function buildTestApp(
  opts: { portal?: Portal; oauth?: OAuthCredentials; tierLimits?: TierOverrides } = {},
) {
  const clock = { now: Date.UTC(2025, 0, 1, 12) };
  const now = () => clock.now;
  const portal = opts.portal ?? createFakePortal({ contacts: 25 });
  const ctx: SandboxContext = {
    portal,
    now,
    auth: createAuthenticator({
      token: TOKEN,
      oauth: opts.oauth,
      now,
      ttlSec: () => portal.knobs.oauthTokenTtlSec,
    }),
    limiter: createRateLimiter(now, opts.tierLimits),
    faults: createFaultInjector(createRng(7)),
    stats: createStatsRecorder(now),
  };
  const internalErrors: unknown[] = [];
  const app: FastifyInstance = buildSandboxServer(ctx, {
    onInternalError: (e) => internalErrors.push(e),
  });
  return { app, ctx, portal, clock, internalErrors };
}
