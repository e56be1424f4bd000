import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ObjectTypeDef, Portal, RecordView } from '../../portal/types.js';
import { PortalError } from '../../portal/types.js';
import { buildBatchResponse, buildIdsError, type BatchError } from '../batch.js';
import type { SandboxContext } from '../context.js';
import { notFoundError, validationError } from '../errors.js';
import {
  readBody,
  readId,
  readInputs,
  readParam,
  readProperties,
  readQuery,
  readString,
  requireType,
} from '../params.js';
import { addApiRoute, FAMILIES, withSuffix } from '../paths.js';

const BATCH_MAX = 100;

export function registerObjectWriteRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { portal } = ctx;
  const objects = FAMILIES.objects;
  const one = withSuffix(objects, '/:id');
  addApiRoute(app, {
    method: 'POST',
    route: 'objects.create',
    paths: objects,
    handler: (req, reply) => {
      const def = requireType(portal, readParam(req, 'type'));
      return reply.code(201).send(createWithAssociations(portal, def, readBody(req)));
    },
  });
  addApiRoute(app, {
    method: 'PATCH',
    route: 'objects.update',
    paths: one,
    handler: (req) => {
      const def = requireType(portal, readParam(req, 'type'));
      const id = resolveId(
        portal,
        def,
        readParam(req, 'id'),
        readString(readQuery(req).idProperty),
      );
      if (id === undefined)
        throw notFoundError('Object not found.  objectId are usually numeric.', {
          id: [readParam(req, 'id')],
        });
      return portal.update(def.name, id, readProperties(readBody(req).properties));
    },
  });
  addApiRoute(app, {
    method: 'DELETE',
    route: 'objects.archive',
    paths: one,
    handler: (req, reply) => {
      const def = requireType(portal, readParam(req, 'type'));
      archiveQuietly(portal, def, readParam(req, 'id'));
      return reply.code(204).send();
    },
  });
  const batch = (
    verb: string,
    handler: (def: ObjectTypeDef, body: Record<string, unknown>, reply: FastifyReply) => unknown,
  ) =>
    addApiRoute(app, {
      method: 'POST',
      route: `objects.batch${verb[0]?.toUpperCase()}${verb.slice(1)}`,
      paths: withSuffix(objects, `/batch/${verb}`),
      handler: (req: FastifyRequest, reply) =>
        handler(requireType(portal, readParam(req, 'type')), readBody(req), reply),
    });
  batch('create', (def, body, reply) => sendBatch(reply, batchCreate(portal, def, body), 201));
  batch('update', (def, body, reply) => sendBatch(reply, batchUpdate(portal, def, body), 200));
  batch('upsert', (def, body, reply) => sendBatch(reply, batchUpsert(portal, def, body), 200));
  batch('archive', (def, body, reply) => {
    for (const input of readInputs(body, BATCH_MAX)) archiveQuietly(portal, def, readId(input));
    return reply.code(204).send();
  });
}

interface BatchOutcome {
  startedAt: string;
  results: unknown[];
  errors: BatchError[];
}

function sendBatch(reply: FastifyReply, outcome: BatchOutcome, okStatus: number) {
  const { status, body } = buildBatchResponse(
    outcome.results,
    outcome.errors,
    outcome.startedAt,
    okStatus,
  );
  return reply.code(status).send(body);
}

/** Runs one input; a PortalError becomes that input's entry in `errors` instead of failing the batch. */
function collect(
  outcome: BatchOutcome,
  context: Record<string, string[]>,
  run: () => unknown,
): void {
  try {
    outcome.results.push(run());
  } catch (error) {
    if (!(error instanceof PortalError)) throw error;
    outcome.errors.push({
      status: 'error',
      category: error.category,
      message: error.message,
      context,
    });
  }
}

function batchCreate(
  portal: Portal,
  def: ObjectTypeDef,
  body: Record<string, unknown>,
): BatchOutcome {
  const outcome: BatchOutcome = { startedAt: new Date().toISOString(), results: [], errors: [] };
  readInputs(body, BATCH_MAX).forEach((input, index) => {
    collect(outcome, { inputIndex: [String(index)] }, () =>
      createWithAssociations(portal, def, input),
    );
  });
  return outcome;
}

