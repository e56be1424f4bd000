import Fastify, { type FastifyInstance } from 'fastify';
import type { SandboxContext } from './context.js';
import { installApiPipeline } from './pipeline.js';
import { registerAssociationRoutes } from './routes/associations.js';
import { registerControlRoutes } from './routes/control.js';
import { registerOAuthRoutes } from './routes/oauth.js';
import { registerObjectReadRoutes } from './routes/objects-read.js';
import { registerObjectWriteRoutes } from './routes/objects-write.js';
import { registerPropertyRoutes } from './routes/properties.js';
import { registerRecordAssociationRoutes } from './routes/record-associations.js';
import { registerSchemaRoutes } from './routes/schemas.js';
import { registerTruthRoutes } from './routes/truth.js';

const BODY_LIMIT = 64 * 1024 * 1024;

/** The sandbox's fastify app, not yet listening (tests may `inject` into it). */
export function buildSandboxServer(
  ctx: SandboxContext,
  opts: { onInternalError?: (error: unknown) => void } = {},
): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1_000 },
  });
  installBodyParsers(app);
  installApiPipeline(app, ctx, opts.onInternalError);
  registerObjectReadRoutes(app, ctx);
  registerObjectWriteRoutes(app, ctx);
  registerPropertyRoutes(app, ctx);
  registerSchemaRoutes(app, ctx);
  registerAssociationRoutes(app, ctx);
  registerRecordAssociationRoutes(app, ctx);
  registerOAuthRoutes(app, ctx);
  registerControlRoutes(app, ctx);
  registerTruthRoutes(app, ctx);
  return app;
}

function installBodyParsers(app: FastifyInstance): void {
  // HubSpot's SDK sends `Content-Type: application/json` with no body on DELETE, and the
  // default parser rejects that; an empty body here is simply no body.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      const failure = error as Error & { statusCode?: number };
      failure.statusCode = 400;
      done(failure, undefined);
    }
  });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
}
