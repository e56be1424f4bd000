import type { FastifyInstance } from 'fastify';
import type { ObjectTypeDef, Portal } from '../../portal/types.js';
import type { SandboxContext } from '../context.js';
import { notFoundError } from '../errors.js';
import { readParam } from '../params.js';
import { addApiRoute, FAMILIES, withSuffix } from '../paths.js';

export function registerSchemaRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { portal } = ctx;
  addApiRoute(app, {
    method: 'GET',
    route: 'schemas.list',
    paths: FAMILIES.schemas,
    handler: () => ({
      results: portal
        .objectTypes()
        .filter((def) => def.custom)
        .map((def) => buildSchemaView(portal, def)),
    }),
  });
  addApiRoute(app, {
    method: 'GET',
    route: 'schemas.get',
    paths: withSuffix(FAMILIES.schemas, '/:objectType'),
    handler: (req) => {
      const name = readParam(req, 'objectType');
      const def = portal.resolveType(name);
      if (!def?.custom) throw notFoundError(`Unable to find object schema ${name}`);
      return buildSchemaView(portal, def);
    },
  });
}

/** A custom object's schema as `GET /crm-object-schemas/v3/schemas` lists it. */
export function buildSchemaView(portal: Portal, def: ObjectTypeDef) {
  const properties = portal.properties(def.name);
  const stamp =
    properties.find((p) => p.name === def.primaryDisplayProperty)?.createdAt ??
    properties[0]?.createdAt;
  // The portal may name the types `def` associates with; otherwise every type is asked.
  const targets = portal.associatedTypes
    ? portal.associatedTypes(def.name).flatMap((name) => portal.resolveType(name) ?? [])
    : portal.objectTypes();
  const associations = targets.flatMap((to) =>
    portal.associationTypes(def.name, to.name).map((type) => ({
      id: String(type.typeId),
      fromObjectTypeId: def.objectTypeId,
      toObjectTypeId: to.objectTypeId,
      name: type.label ?? `${def.name}_to_${to.name}`,
      createdAt: stamp,
      updatedAt: stamp,
    })),
  );
  return {
    id: def.objectTypeId.replace(/^\d+-/, ''),
    objectTypeId: def.objectTypeId,
    name: def.name,
    fullyQualifiedName: def.fullyQualifiedName,
    labels: def.labels,
    primaryDisplayProperty: def.primaryDisplayProperty,
    secondaryDisplayProperties: [],
    requiredProperties: [def.primaryDisplayProperty],
    searchableProperties: [def.primaryDisplayProperty],
    properties,
    associations,
    metaType: 'PORTAL_SPECIFIC',
    archived: false,
    createdAt: stamp,
    updatedAt: stamp,
  };
}
