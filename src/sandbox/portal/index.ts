import { SandboxPortal } from './portal.js';
import type { Portal, PortalOptions } from './types.js';

export * from './types.js';
export { defaultKnobs, defaultPortalOptions, DEFAULT_COUNTS } from './options.js';
export { SandboxPortal } from './portal.js';

/** Builds a simulated portal; generated data is a pure function of the options (and `now()`). */
export function createPortal(opts: Partial<PortalOptions> = {}): Portal {
  return new SandboxPortal(opts);
}
