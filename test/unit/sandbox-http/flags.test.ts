import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/config/duration.js';
import {
  buildPortalFromFlags,
  KnobsError,
  type SandboxFlags,
} from '../../../src/sandbox/options.js';

const DEFAULTS = { contacts: 300, companies: 60, car: 30 };
const base: SandboxFlags = { seed: 7, scale: 1, counts: {} };
const build = (flags: Partial<SandboxFlags>) =>
  buildPortalFromFlags({ ...base, ...flags }, DEFAULTS, parseDuration);

describe('sandbox flags', () => {
  it('scales every default count and lets a per-type count win', () => {
    const { portal } = build({ scale: 2.5, counts: { companies: 7, car: undefined } });
    expect(portal.counts).toEqual({ contacts: 750, companies: 7, car: 75 });
    expect(portal.seed).toBe(7);
  });

  it('maps generator flags and fault flags onto options and knobs', () => {
    const { portal, knobs } = build({
      extraProperties: 50,
      bulkImport: 12000,
      badValues: 0.05,
      limits: true,
      tier: 'starter',
      tieOrder: 'id',
      fault429: 0.1,
      fault207: 0.2,
      slowDelay: '1500ms',
      retryAfter: false,
      oauthTtl: '2m',
    });
    expect(portal).toMatchObject({
      extraProperties: 50,
      bulkImportSize: 12000,
      badValueRate: 0.05,
    });
    expect(knobs).toEqual({
      limits: { enabled: true, tier: 'starter' },
      faults: { rate429: 0.1, rate207: 0.2, slowMs: 1500, retryAfter: false },
      tieOrder: 'id',
      oauthTokenTtlSec: 120,
    });
  });

  it('reads search lag as a maximum or a range', () => {
    expect(build({ searchLag: '5s' }).knobs.searchLagMs).toEqual({ min: 0, max: 5000 });
    expect(build({ searchLag: '0-5s' }).knobs.searchLagMs).toEqual({ min: 0, max: 5000 });
    expect(build({ searchLag: '500ms-2s' }).knobs.searchLagMs).toEqual({ min: 500, max: 2000 });
  });

  it('names the flag to fix', () => {
    expect(() => build({ fault5xx: 1.5 })).toThrow(/^--fault-5xx: /);
    expect(() => build({ searchLag: '5s-1s' })).toThrow(/^--search-lag: .*minimum above/);
    expect(() => build({ searchLag: 'soon' })).toThrow(KnobsError);
    expect(() => build({ extraProperties: -1 })).toThrow(/^--extra-properties: /);
    expect(() => build({ scale: -1 })).toThrow(/^--scale: /);
    expect(() => build({ customObjects: 2.5 })).toThrow(/^--custom-objects: /);
    expect(() => build({ customObjects: 2, customObjectRecords: -3 })).toThrow(
      /^--custom-object-records: /,
    );
  });

  it('maps --custom-objects and --custom-object-records, the default records following --scale', () => {
    expect(build({ customObjects: 22, customObjectRecords: 50 }).portal).toMatchObject({
      customObjects: 22,
      customObjectRecords: 50,
    });
    expect(build({ customObjects: 3, scale: 2 }).portal).toMatchObject({
      customObjects: 3,
      customObjectRecords: 200,
    });
    expect(build({}).portal).not.toHaveProperty('customObjects');
  });
});
