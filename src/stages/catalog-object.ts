/**
 * What every stage family asks of a mirrored object: the path segment HubSpot knows it by, the
 * properties to read, and the catalog's current version of it (after schema drift).
 */
import type { CatalogObject } from '../schema/index.js';
import type { StageContext } from './stage.js';

/** The path segment HubSpot takes for a type: custom objects by objectTypeId. */
export const apiTypeOf = (object: Pick<CatalogObject, 'apiName' | 'objectTypeId'>): string =>
  object.objectTypeId.startsWith('2-') ? object.objectTypeId : object.apiName;

/** Every property the mirror keeps for the object, which a search or batch read must ask for. */
export const propertiesToRead = (object: CatalogObject): string[] =>
  [...object.columns.values()].filter((c) => !c.archived).map((c) => c.property);

/** The catalog's current version of the object (after schema drift), else the one given. */
export const currentObject = (
  ctx: Pick<StageContext, 'objects'>,
  object: CatalogObject,
): CatalogObject => ctx.objects().find((o) => o.objectType === object.objectType) ?? object;
