import { describe, expect, it } from 'vitest';
import { createFaultInjector } from '../../../src/sandbox/http/faults.js';
import { createRng } from '../../../src/sandbox/http/rng.js';

const NONE = {
  rate429: 0,
  retryAfter: false,
  rate5xx: 0,
  rate423: 0,
  rateSlow: 0,
  slowMs: 250,
  rateDrop: 0,
  rate207: 0,
};

describe('fault injector', () => {
  it('injects nothing at rate 0 and each fault at rate 1', () => {
    const faults = createFaultInjector(createRng(1));
    expect(faults.decide(NONE)).toEqual({ slowMs: 0, outcome: { kind: 'none' } });
    expect(faults.decide({ ...NONE, rateDrop: 1 }).outcome).toEqual({ kind: 'drop' });
    expect(faults.decide({ ...NONE, rate429: 1 }).outcome).toEqual({ kind: 'status', status: 429 });
    expect(faults.decide({ ...NONE, rate423: 1 }).outcome).toEqual({ kind: 'status', status: 423 });
    expect(faults.decide({ ...NONE, rateSlow: 1 }).slowMs).toBe(250);
    const statuses = new Set(
      Array.from({ length: 60 }, () => faults.decide({ ...NONE, rate5xx: 1 }).outcome),
    );
    expect([...statuses].map((o) => (o.kind === 'status' ? o.status : 0)).sort()).toEqual(
      expect.arrayContaining([500, 502, 503]),
    );
  });

  it('replays the same sequence for the same seed and hits near the asked rate', () => {
    const draw = (seed: number) => {
      const faults = createFaultInjector(createRng(seed));
      return Array.from(
        { length: 2000 },
        () => faults.decide({ ...NONE, rate429: 0.2 }).outcome.kind,
      );
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
    const hits = draw(5).filter((k) => k === 'status').length;
    expect(hits).toBeGreaterThan(300);
    expect(hits).toBeLessThan(500);
  });

  it('fails a fraction of batch items under retryable categories, keeping the rest in order', () => {
    const faults = createFaultInjector(createRng(3));
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const { kept, failed } = faults.failSome(items, 0.1);
    const failedItems = [...failed.values()].flat();
    expect(kept.length + failedItems.length).toBe(1000);
    expect(failedItems.length).toBeGreaterThan(50);
    expect(failedItems.length).toBeLessThan(150);
    expect([...failed.keys()].sort()).toEqual(['INTERNAL_ERROR', 'RATE_LIMIT']);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    expect(faults.failSome(items, 0).kept).toBe(items);
  });
});
