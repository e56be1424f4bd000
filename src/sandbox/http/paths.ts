import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';

export type PathFamily = 'legacy' | 'dated';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Stats name of the route (`objects.search`); absent on /_sandbox/* routes. */
    route?: string;
    /** HubSpot API route: authenticated, rate-limited, fault-injected. */
    api?: boolean;
    /** Search route: its own 5/s limit, no rate-limit headers. */
    search?: boolean;
    family?: PathFamily;
  }
}

/** HubSpot's date versions: `2026-03`, `2026-09`, any `YYYY-MM`. */
export const DATE_VERSION = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface PathPair {
  legacy: string[];
  dated: string[];
}

/** Path prefixes of each endpoint family; `:version` is checked by the API hook. */
export const FAMILIES = {
  objects: { legacy: ['/crm/v3/objects/:type'], dated: ['/crm/objects/:version/:type'] },
  objectAssociations: {
    legacy: ['/crm/v4/objects/:type/:id/associations'],
    dated: ['/crm/objects/:version/:type/:id/associations'],
  },
  properties: { legacy: ['/crm/v3/properties/:type'], dated: ['/crm/properties/:version/:type'] },
  schemas: {
    legacy: ['/crm-object-schemas/v3/schemas', '/crm/v3/schemas'],
    dated: ['/crm-object-schemas/:version/schemas'],
  },
  associations: {
    legacy: ['/crm/v4/associations/:from/:to'],
    dated: ['/crm/associations/:version/:from/:to'],
  },
} satisfies Record<string, PathPair>;

export function withSuffix(pair: PathPair, suffix: string): PathPair {
  return { legacy: pair.legacy.map((p) => p + suffix), dated: pair.dated.map((p) => p + suffix) };
}

export type ApiHandler = (
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<unknown> | unknown;

export interface ApiRouteSpec {
  method: HTTPMethods;
  route: string;
  paths: PathPair;
  search?: boolean;
  handler: ApiHandler;
}

/** Registers one handler under every path of both families, so they answer identically. */
export function addApiRoute(app: FastifyInstance, spec: ApiRouteSpec): void {
  for (const family of ['legacy', 'dated'] as const) {
    for (const url of spec.paths[family]) {
      app.route({
        method: spec.method,
        url,
        config: { route: spec.route, api: true, search: spec.search ?? false, family },
        handler: spec.handler,
      });
    }
  }
}
