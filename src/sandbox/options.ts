import { z } from 'zod';
import type { OAuthCredentials } from './http/auth.js';
import type { TierOverrides } from './http/limits.js';
import { DEFAULT_CUSTOM_OBJECT_RECORDS } from './portal/custom-objects.js';
import type { DeepPartial, Knobs, PortalOptions, Tier } from './portal/types.js';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  seed?: number;
  /** The private-app token to accept; default a generated `pat-sandbox-…`. */
  token?: string;
  /** OAuth mode: only access tokens issued by `POST /oauth/v1/token` are accepted. */
  oauth?: OAuthCredentials;
  portal?: Partial<PortalOptions>;
  /** Generated custom object types beside the default ones (wins over `portal.customObjects`). */
  customObjects?: number;
  /** Records per generated custom object type (wins over `portal.customObjectRecords`). */
  customObjectRecords?: number;
  knobs?: DeepPartial<Knobs>;
  /** Replaces tier figures, so tests can reach a daily quota without 250,000 calls. */
  tierLimits?: TierOverrides;
  /** Clock for limits and token expiry (and the portal unless `portal.now` is given). */
  now?: () => number;
  /** Called with unexpected handler errors (the answer is a 500 either way). */
  onInternalError?: (error: unknown) => void;
}

export const TIERS: readonly Tier[] = [
  'free',
  'starter',
  'professional',
  'enterprise',
  'addon',
  'oauth',
];

const probability = z.number().min(0).max(1);
const milliseconds = z.number().int().min(0);

/** A `PATCH /_sandbox/knobs` body: every member optional, no unknown ones. */
export const knobsPatchSchema = z
  .strictObject({
    searchLagMs: z.strictObject({ min: milliseconds, max: milliseconds }).partial(),
    tieOrder: z.enum(['id', 'shuffled']),
    limits: z
      .strictObject({ enabled: z.boolean(), tier: z.enum(TIERS as [Tier, ...Tier[]]) })
      .partial(),
    faults: z
      .strictObject({
        rate429: probability,
        retryAfter: z.boolean(),
        rate5xx: probability,
        rate423: probability,
        rateSlow: probability,
        slowMs: milliseconds,
        rateDrop: probability,
        rate207: probability,
      })
      .partial(),
    oauthTokenTtlSec: z.number().positive(),
  })
  .partial();

export class KnobsError extends Error {
  readonly code = 'KNOBS';
  constructor(message: string) {
    super(message);
    this.name = 'KnobsError';
  }
}

