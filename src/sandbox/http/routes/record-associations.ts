import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ObjectTypeDef, Portal } from '../../portal/types.js';
import type { SandboxContext } from '../context.js';
import { notFoundError, validationError } from '../errors.js';
import { readLimit, readParam, readQuery, readString, requireType } from '../params.js';
import { addApiRoute, FAMILIES, withSuffix } from '../paths.js';

/** v4's per-record association endpoints: `/crm/v4/objects/{type}/{id}/associations/…`. */
export function registerRecordAssociationRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { portal } = ctx;
  const base = FAMILIES.objectAssociations;
  addApiRoute(app, {
    method: 'GET',
    route: 'associations.list',
    paths: withSuffix(base, '/:toType'),
    handler: (req) => readRecordAssociationPage(portal, req),
  });
  addApiRoute(app, {
    method: 'PUT',
    route: 'associations.create',
    paths: withSuffix(base, '/:toType/:toId'),
    handler: (req, reply) => {
      const from = requireType(portal, readParam(req, 'type'));
      const to = requireType(portal, readParam(req, 'toType'));
      if (!Array.isArray(req.body)) {
        throw validationError('body must be an array of association types');
      }
      const [fromId, toId] = [readParam(req, 'id'), readParam(req, 'toId')];
      // v4 answers 201 here; the SDK treats anything else as an error.
      return reply
        .code(201)
        .send(createTypedAssociations(portal, from, fromId, to, toId, req.body));
    },
  });
  addApiRoute(app, {
    method: 'PUT',
    route: 'associations.createDefault',
    paths: withSuffix(base, '/default/:toType/:toId'),
    handler: (req) => {
      const startedAt = new Date().toISOString();
      const from = requireType(portal, readParam(req, 'type'));
      const to = requireType(portal, readParam(req, 'toType'));
      const fromId = readParam(req, 'id');
      const toId = readParam(req, 'toId');
      const type = portal
        .associationTypes(from.name, to.name)
        .find((t) => t.category === 'HUBSPOT_DEFINED' && t.label === null);
      portal.associate(from.name, fromId, to.name, toId, type ? { typeId: type.typeId } : {});
      const associationSpec = type
        ? { associationCategory: type.category, associationTypeId: type.typeId }
        : undefined;
      const results = [{ from: { id: fromId }, to: { id: toId }, associationSpec }];
      return { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() };
    },
  });
  addApiRoute(app, {
    method: 'DELETE',
    route: 'associations.archive',
    paths: withSuffix(base, '/:toType/:toId'),
    handler: (req, reply) => {
      const from = requireType(portal, readParam(req, 'type'));
      const to = requireType(portal, readParam(req, 'toType'));
      portal.dissociate(from.name, readParam(req, 'id'), to.name, readParam(req, 'toId'));
      return reply.code(204).send();
    },
  });
}

export interface AssociationTypeInput {
  associationCategory?: string;
  associationTypeId?: number | string;
}

/** Creates each input's typed associations and answers with v4's label view of each pair. */
export function createTypedAssociations(
  portal: Portal,
  from: ObjectTypeDef,
  fromId: string,
  to: ObjectTypeDef,
  toId: string,
  types: AssociationTypeInput[],
) {
  if (!Array.isArray(types) || types.length === 0)
    throw validationError('types must list at least one association type');
  const known = portal.associationTypes(from.name, to.name);
  const labels: string[] = [];
  for (const type of types) {
    const typeId = Number(type.associationTypeId);
    const def = known.find((k) => k.typeId === typeId);
    if (!def)
      throw validationError(
        `${typeId} is not a valid association type between ${from.name} and ${to.name}`,
      );
    portal.associate(from.name, fromId, to.name, toId, { typeId });
    if (def.label) labels.push(def.label);
  }
  return {
    fromObjectTypeId: from.objectTypeId,
    fromObjectId: fromId,
    toObjectTypeId: to.objectTypeId,
    toObjectId: toId,
    labels,
  };
}

export function readRecordAssociationPage(portal: Portal, request: FastifyRequest) {
  const from = requireType(portal, readParam(request, 'type'));
  const to = requireType(portal, readParam(request, 'toType'));
  const id = readParam(request, 'id');
  const query = readQuery(request);
  const page = portal.associations(from.name, id, to.name, {
    limit: readLimit(query.limit, { fallback: 500, max: 500 }),
    after: readString(query.after),
  });
  if (!page) throw notFoundError(`No ${from.name} with id ${id} exists.`, { id: [id] });
  return page;
}
