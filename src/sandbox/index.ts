import { serveSandbox, type Sandbox } from './http/start.js';
import { mergeKnobs, type SandboxOptions } from './options.js';
import { createPortal, defaultKnobs, defaultPortalOptions } from './portal/index.js';

export type { Sandbox, SandboxControl } from './http/start.js';
export type { SandboxOptions } from './options.js';
export type { SandboxStats } from './http/stats.js';

/** Generates a portal from `opts.seed` and serves it over HTTP; `close()` stops the server. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const defaults = defaultPortalOptions();
  const seed = opts.seed ?? opts.portal?.seed ?? defaults.seed;
  const knobs = mergeKnobs(defaultKnobs(), opts.portal?.knobs, opts.knobs);
  const portal = createPortal({
    ...opts.portal,
    seed,
    knobs,
    ...(opts.customObjects === undefined ? {} : { customObjects: opts.customObjects }),
    ...(opts.customObjectRecords === undefined
      ? {}
      : { customObjectRecords: opts.customObjectRecords }),
    ...(opts.now && !opts.portal?.now ? { now: opts.now } : {}),
  });
  return serveSandbox(portal, seed, opts);
}
