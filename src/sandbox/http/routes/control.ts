import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KnobsError, mergeKnobs, parseKnobsPatch } from '../../options.js';
import type { SandboxContext } from '../context.js';
import { validationError } from '../errors.js';
import { readBody, readParam, readProperties, requireType } from '../params.js';
import { readPropertyInput } from './properties.js';

/** `/_sandbox/*`: drive the portal and read its ground truth. No auth, limits or faults. */
export function registerControlRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { portal } = ctx;
  const typeOf = (req: FastifyRequest) => requireType(portal, readParam(req, 'type')).name;

  app.get('/_sandbox/health', () => ({
    status: 'ok',
    portalId: portal.portalId,
    objects: Object.fromEntries(
      portal.objectTypes().map((def) => [def.name, portal.count(def.name)]),
    ),
  }));
  app.get('/_sandbox/knobs', () => portal.knobs);
  app.patch('/_sandbox/knobs', (req) => {
    try {
      const patch = parseKnobsPatch(readBody(req));
      mergeKnobs(portal.knobs, patch);
      return portal.setKnobs(patch);
    } catch (error) {
      if (error instanceof KnobsError) throw validationError(error.message);
      throw error;
    }
  });
  app.get('/_sandbox/stats', () => ctx.stats.snapshot());
  app.post('/_sandbox/stats/reset', (_req, reply) => {
    ctx.stats.reset();
    return reply.code(204).send();
  });
  // Empties the rate-limit windows and the day's count, as a fresh account would have them.
  app.post('/_sandbox/limits/reset', (_req, reply) => {
    ctx.limiter.reset();
    return reply.code(204).send();
  });

  app.post('/_sandbox/objects/:type', (req, reply) => {
    const body = readBody(req);
    const createdAt = body.createdAt === undefined ? undefined : readTimestamp(body.createdAt);
    return reply
      .code(201)
      .send(portal.create(typeOf(req), readProperties(body.properties), { createdAt }));
  });
  app.patch('/_sandbox/objects/:type/:id', (req) =>
    portal.update(typeOf(req), readParam(req, 'id'), readProperties(readBody(req).properties)),
  );
  app.post('/_sandbox/objects/:type/:id/archive', (req, reply) => {
    portal.archive(typeOf(req), readParam(req, 'id'));
    return reply.code(204).send();
  });
  app.post('/_sandbox/objects/:type/:id/restore', (req) =>
    portal.restore(typeOf(req), readParam(req, 'id')),
  );
  app.post('/_sandbox/objects/:type/:id/purge', (req, reply) => {
    portal.purge(typeOf(req), readParam(req, 'id'));
    return reply.code(204).send();
  });
  app.post('/_sandbox/objects/:type/merge', (req) => {
    const body = readBody(req);
    return portal.merge(
      typeOf(req),
      readRequired(body, 'primaryId'),
      readRequired(body, 'mergedId'),
    );
  });

  app.post('/_sandbox/associations', (req, reply) => {
    const link = readAssociation(readBody(req));
    portal.associate(link.fromType, link.fromId, link.toType, link.toId, link.options);
    return reply.code(204).send();
  });
  app.delete('/_sandbox/associations', (req, reply) => {
    const body = req.body === undefined ? (req.query as Record<string, unknown>) : readBody(req);
    const link = readAssociation(body);
    portal.dissociate(link.fromType, link.fromId, link.toType, link.toId, {
      typeId: link.options.typeId,
    });
    return reply.code(204).send();
  });

  app.post('/_sandbox/properties/:type', (req, reply) =>
    reply.code(201).send(portal.createProperty(typeOf(req), readPropertyInput(readBody(req)))),
  );
  app.patch('/_sandbox/properties/:type/:name', (req) =>
    portal.updateProperty(typeOf(req), readParam(req, 'name'), readBody(req)),
  );
  app.delete('/_sandbox/properties/:type/:name', (req, reply) => {
    portal.archiveProperty(typeOf(req), readParam(req, 'name'));
    return reply.code(204).send();
  });

  function readAssociation(body: Record<string, unknown>) {
    const typeId = body.typeId === undefined ? undefined : Number(body.typeId);
    if (typeId !== undefined && !Number.isInteger(typeId))
      throw validationError('typeId must be an integer');
    const label = typeof body.label === 'string' ? body.label : undefined;
    return {
      fromType: requireType(portal, readRequired(body, 'fromType')).name,
      fromId: readRequired(body, 'fromId'),
      toType: requireType(portal, readRequired(body, 'toType')).name,
      toId: readRequired(body, 'toId'),
      options: {
        ...(typeId !== undefined ? { typeId } : {}),
        ...(label !== undefined ? { label } : {}),
      },
    };
  }
}

function readRequired(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' && typeof value !== 'number')
    throw validationError(`${field} is required`);
  return String(value);
}

/** Epoch milliseconds or an ISO date-time. */
function readTimestamp(value: unknown): number {
  const ms = typeof value === 'number' ? value : Date.parse(String(value));
  if (!Number.isFinite(ms))
    throw validationError('createdAt must be epoch milliseconds or an ISO date-time');
  return ms;
}
