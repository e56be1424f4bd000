import type { FastifyInstance } from 'fastify';
import type { FieldType, PropertyDef, PropertyType } from '../../portal/types.js';
import type { SandboxContext } from '../context.js';
import { notFoundError, validationError } from '../errors.js';
import { readBody, readBoolean, readParam, readQuery, requireType } from '../params.js';
import { addApiRoute, FAMILIES, withSuffix } from '../paths.js';

export type PropertyInput = Partial<PropertyDef> & {
  name: string;
  type: PropertyType;
  fieldType: FieldType;
};

export function readPropertyInput(body: Record<string, unknown>): PropertyInput {
  for (const field of ['name', 'type', 'fieldType'] as const) {
    if (typeof body[field] !== 'string' || body[field] === '')
      throw validationError(`${field} is required`);
  }
  return body as PropertyInput;
}

export function registerPropertyRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { portal } = ctx;
  const one = withSuffix(FAMILIES.properties, '/:name');
  addApiRoute(app, {
    method: 'GET',
    route: 'properties.list',
    paths: FAMILIES.properties,
    handler: (req) => {
      const def = requireType(portal, readParam(req, 'type'));
      return {
        results: portal.properties(def.name, { archived: readBoolean(readQuery(req).archived) }),
      };
    },
  });
  addApiRoute(app, {
    method: 'GET',
    route: 'properties.get',
    paths: one,
    handler: (req) => {
      const def = requireType(portal, readParam(req, 'type'));
      const name = readParam(req, 'name');
      const property = portal.property(def.name, name, {
        archived: readBoolean(readQuery(req).archived),
      });
      if (!property)
        throw notFoundError(
          `Unable to find property with name "${name}" on object type ${def.name}`,
        );
      return property;
    },
  });
  addApiRoute(app, {
    method: 'POST',
    route: 'properties.create',
    paths: FAMILIES.properties,
    handler: (req, reply) => {
      const def = requireType(portal, readParam(req, 'type'));
      return reply
        .code(201)
        .send(portal.createProperty(def.name, readPropertyInput(readBody(req))));
    },
  });
  addApiRoute(app, {
    method: 'PATCH',
    route: 'properties.update',
    paths: one,
    handler: (req) => {
      const def = requireType(portal, readParam(req, 'type'));
      return portal.updateProperty(
        def.name,
        readParam(req, 'name'),
        readBody(req) as Partial<PropertyDef>,
      );
    },
  });
  addApiRoute(app, {
    method: 'DELETE',
    route: 'properties.archive',
    paths: one,
    handler: (req, reply) => {
      const def = requireType(portal, readParam(req, 'type'));
      portal.archiveProperty(def.name, readParam(req, 'name'));
      return reply.code(204).send();
    },
  });
}
