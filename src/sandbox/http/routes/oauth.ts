import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { readBody } from '../params.js';

/** `POST /oauth/v1/token`: refresh-token grant only; neither rate-limited nor faulted. */
export function registerOAuthRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/oauth/v1/token', { config: { route: 'oauth.token' } }, (request, reply) => {
    const outcome = ctx.auth.refresh(readBody(request));
    if (outcome.ok) return outcome.body;
    // OAuth errors are the one place HubSpot puts the error code in `status`.
    const correlationId = randomUUID();
    return reply.code(outcome.status).send({
      status: outcome.error,
      message: outcome.message,
      correlationId,
      requestId: correlationId,
    });
  });
}