/** Validates a knobs patch; the message names the offending knob. */
export function parseKnobsPatch(input: unknown): DeepPartial<Knobs> {
  const parsed = knobsPatchSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'knobs';
    throw new KnobsError(`${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data as DeepPartial<Knobs>;
}

/** Two-level merge of knob patches over a full set of knobs. */
export function mergeKnobs(base: Knobs, ...patches: Array<DeepPartial<Knobs> | undefined>): Knobs {
  let knobs = structuredClone(base);
  for (const patch of patches) {
    if (!patch) continue;
    knobs = {
      ...knobs,
      ...(patch as Partial<Knobs>),
      searchLagMs: { ...knobs.searchLagMs, ...patch.searchLagMs },
      limits: { ...knobs.limits, ...patch.limits },
      faults: { ...knobs.faults, ...patch.faults },
    };
  }
  if (knobs.searchLagMs.min > knobs.searchLagMs.max) {
    throw new KnobsError(
      `searchLagMs: min (${knobs.searchLagMs.min}) is above max (${knobs.searchLagMs.max})`,
    );
  }
  return knobs;
}

/** The `replicator sandbox` flags that shape the portal and its knobs (already parsed by yargs). */
export interface SandboxFlags {
  seed: number;
  scale: number;
  counts: Record<string, number | undefined>;
  customObjects?: number;
  customObjectRecords?: number;
  extraProperties?: number;
  bulkImport?: number;
  badValues?: number;
  archived?: number;
  heavyAssociations?: number;
  tier?: Tier;
  limits?: boolean;
  searchLag?: string;
  tieOrder?: 'id' | 'shuffled';
  fault429?: number;
  fault5xx?: number;
  fault423?: number;
  faultSlow?: number;
  slowDelay?: string;
  faultDrop?: number;
  fault207?: number;
  retryAfter?: boolean;
  oauthTtl?: string;
}

/**
 * Turns flags into portal options and knobs. `--scale` multiplies every default count; a
 * per-type count wins over the scaled one. Throws KnobsError naming the flag to fix.
 */
export function buildPortalFromFlags(
  flags: SandboxFlags,
  defaultCounts: Readonly<Record<string, number>>,
  parseDuration: (text: string) => number,
): { portal: Partial<PortalOptions>; knobs: DeepPartial<Knobs> } {
  if (!(flags.scale >= 0))
    throw new KnobsError(`--scale: must be a non-negative number, got ${flags.scale}`);
  const counts: Record<string, number> = {};
  for (const [type, count] of Object.entries(defaultCounts))
    counts[type] = Math.round(count * flags.scale);
  for (const [type, count] of Object.entries(flags.counts)) {
    if (count === undefined) continue;
    if (!Number.isInteger(count) || count < 0)
      throw new KnobsError(`--${type}: must be a non-negative integer`);
    counts[type] = count;
  }
  const portal: Partial<PortalOptions> = { seed: flags.seed, counts };
  const integer = (flag: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new KnobsError(`--${flag}: must be a non-negative integer, got ${value}`);
    }
    return value;
  };
  const fraction = (flag: string, value: number | undefined) => {
    if (value !== undefined && !(value >= 0 && value <= 1)) {
      throw new KnobsError(`--${flag}: must be a probability between 0 and 1, got ${value}`);
    }
    return value;
  };
  const duration = (flag: string, text: string): number => {
    try {
      return parseDuration(text);
    } catch (error) {
      throw new KnobsError(`--${flag}: ${(error as Error).message}`);
    }
  };
  const set = <K extends keyof PortalOptions>(key: K, value: PortalOptions[K] | undefined) => {
    if (value !== undefined) portal[key] = value;
  };
  set('customObjects', integer('custom-objects', flags.customObjects));
  // Like every default count, the generated types' default follows --scale.
  set(
    'customObjectRecords',
    integer('custom-object-records', flags.customObjectRecords) ??
      (flags.customObjects ? Math.round(DEFAULT_CUSTOM_OBJECT_RECORDS * flags.scale) : undefined),
  );
  set('extraProperties', integer('extra-properties', flags.extraProperties));
  set('bulkImportSize', integer('bulk-import', flags.bulkImport));
  set('heavyAssociationCount', integer('heavy-associations', flags.heavyAssociations));
  set('badValueRate', fraction('bad-values', flags.badValues));
  set('archivedRate', fraction('archived', flags.archived));

  const faults = {
    rate429: fraction('fault-429', flags.fault429),
    rate5xx: fraction('fault-5xx', flags.fault5xx),
    rate423: fraction('fault-423', flags.fault423),
    rateSlow: fraction('fault-slow', flags.faultSlow),
    rateDrop: fraction('fault-drop', flags.faultDrop),
    rate207: fraction('fault-207', flags.fault207),
    retryAfter: flags.retryAfter,
    slowMs: flags.slowDelay === undefined ? undefined : duration('slow-delay', flags.slowDelay),
  };
  const knobs: DeepPartial<Knobs> = {
    limits: dropUndefined({ enabled: flags.limits, tier: flags.tier }),
    faults: dropUndefined(faults),
  };
  if (flags.tieOrder) knobs.tieOrder = flags.tieOrder;
  if (flags.searchLag !== undefined) knobs.searchLagMs = parseSearchLag(flags.searchLag, duration);
  if (flags.oauthTtl !== undefined)
    knobs.oauthTokenTtlSec = duration('oauth-ttl', flags.oauthTtl) / 1000;
  return { portal, knobs };
}

/** `5s` (0 to 5 s), `1s-5s`, or `0-5s` (a bare 0 needs no unit). */
export function parseSearchLag(
  text: string,
  duration: (flag: string, text: string) => number,
): { min: number; max: number } {
  const [low, high, ...rest] = text.split('-');
  if (rest.length > 0 || low === undefined)
    throw new KnobsError(`--search-lag: "${text}" is not a duration or a range like 0-5s`);
  const read = (part: string) => (part.trim() === '0' ? 0 : duration('search-lag', part));
  const range =
    high === undefined ? { min: 0, max: read(low) } : { min: read(low), max: read(high) };
  if (range.min > range.max)
    throw new KnobsError(`--search-lag: "${text}" has its minimum above its maximum`);
  return range;
}

function dropUndefined<T extends object>(
  value: T,
): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<{
    [K in keyof T]: Exclude<T[K], undefined>;
  }>;
}
