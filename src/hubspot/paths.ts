import type { ApiVersion } from '../config/schema.js';

/** Every endpoint path the replicator calls, for one API version. */
export interface HubSpotPaths {
  /** GET list (and `?archived=true`). */
  objects(type: string): string;
  object(type: string, id: string): string;
  search(type: string): string;
  batchRead(type: string): string;
  properties(type: string): string;
  schemas(): string;
  associationsBatchRead(from: string, to: string): string;
  associationLabels(from: string, to: string): string;
  objectAssociations(type: string, id: string, to: string): string;
}

const segment = encodeURIComponent;

/**
 * Legacy `/crm/v3` + `/crm/v4` paths, or the date-versioned family (`/crm/objects/2026-03/…`),
 * whose bodies are the same as v3's.
 */
export function buildPaths(version: ApiVersion): HubSpotPaths {
  if (version === 'legacy') {
    return {
      objects: (type) => `/crm/v3/objects/${segment(type)}`,
      object: (type, id) => `/crm/v3/objects/${segment(type)}/${segment(id)}`,
      search: (type) => `/crm/v3/objects/${segment(type)}/search`,
      batchRead: (type) => `/crm/v3/objects/${segment(type)}/batch/read`,
      properties: (type) => `/crm/v3/properties/${segment(type)}`,
      schemas: () => '/crm-object-schemas/v3/schemas',
      associationsBatchRead: (from, to) =>
        `/crm/v4/associations/${segment(from)}/${segment(to)}/batch/read`,
      associationLabels: (from, to) =>
        `/crm/v4/associations/${segment(from)}/${segment(to)}/labels`,
      objectAssociations: (type, id, to) =>
        `/crm/v4/objects/${segment(type)}/${segment(id)}/associations/${segment(to)}`,
    };
  }
  const v = version;
  return {
    objects: (type) => `/crm/objects/${v}/${segment(type)}`,
    object: (type, id) => `/crm/objects/${v}/${segment(type)}/${segment(id)}`,
    search: (type) => `/crm/objects/${v}/${segment(type)}/search`,
    batchRead: (type) => `/crm/objects/${v}/${segment(type)}/batch/read`,
    properties: (type) => `/crm/properties/${v}/${segment(type)}`,
    schemas: () => `/crm-object-schemas/${v}/schemas`,
    associationsBatchRead: (from, to) =>
      `/crm/associations/${v}/${segment(from)}/${segment(to)}/batch/read`,
    associationLabels: (from, to) =>
      `/crm/associations/${v}/${segment(from)}/${segment(to)}/labels`,
    objectAssociations: (type, id, to) =>
      `/crm/objects/${v}/${segment(type)}/${segment(id)}/associations/${segment(to)}`,
  };
}
