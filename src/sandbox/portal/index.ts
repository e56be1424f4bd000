/**
 * The sandbox's in-process HubSpot portal (the HTTP layer in src/sandbox/http serves it).
 *
 * What it models: standard objects, engagements, a custom `car` object and any number of
 * generated custom objects (custom-objects.ts); properties of every type × fieldType plus names
 * the column rules must survive; records generated lazily from the seed (typed-array history,
 * values on demand, an overlay for writes); bulk-import timestamp blocks, bad values, archived
 * records; search with HubSpot's operators, limits, 10,000 cap,
 * unordered ties and per-write visibility lag, answered from sorted indexes; associations with
 * per-direction type ids and labels; archive, restore, merge, purge; property CRUD.
 *
 * What it does not: owners, pipelines as objects, sensitive properties, property history,
 * value validation on write (bad values must be writable for tests), GDPR and merge redirects
 * (a merged-away id reads as not found instead of as the survivor).
 */
import { SandboxPortal } from './portal.js';
import type { PortalInit } from './options.js';
import type { Portal } from './types.js';

export * from './types.js';
export { defaultKnobs, defaultPortalOptions, DEFAULT_COUNTS, type PortalInit } from './options.js';
export { SandboxPortal } from './portal.js';

/**
 * Builds a simulated portal. Generated data is a pure function of the options and the UTC day
 * of `now()`; `knobs` may be a partial patch over defaultKnobs().
 */
export function createPortal(opts: PortalInit = {}): Portal {
  return new SandboxPortal(opts);
}
