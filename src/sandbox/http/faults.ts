import type { Knobs } from '../portal/types.js';

export type FaultOutcome =
  { kind: 'none' } | { kind: 'drop' } | { kind: 'status'; status: 429 | 500 | 502 | 503 | 423 };

export interface FaultDecision {
  slowMs: number;
  outcome: FaultOutcome;
}

/** Categories a 207 fault reports for inputs that do exist: the caller must retry them. */
export const PARTIAL_FAULT_CATEGORIES = ['INTERNAL_ERROR', 'RATE_LIMIT'] as const;
export type PartialFaultCategory = (typeof PARTIAL_FAULT_CATEGORIES)[number];

export interface FaultInjector {
  decide(faults: Knobs['faults']): FaultDecision;
  /** Splits batch results into those answered and those reported failed (knob `rate207`). */
  failSome<T>(items: T[], rate: number): { kept: T[]; failed: Map<PartialFaultCategory, T[]> };
}

const SERVER_ERRORS = [500, 502, 503] as const;

/** Every draw comes from one seeded generator, so a seed replays the same fault sequence. */
export function createFaultInjector(random: () => number): FaultInjector {
  const hit = (rate: number) => rate > 0 && random() < rate;
  return {
    decide(faults) {
      const slowMs = hit(faults.rateSlow) ? faults.slowMs : 0;
      if (hit(faults.rateDrop)) return { slowMs, outcome: { kind: 'drop' } };
      if (hit(faults.rate429)) return { slowMs, outcome: { kind: 'status', status: 429 } };
      if (hit(faults.rate5xx)) {
        const status = SERVER_ERRORS[Math.floor(random() * SERVER_ERRORS.length)] ?? 500;
        return { slowMs, outcome: { kind: 'status', status } };
      }
      if (hit(faults.rate423)) return { slowMs, outcome: { kind: 'status', status: 423 } };
      return { slowMs, outcome: { kind: 'none' } };
    },
    failSome(items, rate) {
      const failed = new Map<PartialFaultCategory, typeof items>();
      if (rate <= 0) return { kept: items, failed };
      const kept: typeof items = [];
      for (const item of items) {
        if (!hit(rate)) {
          kept.push(item);
          continue;
        }
        const category = PARTIAL_FAULT_CATEGORIES[random() < 0.5 ? 0 : 1];
        const list = failed.get(category) ?? [];
        list.push(item);
        failed.set(category, list);
      }
      return { kept, failed };
    },
  };
}
