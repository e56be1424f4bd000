import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from './context.js';
import { buildErrorBody, describeError } from './errors.js';
import type { FaultOutcome } from './faults.js';
import { DATE_VERSION } from './paths.js';
import type { RatePolicy } from './stats.js';

const RATE_LIMIT_MESSAGES: Record<RatePolicy, string> = {
  TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
  SECONDLY: 'You have reached your secondly limit.',
  DAILY: 'You have reached your daily limit.',
};

export function buildRateLimitBody(policy: RatePolicy) {
  return {
    status: 'error',
    message: RATE_LIMIT_MESSAGES[policy],
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName: policy,
  };
}

/**
 * What every HubSpot API request goes through before its handler, in HubSpot's order:
 * route version, authentication, rate limits, then injected faults. /_sandbox/* skips it all.
 */
export function installApiPipeline(
  app: FastifyInstance,
  ctx: SandboxContext,
  onInternalError?: (error: unknown) => void,
): void {
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    if (!config.api) return;
    if (config.family === 'dated') {
      const version = (request.params as { version?: string }).version ?? '';
      if (!DATE_VERSION.test(version)) return reply.code(404).send(buildNotFoundBody(request));
    }
    const failure = ctx.auth.checkHeader(request.headers.authorization);
    if (failure) return reply.code(401).send(buildErrorBody(failure.category, failure.message));

    const knobs = ctx.portal.knobs;
    const decision = ctx.limiter.consume(config.search ? 'search' : 'standard', knobs.limits);
    reply.headers(decision.headers);
    if (!decision.allowed) {
      ctx.stats.recordRateLimited(decision.policy);
      if (knobs.faults.retryAfter)
        reply.header('retry-after', String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))));
      return reply.code(429).send(buildRateLimitBody(decision.policy));
    }

    const fault = ctx.faults.decide(knobs.faults);
    if (fault.slowMs > 0) {
      ctx.stats.recordFault('slow');
      await sleep(fault.slowMs);
    }
    if (fault.outcome.kind === 'drop') {
      ctx.stats.recordFault('drop');
      ctx.stats.recordResponse(config.route ?? 'unknown', 'dropped', config.family);
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (fault.outcome.kind === 'status')
      return sendFault(ctx, reply, fault.outcome, knobs.faults.retryAfter);
    return undefined;
  });

  app.addHook('onResponse', async (request, reply) => {
    const config = request.routeOptions.config;
    if (config.route) ctx.stats.recordResponse(config.route, reply.statusCode, config.family);
    else if (!request.routeOptions.url && !request.url.startsWith('/_sandbox/')) {
      ctx.stats.recordResponse('unknown', reply.statusCode);
    }
  });

  app.setErrorHandler((error, _request, reply) => {
    const { status, body } = describeError(error);
    if (status >= 500) onInternalError?.(error);
    return reply.code(status).send(body);
  });

  app.setNotFoundHandler((request, reply) => reply.code(404).send(buildNotFoundBody(request)));
}

function buildNotFoundBody(request: FastifyRequest) {
  const path = request.url.split('?')[0];
  return buildErrorBody(
    'NOT_FOUND',
    `Unable to route ${request.method} ${path}: no such endpoint.`,
  );
}

function sendFault(
  ctx: SandboxContext,
  reply: FastifyReply,
  outcome: Extract<FaultOutcome, { kind: 'status' }>,
  retryAfter: boolean,
) {
  const { status } = outcome;
  if (status === 429) {
    ctx.stats.recordFault('429');
    if (retryAfter) reply.header('retry-after', '1');
    return reply.code(429).send(buildRateLimitBody('TEN_SECONDLY_ROLLING'));
  }
  if (status === 423) {
    ctx.stats.recordFault('423');
    const body = buildErrorBody(
      'LOCKED',
      'The resource is locked by another operation; retry after at least 2 seconds.',
    );
    return reply.code(423).send(body);
  }
  ctx.stats.recordFault('5xx');
  const messages = {
    500: 'internal error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
  } as const;
  const categories = {
    500: 'INTERNAL_ERROR',
    502: 'BAD_GATEWAY',
    503: 'SERVICE_UNAVAILABLE',
  } as const;
  return reply.code(status).send(buildErrorBody(categories[status], messages[status]));
}
