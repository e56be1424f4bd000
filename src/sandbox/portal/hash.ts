/**
 * Deterministic integer hashing: every generated value is a pure function of (seed, type,
 * property, record index, version), so a portal is reproducible and nothing is materialised.
 */

function mixIn(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of up to four integers (each taken modulo 2^32). */
export function hashInts(a: number, b = 0, c = 0, d = 0): number {
  let h = mixIn(0x9747b28c, a | 0);
  h = mixIn(h, b | 0);
  h = mixIn(h, c | 0);
  h = mixIn(h, d | 0);
  return finish(h);
}

export function hashString(s: string, seed = 0): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) h = mixIn(h, s.charCodeAt(i));
  return finish(h ^ s.length);
}

/** A further independent-looking 32-bit hash derived from `h` (cheaper than hashing again). */
export function rehash(h: number, salt: number): number {
  return finish((h ^ Math.imul(salt, 0x9e3779b1)) | 0);
}

/** Maps a 32-bit hash to [0, 1). */
export function unit(h: number): number {
  return h / 4294967296;
}

/** Picks an element by hash. */
export function pick<T>(items: readonly T[], h: number): T {
  return items[h % items.length] as T;
}

/** A small seeded PRNG (mulberry32) for draws that depend on call order, like lag delays. */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles `items[from, to)` in place with `rng`. */
export function shuffleRange<T>(items: T[], from: number, to: number, rng: () => number): void {
  for (let i = to - 1; i > from; i--) {
    const j = from + Math.floor(rng() * (i - from + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
}
