import { describe, expect, it } from 'vitest';
import {
  advancePass,
  finishPass,
  newPass,
  passFrom,
  passGapMs,
  passInProgress,
  passIsDue,
  startPass,
} from '../../../src/stages/deletes/sweep-pass.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

describe('sweep passes', () => {
  it('start, advance page by page and finish with their cost', () => {
    let pass = startPass(newPass(), T0);
    expect(passInProgress(pass)).toBe(true);
    pass = advancePass(pass, { after: 'a1', lastId: '150', ordered: true });
    pass = advancePass(pass, { after: null, lastId: null, ordered: true });
    expect(pass).toMatchObject({ after: null, lastId: '150', pages: 2, ordered: true });
    const done = finishPass(pass, T0 + 5_000);
    expect(done).toEqual({
      ...newPass(),
      lastFinishedAt: new Date(T0 + 5_000).toISOString(),
      lastPages: 2,
    });
    expect(passInProgress(done)).toBe(false);
  });

  it('stays unordered for the rest of a pass once a page broke id order', () => {
    let pass = startPass(newPass(), T0);
    pass = advancePass(pass, { after: 'x', lastId: '10', ordered: false });
    pass = advancePass(pass, { after: 'y', lastId: '20', ordered: true });
    expect(pass.ordered).toBe(false);
    expect(startPass(finishPass(pass, T0), T0).ordered).toBe(true);
  });

  it('does not restart a pass in progress', () => {
    const pass = advancePass(startPass(newPass(), T0), { after: 'a', lastId: '5', ordered: true });
    expect(startPass(pass, T0 + HOUR)).toBe(pass);
  });

  it('is due at once the first time, while in progress, and gapMs after the last one', () => {
    expect(passIsDue(newPass(), T0, HOUR)).toBe(true);
    const done = finishPass(startPass(newPass(), T0), T0);
    expect(passIsDue(done, T0 + HOUR - 1, HOUR)).toBe(false);
    expect(passIsDue(done, T0 + HOUR, HOUR)).toBe(true);
    expect(passIsDue(done, T0, 0)).toBe(true);
    expect(passIsDue(startPass(done, T0), T0, HOUR)).toBe(true);
  });

  it('spaces passes by their cost, within bounds', () => {
    const spacing = { perPageMs: 30_000, minGapMs: HOUR, maxGapMs: 24 * HOUR };
    expect(passGapMs(null, spacing)).toBe(HOUR);
    expect(passGapMs(100, spacing)).toBe(HOUR);
    expect(passGapMs(1_000, spacing)).toBe(30_000_000);
    expect(passGapMs(10_000, spacing)).toBe(24 * HOUR);
  });

  it('reads back what it saved and survives garbage', () => {
    const pass = advancePass(startPass(newPass(), T0), {
      after: 'abc',
      lastId: '77',
      ordered: true,
    });
    expect(passFrom(JSON.parse(JSON.stringify(pass)))).toEqual(pass);
    expect(passFrom(undefined)).toEqual(newPass());
    expect(passFrom({ lastId: 'x', pages: 'no', ordered: 0 })).toEqual({
      ...newPass(),
      ordered: true,
    });
  });
});
