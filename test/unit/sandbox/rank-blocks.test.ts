import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/sandbox/portal/hash.js';
import { RankBlocks } from '../../../src/sandbox/portal/rank-blocks.js';

describe('RankBlocks', () => {
  it('counts values in [x0, x1) over positions [p0, p1) like a scan does', () => {
    const rng = createRng(9);
    const values = Uint32Array.from({ length: 5000 }, () => Math.floor(rng() * 3000));
    const blocks = new RankBlocks(values, 64);
    for (let q = 0; q < 500; q++) {
      const [p0, p1] = [Math.floor(rng() * 5001), Math.floor(rng() * 5001)].sort(
        (a, b) => a - b,
      ) as [number, number];
      const [x0, x1] = [Math.floor(rng() * 3001), Math.floor(rng() * 3001)].sort(
        (a, b) => a - b,
      ) as [number, number];
      let want = 0;
      for (let p = p0; p < p1; p++) if (values[p]! >= x0 && values[p]! < x1) want++;
      expect(blocks.count(p0, p1, x0, x1)).toBe(want);
    }
  });
});
