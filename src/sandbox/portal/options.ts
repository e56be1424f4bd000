import { DEFAULT_CUSTOM_OBJECT_RECORDS } from './custom-objects.js';
import { validationError } from './errors.js';
import type { DeepPartial, Knobs, PortalOptions } from './types.js';

/** Small default counts: enough variety for tests, fast to build. */
export const DEFAULT_COUNTS: Readonly<Record<string, number>> = Object.freeze({
  contacts: 300,
  companies: 60,
  deals: 120,
  tickets: 40,
  products: 20,
  line_items: 150,
  quotes: 15,
  car: 30,
  calls: 20,
  emails: 20,
  meetings: 10,
  notes: 30,
  tasks: 20,
});

export function defaultKnobs(): Knobs {
  return {
    searchLagMs: { min: 0, max: 0 },
    // HubSpot promises no order among equal sort keys; the sandbox is faithful by default.
    tieOrder: 'shuffled',
    limits: { enabled: false, tier: 'professional' },
    faults: {
      rate429: 0,
      retryAfter: true,
      rate5xx: 0,
      rate423: 0,
      rateSlow: 0,
      slowMs: 2000,
      rateDrop: 0,
      rate207: 0,
    },
    oauthTokenTtlSec: 1800,
  };
}

export function defaultPortalOptions(): PortalOptions {
  return {
    seed: 1,
    portalId: 24681357,
    counts: {},
    customObjects: 0,
    customObjectRecords: DEFAULT_CUSTOM_OBJECT_RECORDS,
    extraProperties: 0,
    bulkImportSize: 0,
    badValueRate: 0.01,
    heavyAssociationCount: 0,
    archivedRate: 0.02,
    now: () => Date.now(),
    knobs: defaultKnobs(),
  };
}

/** What createPortal accepts: any options, knobs as a partial patch over the defaults. */
export type PortalInit = Omit<Partial<PortalOptions>, 'knobs'> & { knobs?: DeepPartial<Knobs> };

export function resolvePortalOptions(partial: PortalInit = {}): PortalOptions {
  const defaults = defaultPortalOptions();
  const options: PortalOptions = {
    ...defaults,
    ...stripUndefined(partial),
    counts: { ...(partial.counts ?? {}) },
    knobs: mergeKnobs(defaults.knobs, (partial.knobs ?? {}) as DeepPartial<Knobs>),
  };
  checkFraction('badValueRate', options.badValueRate);
  checkFraction('archivedRate', options.archivedRate);
  for (const [name, value] of [
    ['customObjects', options.customObjects],
    ['customObjectRecords', options.customObjectRecords],
    ['extraProperties', options.extraProperties],
    ['bulkImportSize', options.bulkImportSize],
    ['heavyAssociationCount', options.heavyAssociationCount],
  ] as const) {
    if (!Number.isInteger(value) || value < 0)
      throw validationError(`${name} must be a non-negative integer`);
  }
  for (const [type, count] of Object.entries(options.counts)) {
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
      throw validationError(`counts.${type} must be a non-negative integer`);
    }
  }
  return options;
}

/** Applies a partial knob patch onto `base`, validating the result; returns a new object. */
export function mergeKnobs(base: Knobs, patch: DeepPartial<Knobs>): Knobs {
  const merged: Knobs = {
    ...base,
    ...stripUndefined(patch as Partial<Knobs>),
    searchLagMs: { ...base.searchLagMs, ...stripUndefined(patch.searchLagMs ?? {}) },
    limits: { ...base.limits, ...stripUndefined(patch.limits ?? {}) },
    faults: { ...base.faults, ...stripUndefined(patch.faults ?? {}) },
  } as Knobs;
  checkKnobs(merged);
  return merged;
}

function checkKnobs(knobs: Knobs): void {
  const { min, max } = knobs.searchLagMs;
  if (!(Number.isFinite(min) && Number.isFinite(max) && min >= 0 && max >= min)) {
    throw validationError('searchLagMs needs 0 <= min <= max');
  }
  if (knobs.tieOrder !== 'id' && knobs.tieOrder !== 'shuffled') {
    throw validationError("tieOrder must be 'id' or 'shuffled'");
  }
  const tiers = ['free', 'starter', 'professional', 'enterprise', 'addon', 'oauth'];
  if (!tiers.includes(knobs.limits.tier))
    throw validationError(`limits.tier must be one of ${tiers.join(', ')}`);
  for (const [name, value] of Object.entries(knobs.faults)) {
    if (name === 'retryAfter' || name === 'slowMs') continue;
    checkFraction(`faults.${name}`, value as number);
  }
  if (!(knobs.faults.slowMs >= 0)) throw validationError('faults.slowMs must be >= 0');
  if (!(knobs.oauthTokenTtlSec > 0)) throw validationError('oauthTokenTtlSec must be > 0');
}

function checkFraction(name: string, value: number): void {
  if (!(typeof value === 'number' && value >= 0 && value <= 1)) {
    throw validationError(`${name} must be a number between 0 and 1`);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
