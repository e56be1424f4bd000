/**
 * Introspection: the portal's object types and properties → a DDL plan for the mirror. Search and
 * batch reads return only the properties asked for, so this is also what finds new properties.
 */
import { ConfigError } from '../../config/errors.js';
import type { Config } from '../../config/types.js';
import {
  listCustomSchemas,
  listProperties,
  type HubSpotClient,
  type HubSpotProperty,
  type HubSpotSchema,
} from '../../hubspot/index.js';
import {
  CUSTOM_CREATED_PROPERTY,
  CUSTOM_MODIFIED_PROPERTY,
  STANDARD_OBJECT_TYPES,
} from '../../hubspot/object-types.js';
import {
  planSchema,
  tableNameFor,
  type CatalogObject,
  type DdlPlan,
  type DesiredObject,
} from '../../schema/index.js';
import { readCatalog, type ApplyResult, type StoreContext } from '../../store/index.js';
import { applySchemaChanges } from './apply.js';
import { apiTypeOf } from '../catalog-object.js';

interface ObjectCandidate {
  names: string[];
  tableName: string;
  apiName: string;
  objectTypeId: string;
  createdProperty: string;
  modifiedProperty: string;
  byDefault: boolean;
}

function candidatesOf(schemas: HubSpotSchema[]): ObjectCandidate[] {
  const standard = STANDARD_OBJECT_TYPES.map((t) => ({
    names: [t.name, t.objectTypeId],
    tableName: t.name,
    apiName: t.name,
    objectTypeId: t.objectTypeId,
    createdProperty: t.createdProperty,
    modifiedProperty: t.modifiedProperty,
    byDefault: t.byDefault,
  }));
  const custom = schemas
    .filter((s) => !s.archived)
    .map((s) => ({
      names: [s.name, s.objectTypeId, ...(s.fullyQualifiedName ? [s.fullyQualifiedName] : [])],
      tableName: tableNameFor(s.name),
      apiName: s.name,
      objectTypeId: s.objectTypeId,
      createdProperty: CUSTOM_CREATED_PROPERTY,
      modifiedProperty: CUSTOM_MODIFIED_PROPERTY,
      byDefault: true,
    }));
  return [...standard, ...custom];
}

/** The object types to mirror: every default one, or exactly those named in --objects. */
export function selectObjects<C extends Pick<ObjectCandidate, 'names' | 'tableName' | 'byDefault'>>(
  candidates: C[],
  wanted: readonly string[] | undefined,
): C[] {
  if (!wanted?.length) return candidates.filter((c) => c.byDefault);
  return wanted.map((name) => {
    const found = candidates.find((c) =>
      c.names.some((n) => n.toLowerCase() === name.toLowerCase()),
    );
    if (!found) {
      const known = candidates.map((c) => c.tableName).join(', ');
      throw new ConfigError(
        `--objects: unknown object type "${name}" (this portal has ${known})`,
        'objects',
      );
    }
    return found;
  });
}

/** The mirrored object types named in --objects (by table, API name or objectTypeId), or all. */
export function selectMirrored(
  catalog: readonly CatalogObject[],
  { objects: wanted }: Pick<IntrospectOptions, 'objects'>,
): CatalogObject[] {
  const candidates = catalog.map((object) => ({
    object,
    names: [object.objectType, object.apiName, object.objectTypeId],
    tableName: object.objectType,
    byDefault: true,
  }));
  return selectObjects(candidates, wanted).map((c) => c.object);
}

function pickDateProperty(
  properties: HubSpotProperty[],
  preferred: string,
  fallback: string,
): string {
  if (properties.some((p) => p.name === preferred)) return preferred;
  return properties.some((p) => p.name === fallback) ? fallback : preferred;
}

/** Reads the portal's schema for the selected object types (one properties call per type). */
export async function readDesiredObjects(
  client: HubSpotClient,
  wanted: readonly string[] | undefined,
  signal?: AbortSignal,
): Promise<DesiredObject[]> {
  const call = { priority: 'sweep' as const, ...(signal ? { signal } : {}) };
  const schemas = await listCustomSchemas(client, call);
  const selected = selectObjects(candidatesOf(schemas), wanted);
  return Promise.all(
    selected.map(async (c) => {
      const properties = await listProperties(client, apiTypeOf(c), call);
      return {
        tableName: c.tableName,
        apiName: c.apiName,
        objectTypeId: c.objectTypeId,
        createdProperty: pickDateProperty(properties, c.createdProperty, 'createdate'),
        modifiedProperty: pickDateProperty(properties, c.modifiedProperty, 'hs_lastmodifieddate'),
        properties: properties.map((p) => ({
          name: p.name,
          type: p.type,
          fieldType: p.fieldType,
          archived: p.archived === true,
        })),
      };
    }),
  );
}

export interface IntrospectOptions {
  objects?: readonly string[];
  columnBudget: number;
  planOnly?: boolean;
  signal?: AbortSignal;
}

/** The one place the configuration becomes introspection's (and object selection's) options. */
export function introspectOptionsOf(
  config: Pick<Config, 'objects' | 'columnBudget'>,
  run: Pick<IntrospectOptions, 'planOnly' | 'signal'> = {},
): IntrospectOptions {
  return {
    ...(config.objects ? { objects: config.objects } : {}),
    columnBudget: config.columnBudget,
    ...run,
  };
}

export interface IntrospectResult {
  plan: DdlPlan;
  applied?: ApplyResult;
}

/** Plans the mirror's DDL for the portal's current schema, and applies it unless `planOnly`. */
export async function introspect(
  store: StoreContext,
  client: HubSpotClient,
  options: IntrospectOptions,
): Promise<IntrospectResult> {
  const desired = await readDesiredObjects(client, options.objects, options.signal);
  const plan = planSchema(
    await readCatalog(store),
    { objects: desired },
    {
      columnBudget: options.columnBudget,
    },
  );
  if (options.planOnly) return { plan };
  // New properties' values for rows already stored are queued for the schema stage to fetch.
  return { plan, applied: await applySchemaChanges(store, plan) };
}