function batchUpdate(
  portal: Portal,
  def: ObjectTypeDef,
  body: Record<string, unknown>,
): BatchOutcome {
  const outcome: BatchOutcome = { startedAt: new Date().toISOString(), results: [], errors: [] };
  const missing: string[] = [];
  for (const input of readInputs(body, BATCH_MAX)) {
    const given = readId(input);
    const id = resolveId(portal, def, given, readString(input.idProperty));
    if (id === undefined) missing.push(given);
    else
      collect(outcome, { ids: [given] }, () =>
        portal.update(def.name, id, readProperties(input.properties)),
      );
  }
  if (missing.length > 0) {
    outcome.errors.push(
      buildIdsError(
        'OBJECT_NOT_FOUND',
        'Could not update some objects: they do not exist.',
        missing,
      ),
    );
  }
  return outcome;
}

/** Upsert by a unique property: update the record holding that value, else create it with it. */
function batchUpsert(
  portal: Portal,
  def: ObjectTypeDef,
  body: Record<string, unknown>,
): BatchOutcome {
  const outcome: BatchOutcome = { startedAt: new Date().toISOString(), results: [], errors: [] };
  for (const input of readInputs(body, BATCH_MAX)) {
    const given = readId(input);
    const idProperty = readString(input.idProperty) ?? 'hs_object_id';
    const properties = readProperties(input.properties);
    collect(outcome, { ids: [given] }, () => {
      const id = resolveId(portal, def, given, idProperty);
      if (id !== undefined) return { ...portal.update(def.name, id, properties), new: false };
      if (idProperty === 'hs_object_id')
        throw new PortalError(404, 'OBJECT_NOT_FOUND', `No ${def.name} with id ${given}`);
      return { ...portal.create(def.name, { ...properties, [idProperty]: given }), new: true };
    });
  }
  return outcome;
}

function resolveId(
  portal: Portal,
  def: ObjectTypeDef,
  id: string,
  idProperty: string | undefined,
): string | undefined {
  const idProp = idProperty === 'hs_object_id' ? undefined : idProperty;
  return portal.get(def.name, id, { properties: [], idProperty: idProp })?.id;
}

// HubSpot answers 204 to deleting a record that does not exist (or is already archived).
function archiveQuietly(portal: Portal, def: ObjectTypeDef, id: string): void {
  try {
    portal.archive(def.name, id);
  } catch (error) {
    if (!(error instanceof PortalError) || error.status !== 404) throw error;
  }
}

interface AssociationSpec {
  to?: { id?: unknown };
  types?: Array<{ associationCategory?: string; associationTypeId?: number }>;
}

/** `POST …/objects/{type}` with v3's `associations: [{to:{id}, types:[…]}]`. */
function createWithAssociations(
  portal: Portal,
  def: ObjectTypeDef,
  input: Record<string, unknown>,
): RecordView {
  const specs = (input.associations ?? []) as AssociationSpec[];
  if (!Array.isArray(specs)) throw validationError('associations must be an array');
  const links = specs.flatMap((spec) =>
    (spec.types ?? []).map((type) => {
      const typeId = Number(type.associationTypeId);
      const toType = findTypeTarget(portal, def, typeId);
      if (!toType || spec.to?.id === undefined) {
        throw validationError(`association type ${typeId} does not start at ${def.name}`);
      }
      return { toType, toId: String(spec.to.id), typeId };
    }),
  );
  const record = portal.create(def.name, readProperties(input.properties));
  for (const link of links)
    portal.associate(def.name, record.id, link.toType, link.toId, { typeId: link.typeId });
  return record;
}

function findTypeTarget(portal: Portal, from: ObjectTypeDef, typeId: number): string | undefined {
  for (const to of portal.objectTypes()) {
    if (portal.associationTypes(from.name, to.name).some((t) => t.typeId === typeId))
      return to.name;
  }
  return undefined;
}
