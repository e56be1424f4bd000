import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ObjectTypeDef, Portal } from '../../portal/types.js';
import { PortalError } from '../../portal/types.js';
import { nameAssociationType } from '../association-names.js';
import { buildBatchResponse, describePartialFault, type BatchError } from '../batch.js';
import type { SandboxContext } from '../context.js';
import { readBody, readId, readInputs, readParam, requireType } from '../params.js';
import { addApiRoute, FAMILIES, withSuffix } from '../paths.js';
import { createTypedAssociations, type AssociationTypeInput } from './record-associations.js';

const READ_MAX = 1_000;
const WRITE_MAX = 1_000;

export function registerAssociationRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { portal } = ctx;
  const pair = (req: FastifyRequest) => ({
    from: requireType(portal, readParam(req, 'from')),
    to: requireType(portal, readParam(req, 'to')),
  });
  addApiRoute(app, {
    method: 'POST',
    route: 'associations.batchRead',
    paths: withSuffix(FAMILIES.associations, '/batch/read'),
    handler: (req, reply) => batchReadAssociations(ctx, req, reply),
  });
  addApiRoute(app, {
    method: 'GET',
    route: 'associations.labels',
    paths: withSuffix(FAMILIES.associations, '/labels'),
    handler: (req) => {
      const { from, to } = pair(req);
      return {
        results: portal
          .associationTypes(from.name, to.name)
          .map(({ category, typeId, label }) => ({ category, typeId, label })),
      };
    },
  });
  // v3's type listing has no date-versioned successor (labels replaced it).
  addApiRoute(app, {
    method: 'GET',
    route: 'associations.types',
    paths: { legacy: ['/crm/v3/associations/:from/:to/types'], dated: [] },
    handler: (req) => {
      const { from, to } = pair(req);
      const types = portal.associationTypes(from.name, to.name);
      const hasPrimary = types.some((t) => t.label?.toLowerCase() === 'primary');
      return {
        results: types.map((t) => ({
          id: String(t.typeId),
          name: nameAssociationType(from, to, t, hasPrimary),
        })),
      };
    },
  });
  addApiRoute(app, {
    method: 'POST',
    route: 'associations.batchCreate',
    paths: withSuffix(FAMILIES.associations, '/batch/create'),
    handler: (req, reply) => {
      const { from, to } = pair(req);
      return batchCreateAssociations(portal, from, to, readBody(req), reply);
    },
  });
  addApiRoute(app, {
    method: 'POST',
    route: 'associations.batchArchive',
    paths: withSuffix(FAMILIES.associations, '/batch/archive'),
    handler: (req, reply) => {
      const { from, to } = pair(req);
      for (const input of readInputs(readBody(req), WRITE_MAX)) {
        const fromId = readId((input.from ?? {}) as Record<string, unknown>);
        const targets = Array.isArray(input.to) ? (input.to as Array<Record<string, unknown>>) : [];
        for (const target of targets) portal.dissociate(from.name, fromId, to.name, readId(target));
      }
      return reply.code(204).send();
    },
  });
}

function batchReadAssociations(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply) {
  const startedAt = new Date().toISOString();
  const from = requireType(ctx.portal, readParam(request, 'from'));
  const to = requireType(ctx.portal, readParam(request, 'to'));
  const inputs = readInputs(readBody(request), READ_MAX).map((input) => ({
    id: readId(input),
    after:
      typeof input.after === 'string' || typeof input.after === 'number'
        ? String(input.after)
        : undefined,
  }));
  const read = ctx.portal.batchReadAssociations(from.name, to.name, inputs);
  const { kept, failed } = ctx.faults.failSome(read.results, ctx.portal.knobs.faults.rate207);
  // HubSpot answers an input with no associations (or no record) with one error each, not an
  // empty result: 207, OBJECT_NOT_FOUND / crm.associations.NO_ASSOCIATIONS_FOUND.
  const answered = new Set(read.results.map((r) => r.from.id));
  const errors: BatchError[] = inputs
    .filter((input) => !answered.has(input.id))
    .map((input) => noAssociationsError(from, to, input.id));
  for (const [category, results] of failed)
    errors.push(
      describePartialFault(
        category,
        results.map((r) => r.from.id),
      ),
    );
  if (failed.size > 0) ctx.stats.recordFault('207');
  const { status, body } = buildBatchResponse(kept, errors, startedAt);
  return reply.code(status).send(body);
}

function batchCreateAssociations(
  portal: Portal,
  from: ObjectTypeDef,
  to: ObjectTypeDef,
  body: Record<string, unknown>,
  reply: FastifyReply,
) {
  const startedAt = new Date().toISOString();
  const results: unknown[] = [];
  const errors: BatchError[] = [];
  for (const input of readInputs(body, WRITE_MAX)) {
    const fromId = readId((input.from ?? {}) as Record<string, unknown>);
    const toId = readId((input.to ?? {}) as Record<string, unknown>);
    try {
      results.push(
        createTypedAssociations(
          portal,
          from,
          fromId,
          to,
          toId,
          input.types as AssociationTypeInput[],
        ),
      );
    } catch (error) {
      if (!(error instanceof PortalError)) throw error;
      errors.push({
        status: 'error',
        category: error.category,
        message: error.message,
        context: { fromId: [fromId], toId: [toId] },
      });
    }
  }
  const { status, body: answer } = buildBatchResponse(results, errors, startedAt, 201);
  return reply.code(status).send(answer);
}

function noAssociationsError(from: ObjectTypeDef, to: ObjectTypeDef, id: string): BatchError {
  const fromName = from.labels.singular.toLowerCase();
  const toName = to.labels.singular.toLowerCase();
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
    message: `No ${toName} is associated with ${fromName} ${id}.`,
    context: { fromObjectId: [id], fromObjectType: [fromName], toObjectType: [toName] },
  };
}
