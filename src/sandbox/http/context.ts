import type { Portal } from '../portal/types.js';
import type { Authenticator } from './auth.js';
import type { FaultInjector } from './faults.js';
import type { RateLimiter } from './limits.js';
import type { StatsRecorder } from './stats.js';

/** Everything a route handler or hook may use; built once per server. */
export interface SandboxContext {
  portal: Portal;
  now: () => number;
  auth: Authenticator;
  limiter: RateLimiter;
  faults: FaultInjector;
  stats: StatsRecorder;
}
