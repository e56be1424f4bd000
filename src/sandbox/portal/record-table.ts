/**
 * Per-record state in compact typed columns (a million records cost ~30 MB); everything else
 * about a record is generated on demand or kept in the store's overlay maps.
 */

export const LIVE = 0;
export const ARCHIVED = 1;
/** Merged into another record: archived, but not listed with archived=true. */
export const MERGED = 2;
/** Gone entirely (GDPR delete). */
export const PURGED = 3;

export class RecordTable {
  ids: Float64Array;
  created: Float64Array;
  updated: Float64Array;
  version: Uint32Array;
  state: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    const cap = Math.max(16, capacity);
    this.ids = new Float64Array(cap);
    this.created = new Float64Array(cap);
    this.updated = new Float64Array(cap);
    this.version = new Uint32Array(cap);
    this.state = new Uint8Array(cap);
  }

  /** Appends a record and returns its index. */
  append(id: number, created: number, updated: number, version: number, state: number): number {
    if (this.length === this.ids.length) this.grow();
    const i = this.length++;
    this.ids[i] = id;
    this.created[i] = created;
    this.updated[i] = updated;
    this.version[i] = version;
    this.state[i] = state;
    return i;
  }

  /** The index of `id`, or -1. Ids ascend with the index, so this is a binary search. */
  indexOf(id: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ids[mid] as number) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.length && this.ids[lo] === id ? lo : -1;
  }

  /** The first index whose id is >= id. */
  lowerBoundId(id: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ids[mid] as number) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private grow(): void {
    const cap = this.ids.length * 2;
    this.ids = copyInto(new Float64Array(cap), this.ids);
    this.created = copyInto(new Float64Array(cap), this.created);
    this.updated = copyInto(new Float64Array(cap), this.updated);
    this.version = copyInto(new Uint32Array(cap), this.version);
    this.state = copyInto(new Uint8Array(cap), this.state);
  }
}

function copyInto<T extends Float64Array | Uint32Array | Uint8Array>(target: T, source: T): T {
  target.set(source as never);
  return target;
}

/** Parses a record id from the API: a positive integer in decimal, else NaN. */
export function parseId(id: string | number): number {
  const s = String(id).trim();
  return /^\d{1,15}$/.test(s) ? Number(s) : NaN;
}
