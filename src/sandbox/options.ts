import { z } from 'zod';
import type { OAuthCredentials } from './http/auth.js';
import type { TierOverrides } from './http/limits.js';
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
