import { Fenwick } from './fenwick.js';

/**
 * Entries are ordered by (key, id). A bound is a position in that order: `lowerBound({key, id})`
 * is the first entry >= (key, id); `id: -Infinity` means "the first entry with this key".
 */
export interface Bound {
  key: number;
  id: number;
}

export const MIN_BOUND: Bound = { key: -Infinity, id: -Infinity };
export const MAX_BOUND: Bound = { key: Infinity, id: -Infinity };

/**
 * A sorted index over one numeric key (create date, modify date or id) of one object type's
 * search view. The bulk is an immutable sorted base built at start, with dead entries counted out
 * by a Fenwick tree; records changed later live in a small sorted overlay ("extra"). Counting a
 * range is two binary searches plus two prefix sums, so `total` costs microseconds at 1M records.
 */
export class SortedIndex {
  private readonly alive: Uint8Array;
  private readonly fenwick: Fenwick;
  private readonly extraKey: number[] = [];
  private readonly extraId: number[] = [];
  private readonly extraIdx: number[] = [];
  private readonly extraOf = new Map<number, number>();

  /**
   * @param baseIdx record index at each base position, sorted by (key, id)
   * @param baseKey key at each base position; @param baseId record id at each base position
   * @param posOf base position of each record index (-1: not in the base)
   */
  constructor(
    private readonly baseIdx: Uint32Array,
    private readonly baseKey: Float64Array,
    private readonly baseId: Float64Array,
    private readonly posOf: Int32Array,
    alive: Uint8Array,
  ) {
    this.alive = alive;
    this.fenwick = new Fenwick(alive);
  }

  /** The key a record had in the base (NaN if it was not in the base). */
  baseKeyOf(idx: number): number {
    const pos = idx < this.posOf.length ? (this.posOf[idx] as number) : -1;
    return pos >= 0 ? (this.baseKey[pos] as number) : NaN;
  }

  /** Puts (or moves) a record at `key`. */
  set(idx: number, key: number, id: number): void {
    const pos = idx < this.posOf.length ? (this.posOf[idx] as number) : -1;
    if (pos >= 0 && this.baseKey[pos] === key) {
      this.removeExtra(idx);
      if (!this.alive[pos]) {
        this.alive[pos] = 1;
        this.fenwick.add(pos, 1);
      }
      return;
    }
    this.remove(idx);
    const at = this.extraLowerBound(key, id);
    this.extraKey.splice(at, 0, key);
    this.extraId.splice(at, 0, id);
    this.extraIdx.splice(at, 0, idx);
    this.extraOf.set(idx, key);
  }

  remove(idx: number): void {
    const pos = idx < this.posOf.length ? (this.posOf[idx] as number) : -1;
    if (pos >= 0 && this.alive[pos]) {
      this.alive[pos] = 0;
      this.fenwick.add(pos, -1);
    }
    this.removeExtra(idx);
  }

  /** Number of entries in [lo, hi). */
  count(lo: Bound, hi: Bound): number {
    const b0 = this.baseLowerBound(lo.key, lo.id);
    const b1 = this.baseLowerBound(hi.key, hi.id);
    const e0 = this.extraLowerBound(lo.key, lo.id);
    const e1 = this.extraLowerBound(hi.key, hi.id);
    const base = b1 > b0 ? this.fenwick.prefix(b1) - this.fenwick.prefix(b0) : 0;
    return base + Math.max(0, e1 - e0);
  }

  /** A cursor over [lo, hi) in ascending or descending (key, id) order. */
  cursor(lo: Bound, hi: Bound, descending: boolean): IndexCursor {
    return new IndexCursor(
      this,
      this.baseLowerBound(lo.key, lo.id),
      this.baseLowerBound(hi.key, hi.id),
      this.extraLowerBound(lo.key, lo.id),
      this.extraLowerBound(hi.key, hi.id),
      descending,
    );
  }

  /** @internal */
  isAlive(pos: number): boolean {
    return this.alive[pos] === 1;
  }
  /** @internal */
  baseKeyAt(pos: number): number {
    return this.baseKey[pos] as number;
  }
  /** @internal */
  baseIdAt(pos: number): number {
    return this.baseId[pos] as number;
  }
  /** @internal */
  baseIdxAt(pos: number): number {
    return this.baseIdx[pos] as number;
  }
  /** @internal */
  extraKeyAt(pos: number): number {
    return this.extraKey[pos] as number;
  }
  /** @internal */
  extraIdAt(pos: number): number {
    return this.extraId[pos] as number;
  }
  /** @internal */
  extraIdxAt(pos: number): number {
    return this.extraIdx[pos] as number;
  }

  private baseLowerBound(key: number, id: number): number {
    let lo = 0;
    let hi = this.baseKey.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.baseKey[mid] as number;
      if (k < key || (k === key && (this.baseId[mid] as number) < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private extraLowerBound(key: number, id: number): number {
    let lo = 0;
    let hi = this.extraKey.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.extraKey[mid] as number;
      if (k < key || (k === key && (this.extraId[mid] as number) < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private removeExtra(idx: number): void {
    const key = this.extraOf.get(idx);
    if (key === undefined) return;
    let at = this.extraLowerBound(key, -Infinity);
    while (this.extraIdx[at] !== idx) at++;
    this.extraKey.splice(at, 1);
    this.extraId.splice(at, 1);
    this.extraIdx.splice(at, 1);
    this.extraOf.delete(idx);
  }
}

/** Merges the base and the overlay of one range, skipping dead base entries. */
export class IndexCursor {
  /** Key of the entry last returned by next(). */
  key = NaN;

  constructor(
    private readonly index: SortedIndex,
    private b0: number,
    private b1: number,
    private e0: number,
    private e1: number,
    private readonly descending: boolean,
  ) {}

  /** The next record index, or -1 at the end. */
  next(): number {
    const ix = this.index;
    if (!this.descending) {
      while (this.b0 < this.b1 && !ix.isAlive(this.b0)) this.b0++;
      const hasBase = this.b0 < this.b1;
      if (this.e0 < this.e1) {
        const ek = ix.extraKeyAt(this.e0);
        const bk = hasBase ? ix.baseKeyAt(this.b0) : Infinity;
        if (!hasBase || ek < bk || (ek === bk && ix.extraIdAt(this.e0) < ix.baseIdAt(this.b0))) {
          this.key = ek;
          return ix.extraIdxAt(this.e0++);
        }
      } else if (!hasBase) return -1;
      this.key = ix.baseKeyAt(this.b0);
      return ix.baseIdxAt(this.b0++);
    }
    while (this.b1 > this.b0 && !ix.isAlive(this.b1 - 1)) this.b1--;
    const hasBase = this.b1 > this.b0;
    if (this.e1 > this.e0) {
      const ek = ix.extraKeyAt(this.e1 - 1);
      const bk = hasBase ? ix.baseKeyAt(this.b1 - 1) : -Infinity;
      if (
        !hasBase ||
        ek > bk ||
        (ek === bk && ix.extraIdAt(this.e1 - 1) > ix.baseIdAt(this.b1 - 1))
      ) {
        this.key = ek;
        return ix.extraIdxAt(--this.e1);
      }
    } else if (!hasBase) return -1;
    this.key = ix.baseKeyAt(this.b1 - 1);
    return ix.baseIdxAt(--this.b1);
  }
}
