/**
 * How long a stage waits after failed cycles: doubling from a base, capped, with jitter so
 * several stages failing together (Postgres went away) do not retry in lockstep.
 */
export interface ErrorBackoff {
  baseMs: number;
  maxMs: number;
}

/** Base 1 s (or the interval, if shorter); cap a minute, or the interval when that is longer. */
export const defaultErrorBackoff = (intervalMs: number): ErrorBackoff => ({
  baseMs: Math.min(1_000, intervalMs),
  maxMs: Math.max(60_000, intervalMs),
});

/** The delay after `failures` consecutive failures (1 = the first); `random` in [0, 1). */
export function computeErrorDelay(
  failures: number,
  backoff: ErrorBackoff,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const delay = Math.min(backoff.maxMs, backoff.baseMs * 2 ** exponent);
  return Math.round(delay * (0.8 + 0.4 * random()));
}
