import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { streamJsonList } from '../json-stream.js';
import { readParam, requireType } from '../params.js';

/** Ground truth for tests: what the portal holds, not what its lagged search shows. */
export function registerTruthRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { portal } = ctx;
  app.get('/_sandbox/truth/:type', (req, reply) => {
    const def = requireType(portal, readParam(req, 'type'));
    return reply
      .type('application/json')
      .send(streamJsonList('results', portal.truthRecords(def.name)));
  });
  app.get('/_sandbox/truth/:type/archived', (req) => {
    const def = requireType(portal, readParam(req, 'type'));
    return { ids: portal.truthArchivedIds(def.name) };
  });
  app.get('/_sandbox/truth/associations/:from/:to', (req, reply) => {
    const from = requireType(portal, readParam(req, 'from'));
    const to = requireType(portal, readParam(req, 'to'));
    return reply
      .type('application/json')
      .send(streamJsonList('results', portal.truthAssociations(from.name, to.name)));
  });
}
