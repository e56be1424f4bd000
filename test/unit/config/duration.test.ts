import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/config/duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['1.5s', 1_500],
    ['0.5h', 1_800_000],
    [' 10s ', 10_000],
    ['0s', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    '',
    '5',
    '5x',
    'm5',
    '5 s',
    '1s1m',
    '1h1h',
    '-5s',
    '1.5.5s',
    '5S',
    'ms',
    '1h 30m',
    '5s!',
  ])('rejects %j naming the accepted forms', (text) => {
    expect(() => parseDuration(text)).toThrow(/is not a duration \(use 500ms, 30s, 5m, 1h\)/);
  });

  it('formats milliseconds back into the same syntax', () => {
    for (const ms of [0, 1, 999, 1000, 90_000, 3_723_004]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
    expect(formatDuration(90_000)).toBe('1m30s');
  });
});
