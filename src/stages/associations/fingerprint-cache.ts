/**
 * The association sweeper's memory of each record's association set: md5 fingerprints in one
 * bounded LRU shared by every pair's stage in the process (a portal with a million contacts
 * and a dozen partner types would not fit a cache per pair). Each stage instance owns a key
 * scope, and an epoch within it that it bumps to forget everything at once. Entries expire so
 * that a set is compared with Postgres again now and then, whatever else wrote there.
 */
import { LRUCache } from 'lru-cache';

export type FingerprintCache = LRUCache<string, string>;

const HOUR = 3_600_000;

export function createFingerprintCache(
  options: { max?: number; ttlMs?: number } = {},
): FingerprintCache {
  return new LRUCache<string, string>({
    max: options.max ?? 1_000_000,
    ttl: options.ttlMs ?? HOUR,
    updateAgeOnGet: false,
  });
}

let shared: FingerprintCache | undefined;

export const sharedFingerprintCache = (): FingerprintCache => (shared ??= createFingerprintCache());

let scopes = 0;

/** A key space of one stage instance, with an epoch it can move on to. */
export function fingerprintScope(): { key(id: string): string; forget(): void } {
  const scope = ++scopes;
  let epoch = 0;
  return {
    key: (id) => `${scope}:${epoch}:${id}`,
    forget: () => void epoch++,
  };
}
