import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SearchRequest } from '../../portal/types.js';
import { attachAssociations } from '../association-names.js';
import {
  buildBatchResponse,
  buildIdsError,
  describePartialFault,
  type BatchError,
} from '../batch.js';
import type { SandboxContext } from '../context.js';
import { notFoundError, validationError } from '../errors.js';
import {
  readBody,
  readBoolean,
  readId,
  readInputs,
  readLimit,
  readList,
  readParam,
  readQuery,
  readString,
  readStringArray,
  requireType,
} from '../params.js';
import { addApiRoute, FAMILIES, withSuffix } from '../paths.js';

export function registerObjectReadRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  addApiRoute(app, {
    method: 'GET',
    route: 'objects.list',
    paths: FAMILIES.objects,
    handler: (req) => listObjects(ctx, req),
  });
  addApiRoute(app, {
    method: 'GET',
    route: 'objects.get',
    paths: withSuffix(FAMILIES.objects, '/:id'),
    handler: (req) => getObject(ctx, req),
  });
  addApiRoute(app, {
    method: 'POST',
    route: 'objects.batchRead',
    paths: withSuffix(FAMILIES.objects, '/batch/read'),
    handler: (req, reply) => batchReadObjects(ctx, req, reply),
  });
  addApiRoute(app, {
    method: 'POST',
    route: 'objects.search',
    search: true,
    paths: withSuffix(FAMILIES.objects, '/search'),
    handler: (req) => {
      const def = requireType(ctx.portal, readParam(req, 'type'));
      return ctx.portal.search(def.name, readBody(req) as SearchRequest);
    },
  });
}

function listObjects(ctx: SandboxContext, request: FastifyRequest) {
  const def = requireType(ctx.portal, readParam(request, 'type'));
  const query = readQuery(request);
  const archived = readBoolean(query.archived);
  if (archived && !def.supportsArchived) {
    throw validationError(`archived=true is not supported for object type ${def.name}`);
  }
  const page = ctx.portal.list(def.name, {
    limit: readLimit(query.limit, { fallback: 10, max: 100 }),
    after: readString(query.after),
    properties: readList(query.properties),
    archived,
  });
  const toTypes = readList(query.associations);
  if (!toTypes?.length) return page;
  return { ...page, results: attachAssociations(ctx.portal, def, page.results, toTypes) };
}

function getObject(ctx: SandboxContext, request: FastifyRequest) {
  const def = requireType(ctx.portal, readParam(request, 'type'));
  const query = readQuery(request);
  const id = readParam(request, 'id');
  const record = ctx.portal.get(def.name, id, {
    properties: readList(query.properties),
    archived: readBoolean(query.archived),
    idProperty: readString(query.idProperty),
  });
  if (!record)
    throw notFoundError('Object not found.  objectId are usually numeric.', { id: [id] });
  const toTypes = readList(query.associations);
  if (!toTypes?.length) return record;
  return attachAssociations(ctx.portal, def, [record], toTypes)[0];
}

function batchReadObjects(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply) {
  const startedAt = new Date().toISOString();
  const def = requireType(ctx.portal, readParam(request, 'type'));
  const body = readBody(request);
  const ids = readInputs(body, 100).map(readId);
  const idProperty = typeof body.idProperty === 'string' ? body.idProperty : undefined;
  const read = ctx.portal.batchRead(def.name, ids, {
    properties: readStringArray(body.properties, 'properties'),
    idProperty,
    archived: readBoolean(readQuery(request).archived),
  });
  const { kept, failed } = ctx.faults.failSome(read.results, ctx.portal.knobs.faults.rate207);
  const errors: BatchError[] = [];
  if (read.missing.length > 0) {
    const label = def.labels.singular.toUpperCase();
    const message = `Could not get some ${label} objects, they may be deleted or not exist. Check that ids are valid.`;
    errors.push(buildIdsError('OBJECT_NOT_FOUND', message, read.missing));
  }
  for (const [category, records] of failed) {
    // Failed inputs are named as the caller named them (by idProperty when one was used).
    const inputIds = records.map((r) => (idProperty ? (r.properties[idProperty] ?? r.id) : r.id));
    errors.push(describePartialFault(category, inputIds));
  }
  if (failed.size > 0) ctx.stats.recordFault('207');
  const { status, body: answer } = buildBatchResponse(kept, errors, startedAt);
  return reply.code(status).send(answer);
}
