import { hashInts, hashString, unit } from './hash.js';
import type { PairSpec } from './association-catalog.js';

/** One direction's adjacency in CSR form: targets of `from` are to[offsets[from] .. offsets[from+1]). */
interface Csr {
  offsets: Uint32Array;
  to: Uint32Array;
  masks: Uint8Array;
}

export type Direction = 'fwd' | 'rev';

/** A record's targets in one direction, ascending by target index (= id order). */
export interface Adjacency {
  to: ArrayLike<number>;
  masks: ArrayLike<number>;
}

const EMPTY: Adjacency = { to: [], masks: [] };

/**
 * The associations of one pair of types, both directions. Generated edges sit in CSR arrays
 * (a million associations cost ~10 MB); a record whose associations change gets its list copied
 * into an overlay map in each direction. Masks are bit sets over the pair's association types.
 */
export class PairGraph {
  private readonly fwd: Csr;
  private readonly rev: Csr;
  private readonly overlay: Record<Direction, Map<number, Map<number, number>>> = {
    fwd: new Map(),
    rev: new Map(),
  };

  constructor(
    readonly spec: PairSpec,
    counts: { a: number; b: number },
    seed: number,
    heavy: { company: number; contacts: number } | null,
  ) {
    const edges = generateEdges(spec, counts, seed, heavy);
    this.fwd = buildCsr(counts.a, edges.a, edges.b, edges.masks);
    this.rev = buildCsr(counts.b, edges.b, edges.a, edges.masks);
  }

  list(dir: Direction, from: number): Adjacency {
    const over = this.overlay[dir].get(from);
    if (over) {
      const to = [...over.keys()].sort((x, y) => x - y);
      return { to, masks: to.map((t) => over.get(t) as number) };
    }
    const csr = dir === 'fwd' ? this.fwd : this.rev;
    if (from + 1 >= csr.offsets.length) return EMPTY;
    const start = csr.offsets[from] as number;
    const end = csr.offsets[from + 1] as number;
    return { to: csr.to.subarray(start, end), masks: csr.masks.subarray(start, end) };
  }

  mask(aIdx: number, bIdx: number): number {
    const { to, masks } = this.list('fwd', aIdx);
    for (let i = 0; i < to.length; i++) if (to[i] === bIdx) return masks[i] as number;
    return 0;
  }

  /** Sets the types of the association a–b (0 removes it), in both directions. */
  setMask(aIdx: number, bIdx: number, mask: number): void {
    this.editable('fwd', aIdx).set(bIdx, mask);
    this.editable('rev', bIdx).set(aIdx, mask);
    if (mask === 0) {
      this.editable('fwd', aIdx).delete(bIdx);
      this.editable('rev', bIdx).delete(aIdx);
    }
  }

  private editable(dir: Direction, from: number): Map<number, number> {
    let over = this.overlay[dir].get(from);
    if (!over) {
      const { to, masks } = this.list(dir, from);
      over = new Map();
      for (let i = 0; i < to.length; i++) over.set(to[i] as number, masks[i] as number);
      this.overlay[dir].set(from, over);
    }
    return over;
  }
}

interface EdgeList {
  a: Uint32Array;
  b: Uint32Array;
  masks: Uint8Array;
}

