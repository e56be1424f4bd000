/**
 * Reports this process's view of the daily API budget into `_stage_runs` (`*`, `api`), so
 * `status` can show the share used: the quota and the portal's remaining calls come from
 * HubSpot's `X-HubSpot-RateLimit-Daily*` headers, which only a running client sees.
 */
import type { Stage } from './stage.js';

export const API_BUDGET_STAGE = 'api';

export function createApiBudgetStage(intervalMs = 30_000): Stage {
  return {
    name: API_BUDGET_STAGE,
    intervalMs,
    // The process's own counters and the quota: states, not work done by the tick.
    gauges: [
      'processRequests',
      'processRateLimited',
      'dailyUsedByProcess',
      'allowedForProcess',
      'dailyLimit',
      'portalRemaining',
    ],
    async tick(ctx) {
      const stats = ctx.client.stats();
      return {
        processRequests: stats.requests,
        processRateLimited: stats.rateLimited429,
        dailyUsedByProcess: stats.daily.used,
        allowedForProcess: stats.daily.allowed,
        dailyLimit: stats.daily.dailyLimit,
        portalRemaining: stats.daily.portalRemaining ?? null,
        exhausted: stats.daily.exhausted ?? null,
      };
    },
  };
}
