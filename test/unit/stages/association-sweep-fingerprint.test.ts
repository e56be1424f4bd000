import { describe, expect, it } from 'vitest';
import {
  EMPTY_FINGERPRINT,
  fingerprintRows,
  groupByFromId,
} from '../../../src/stages/associations/fingerprint.js';
import {
  createFingerprintCache,
  fingerprintScope,
} from '../../../src/stages/associations/fingerprint-cache.js';

const row = (
  toId: string,
  typeId: number,
  label: string | null = null,
  category = 'HUBSPOT_DEFINED',
) => ({
  toId,
  typeId,
  category,
  label,
});

describe('association set fingerprints', () => {
  const set = [row('10', 279), row('10', 1, 'Primary'), row('9', 279), row('100', 279)];

  it('does not depend on the order rows arrive in, nor on repeats or leading zeros', () => {
    const shuffled = [set[3]!, set[1]!, set[0]!, set[2]!, set[0]!];
    expect(fingerprintRows(shuffled)).toBe(fingerprintRows(set));
    expect(
      fingerprintRows([row('09', 279), row('10', 279), row('10', 1, 'Primary'), row('100', 279)]),
    ).toBe(fingerprintRows(set));
  });

  it('changes with a target, a type, a category or a label', () => {
    const base = fingerprintRows(set);
    const variants = [
      [row('10', 279), row('10', 1, 'Primary'), row('9', 279)],
      [row('10', 279), row('10', 1, 'Primary'), row('9', 279), row('101', 279)],
      [row('10', 279), row('10', 2, 'Primary'), row('9', 279), row('100', 279)],
      [row('10', 279), row('10', 1, 'Primary', 'USER_DEFINED'), row('9', 279), row('100', 279)],
      [row('10', 279), row('10', 1, 'Main'), row('9', 279), row('100', 279)],
      [row('10', 279), row('10', 1, ''), row('9', 279), row('100', 279)],
      [row('10', 279), row('10', 1, null), row('9', 279), row('100', 279)],
    ];
    const prints = variants.map((v) => fingerprintRows(v));
    for (const print of prints) expect(print).not.toBe(base);
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('keeps labels with separators apart', () => {
    expect(fingerprintRows([row('1', 1, 'a\tb')])).not.toBe(
      fingerprintRows([row('1', 1, 'a'), row('1', 1, 'b')]),
    );
    expect(fingerprintRows([row('1', 1, 'x\n2\t3')])).not.toBe(
      fingerprintRows([row('1', 1, 'x'), row('2', 3, null)]),
    );
  });

  it('gives every empty set one shared value, an md5 in base64', () => {
    expect(fingerprintRows([])).toBe(EMPTY_FINGERPRINT);
    expect(EMPTY_FINGERPRINT).toBe('1B2M2Y8AsgTpgAmY7PhCfg==');
    expect(fingerprintRows(set)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it('groups rows by canonical from id', () => {
    const groups = groupByFromId([
      { fromId: '1', n: 1 },
      { fromId: '02', n: 2 },
      { fromId: '2', n: 3 },
    ]);
    expect([...groups]).toEqual([
      ['1', [{ fromId: '1', n: 1 }]],
      [
        '2',
        [
          { fromId: '02', n: 2 },
          { fromId: '2', n: 3 },
        ],
      ],
    ]);
  });
});

describe('fingerprint cache scopes', () => {
  it('keeps stage instances apart and forgets a scope by moving its epoch', () => {
    const cache = createFingerprintCache({ max: 10 });
    const a = fingerprintScope();
    const b = fingerprintScope();
    cache.set(a.key('1'), 'x');
    expect(cache.get(b.key('1'))).toBeUndefined();
    expect(cache.get(a.key('1'))).toBe('x');
    a.forget();
    expect(cache.get(a.key('1'))).toBeUndefined();
  });

  it('is bounded', () => {
    const cache = createFingerprintCache({ max: 3 });
    const s = fingerprintScope();
    for (let i = 0; i < 10; i++) cache.set(s.key(String(i)), 'v');
    expect(cache.size).toBe(3);
    expect(cache.get(s.key('9'))).toBe('v');
    expect(cache.get(s.key('0'))).toBeUndefined();
  });
});