function generateEdges(
  spec: PairSpec,
  counts: { a: number; b: number },
  seed: number,
  heavy: { company: number; contacts: number } | null,
): EdgeList {
  const a: number[] = [];
  const b: number[] = [];
  const masks: number[] = [];
  const gen = spec.gen;
  if (!gen) return { a: new Uint32Array(0), b: new Uint32Array(0), masks: new Uint8Array(0) };
  const fromCount = gen.from === 'a' ? counts.a : counts.b;
  const toCount = gen.from === 'a' ? counts.b : counts.a;
  const salt = hashString(`${spec.a}|${spec.b}`, seed);
  const primaryBit = spec.aToB.findIndex((t) => t.label === 'Primary');
  const labelBits = spec.aToB
    .map((t, i) => (t.category === 'USER_DEFINED' ? i : -1))
    .filter((i) => i >= 0);
  const heavyMarks = heavyMarksFor(heavy, fromCount);
  const reserved = heavy && toCount > 1 ? 1 : 0; // the heavy company is only reached through the heavy set
  const emit = (from: number, to: number, mask: number) => {
    a.push(gen.from === 'a' ? from : to);
    b.push(gen.from === 'a' ? to : from);
    masks.push(mask);
  };
  const chosen: number[] = [];
  for (let i = 0; i < fromCount && toCount > 0; i++) {
    const k = sampleCount(gen.weights, unit(hashInts(salt, i, 1)));
    chosen.length = 0;
    for (let j = 0; j < k * 3 && chosen.length < Math.min(k, toCount - reserved); j++) {
      const t = reserved + (hashInts(salt, i, 2 + j) % (toCount - reserved));
      if (!chosen.includes(t)) chosen.push(t);
    }
    chosen.forEach((t, j) => {
      let mask = 1;
      if (j === 0 && primaryBit > 0 && spec.primaryOwner === gen.from) mask |= 1 << primaryBit;
      if (labelBits.length && unit(hashInts(salt, i, 100 + j)) < gen.labelRate)
        mask |= 1 << (labelBits[0] as number);
      emit(i, t, mask);
    });
    if (heavyMarks?.[i] && !chosen.includes(heavy!.company)) emit(i, heavy!.company, 1);
  }
  return { a: Uint32Array.from(a), b: Uint32Array.from(b), masks: Uint8Array.from(masks) };
}

/** The contacts associated with the heavy company, spread evenly over all contacts. */
function heavyMarksFor(
  heavy: { company: number; contacts: number } | null,
  fromCount: number,
): Uint8Array | null {
  if (!heavy || heavy.contacts <= 0 || fromCount === 0) return null;
  const marks = new Uint8Array(fromCount);
  const n = Math.min(heavy.contacts, fromCount);
  for (let j = 0; j < n; j++) marks[Math.floor((j * fromCount) / n)] = 1;
  return marks;
}

function sampleCount(weights: number[], u: number): number {
  let acc = 0;
  for (let k = 0; k < weights.length; k++) {
    acc += weights[k] as number;
    if (u < acc) return k;
  }
  return weights.length - 1;
}

function buildCsr(fromCount: number, from: Uint32Array, to: Uint32Array, masks: Uint8Array): Csr {
  const offsets = new Uint32Array(fromCount + 1);
  for (let e = 0; e < from.length; e++) {
    const slot = (from[e] as number) + 1;
    offsets[slot] = (offsets[slot] as number) + 1;
  }
  for (let i = 0; i < fromCount; i++)
    offsets[i + 1] = (offsets[i + 1] as number) + (offsets[i] as number);
  const fill = offsets.slice(0, fromCount);
  const outTo = new Uint32Array(from.length);
  const outMasks = new Uint8Array(from.length);
  for (let e = 0; e < from.length; e++) {
    const f = from[e] as number;
    const at = fill[f] as number;
    fill[f] = at + 1;
    outTo[at] = to[e] as number;
    outMasks[at] = masks[e] as number;
  }
  for (let i = 0; i < fromCount; i++)
    sortSegment(outTo, outMasks, offsets[i] as number, offsets[i + 1] as number);
  return { offsets, to: outTo, masks: outMasks };
}

/** Insertion sort by target: segments are short, or already sorted (the heavy company's). */
function sortSegment(to: Uint32Array, masks: Uint8Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const t = to[i] as number;
    const m = masks[i] as number;
    let j = i - 1;
    while (j >= start && (to[j] as number) > t) {
      to[j + 1] = to[j] as number;
      masks[j + 1] = masks[j] as number;
      j--;
    }
    to[j + 1] = t;
    masks[j + 1] = m;
  }
}
