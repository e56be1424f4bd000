import type { IdxWindow, SortedIndex } from './sorted-index.js';

/** Merges the base and the overlay of one index range, skipping dead entries and the id window's outside. */
export class IndexCursor implements RangeCursor {
  /** Key of the entry last returned by next(). */
  key = NaN;
  private readonly wLo: number;
  private readonly wHi: number;

  constructor(
    private readonly ix: SortedIndex,
    private b0: number,
    private b1: number,
    private e0: number,
    private e1: number,
    private readonly descending: boolean,
    window?: IdxWindow,
  ) {
    this.wLo = window?.lo ?? -Infinity;
    this.wHi = window?.hi ?? Infinity;
  }

  /** The next record index, or -1 at the end. */
  next(): number {
    return this.descending ? this.previous() : this.forward();
  }

  private skipBase(pos: number): boolean {
    if (!this.ix.alive[pos]) return true;
    const idx = this.ix.baseIdx[pos] as number;
    return idx < this.wLo || idx >= this.wHi;
  }

  private skipExtra(pos: number): boolean {
    const idx = this.ix.extraIdx[pos] as number;
    return idx < this.wLo || idx >= this.wHi;
  }

  private forward(): number {
    const { ix } = this;
    while (this.b0 < this.b1 && this.skipBase(this.b0)) this.b0++;
    while (this.e0 < this.e1 && this.skipExtra(this.e0)) this.e0++;
    const hasBase = this.b0 < this.b1;
    if (this.e0 < this.e1) {
      const ek = ix.extraKey[this.e0] as number;
      const bk = hasBase ? (ix.baseKey[this.b0] as number) : Infinity;
      if (
        !hasBase ||
        ek < bk ||
        (ek === bk && (ix.extraId[this.e0] as number) < (ix.baseId[this.b0] as number))
      ) {
        this.key = ek;
        return ix.extraIdx[this.e0++] as number;
      }
    } else if (!hasBase) return -1;
    this.key = ix.baseKey[this.b0] as number;
    return ix.baseIdx[this.b0++] as number;
  }

  private previous(): number {
    const { ix } = this;
    while (this.b1 > this.b0 && this.skipBase(this.b1 - 1)) this.b1--;
    while (this.e1 > this.e0 && this.skipExtra(this.e1 - 1)) this.e1--;
    const hasBase = this.b1 > this.b0;
    if (this.e1 > this.e0) {
      const ek = ix.extraKey[this.e1 - 1] as number;
      const bk = hasBase ? (ix.baseKey[this.b1 - 1] as number) : -Infinity;
      if (
        !hasBase ||
        ek > bk ||
        (ek === bk && (ix.extraId[this.e1 - 1] as number) > (ix.baseId[this.b1 - 1] as number))
      ) {
        this.key = ek;
        return ix.extraIdx[--this.e1] as number;
      }
    } else if (!hasBase) return -1;
    this.key = ix.baseKey[this.b1 - 1] as number;
    return ix.baseIdx[--this.b1] as number;
  }
}

/** What the search loop needs of a cursor. */
export interface RangeCursor {
  /** Sort key of the entry last returned (the index key, or the id for IdOrderCursor). */
  key: number;
  next(): number;
}

/**
 * Walks a range of an id-ordered index (create date) in id order instead of key order: the base
 * is already in id order, the few overlay entries are sorted by id and merged in. So a create-date
 * range sorted by hs_object_id streams without a scan-and-sort.
 */
export class IdOrderCursor implements RangeCursor {
  key = NaN;
  private readonly extras: number[] = [];
  private ep = 0;

  constructor(
    private readonly ix: SortedIndex,
    private b0: number,
    private b1: number,
    e0: number,
    e1: number,
    private readonly descending: boolean,
    window?: IdxWindow,
  ) {
    const lo = window?.lo ?? -Infinity;
    const hi = window?.hi ?? Infinity;
    for (let e = e0; e < e1; e++) {
      const idx = ix.extraIdx[e] as number;
      if (idx >= lo && idx < hi) this.extras.push(e);
    }
    const sign = descending ? -1 : 1;
    this.extras.sort((a, b) => sign * ((ix.extraId[a] as number) - (ix.extraId[b] as number)));
  }

  next(): number {
    const { ix } = this;
    if (this.descending) while (this.b1 > this.b0 && !ix.alive[this.b1 - 1]) this.b1--;
    else while (this.b0 < this.b1 && !ix.alive[this.b0]) this.b0++;
    const hasBase = this.b0 < this.b1;
    const basePos = this.descending ? this.b1 - 1 : this.b0;
    if (this.ep < this.extras.length) {
      const e = this.extras[this.ep] as number;
      const eid = ix.extraId[e] as number;
      const bid = hasBase ? (ix.baseId[basePos] as number) : NaN;
      if (!hasBase || (this.descending ? eid > bid : eid < bid)) {
        this.ep++;
        this.key = eid;
        return ix.extraIdx[e] as number;
      }
    } else if (!hasBase) return -1;
    this.key = ix.baseId[basePos] as number;
    if (this.descending) this.b1--;
    else this.b0++;
    return ix.baseIdx[basePos] as number;
  }
}
