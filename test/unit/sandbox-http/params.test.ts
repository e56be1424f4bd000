import { describe, expect, it } from 'vitest';
import { SandboxHttpError } from '../../../src/sandbox/http/errors.js';
import { readBoolean, readInputs, readLimit, readList } from '../../../src/sandbox/http/params.js';
import { mergeKnobs, parseKnobsPatch } from '../../../src/sandbox/options.js';
import { createFakePortal } from './fake-portal.js';

describe('query and body readers', () => {
  it('reads property lists given comma-separated, repeated, or both', () => {
    expect(readList(undefined)).toBeUndefined();
    expect(readList('a,b')).toEqual(['a', 'b']);
    expect(readList(['a,b', 'c', ''])).toEqual(['a', 'b', 'c']);
  });

  it('bounds limits and rejects junk with a 400', () => {
    expect(readLimit(undefined, { fallback: 10, max: 100 })).toBe(10);
    expect(readLimit('100', { fallback: 10, max: 100 })).toBe(100);
    for (const bad of ['101', '0', 'x', '1.5']) {
      expect(() => readLimit(bad, { fallback: 10, max: 100 })).toThrow(SandboxHttpError);
    }
  });

  it('reads booleans and batch inputs', () => {
    expect(readBoolean('true')).toBe(true);
    expect(readBoolean('TRUE')).toBe(true);
    expect(readBoolean('false')).toBe(false);
    expect(readInputs({ inputs: [{ id: '1' }, 2] }, 2)).toEqual([{ id: '1' }, { id: 2 }]);
    expect(() => readInputs({ inputs: [1, 2, 3] }, 2)).toThrow(/Too many inputs/);
    expect(() => readInputs({}, 2)).toThrow(/inputs must be an array/);
  });
});

describe('knob patches', () => {
  const base = createFakePortal().knobs;
  it('merges nested members and keeps the rest', () => {
    const merged = mergeKnobs(base, { faults: { rate429: 0.5 } }, { limits: { tier: 'oauth' } });
    expect(merged.faults).toEqual({ ...base.faults, rate429: 0.5 });
    expect(merged.limits).toEqual({ enabled: base.limits.enabled, tier: 'oauth' });
    expect(base.faults.rate429).toBe(0);
  });

  it('rejects unknown knobs, bad ranges and an inverted lag window', () => {
    expect(() => parseKnobsPatch({ faults: { rate429: 2 } })).toThrow(/faults.rate429/);
    expect(() => parseKnobsPatch({ nope: 1 })).toThrow();
    expect(() => parseKnobsPatch({ limits: { tier: 'gold' } })).toThrow(/limits.tier/);
    expect(() => mergeKnobs(base, { searchLagMs: { min: 10, max: 5 } })).toThrow(/min/);
    expect(parseKnobsPatch({ tieOrder: 'shuffled' })).toEqual({ tieOrder: 'shuffled' });
  });
});
