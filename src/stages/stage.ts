/**
 * The contract of a live stage: one job (poll one object, sweep its deletes, …) run by the shared
 * stage loop every `intervalMs`. A tick does one cycle and returns its figures; it never loops
 * forever itself, and it stops early when `signal` aborts (after committing what it has).
 */
import type { Config, Logger } from '../config/index.js';
import type { HubSpotClient } from '../hubspot/index.js';
import type { CatalogObject } from '../schema/index.js';
import type { StageFigures, Store } from '../store/index.js';

export interface StageContext {
  store: Store;
  client: HubSpotClient;
  config: Config;
  logger: Logger;
  signal: AbortSignal;
  /** The object types being mirrored, as the catalog has them now (re-read after schema drift). */
  objects(): readonly CatalogObject[];
  now(): number;
}

export interface Stage {
  /** `poller`, `straggler`, `deletes`, `associations`, `schema`. */
  name: string;
  /** The object type this instance works on; undefined for portal-wide stages. */
  object?: string;
  intervalMs: number;
  /** One cycle. Its figures go to `_stage_runs` (numbers are added into running totals). */
  tick(ctx: StageContext): Promise<StageFigures>;
  /** Figures that describe a state (a lag, a queue length), not the cycle's work: not totalled. */
  gauges?: readonly string[];
}
