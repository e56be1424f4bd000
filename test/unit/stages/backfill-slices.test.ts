import { describe, expect, it } from 'vitest';
import { cutSlices } from '../../../src/stages/backfill/slices.js';

describe('cutSlices', () => {
  it('covers every date exactly once: open below, open above, adjacent in between', () => {
    const slices = cutSlices(1_000, 9_000, 4);
    expect(slices).toEqual([
      { from: null, before: 3_000 },
      { from: 3_000, before: 5_000 },
      { from: 5_000, before: 7_000 },
      { from: 7_000, before: null },
    ]);
  });

  it('is one open slice for an empty portal or a single instant', () => {
    expect(cutSlices(null, null, 4)).toEqual([{ from: null, before: null }]);
    expect(cutSlices(5, 5, 4)).toEqual([{ from: null, before: null }]);
  });
});
