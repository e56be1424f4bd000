export type RatePolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';
export type FaultKind = '429' | '5xx' | '423' | 'slow' | 'drop' | '207';

/** What the sandbox answered since the last reset; `/_sandbox/*` calls are not counted. */
export interface SandboxStats {
  since: string;
  requests: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  byFamily: { legacy: number; dated: number };
  rateLimited: Record<RatePolicy, number>;
  faults: Record<FaultKind, number>;
}

export interface StatsRecorder {
  recordResponse(route: string, status: number | 'dropped', family?: 'legacy' | 'dated'): void;
  recordRateLimited(policy: RatePolicy): void;
  recordFault(kind: FaultKind): void;
  snapshot(): SandboxStats;
  reset(): void;
}

export function createStatsRecorder(now: () => number): StatsRecorder {
  let stats = emptyStats(now());
  return {
    recordResponse(route, status, family) {
      stats.requests += 1;
      stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
      const key = String(status);
      stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
      if (family) stats.byFamily[family] += 1;
    },
    recordRateLimited(policy) {
      stats.rateLimited[policy] += 1;
    },
    recordFault(kind) {
      stats.faults[kind] += 1;
    },
    snapshot() {
      return structuredClone(stats);
    },
    reset() {
      stats = emptyStats(now());
    },
  };
}

function emptyStats(at: number): SandboxStats {
  return {
    since: new Date(at).toISOString(),
    requests: 0,
    byRoute: {},
    byStatus: {},
    byFamily: { legacy: 0, dated: 0 },
    rateLimited: { TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 },
    faults: { '429': 0, '5xx': 0, '423': 0, slow: 0, drop: 0, '207': 0 },
  };
}
