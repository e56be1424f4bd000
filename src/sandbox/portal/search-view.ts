import { MinHeap } from './heap.js';
import { LIVE } from './record-table.js';
import { SortedIndex, type IdxWindow } from './sorted-index.js';
import type { TypeStore, ValueSource } from './type-store.js';

/** A record's state as search sees it, captured at write time. */
interface Snapshot extends ValueSource {
  seq: number;
  visible: boolean;
}

interface Pending {
  at: number;
  seq: number;
  idx: number;
  snap: Snapshot;
}

/**
 * What search sees of one object type. HubSpot's search index is eventually consistent: each write
 * becomes visible after its own delay, so writes surface out of order. Writes are queued with a
 * visibility time and applied when a search runs at or after it; a record shows its newest
 * visible write (an older write that surfaces later does not roll it back).
 */
export class SearchView {
  readonly created: SortedIndex;
  readonly modified: SortedIndex;
  readonly byId: SortedIndex;
  private readonly snaps = new Map<number, Snapshot>();
  private readonly pending = new MinHeap<Pending>(
    (a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq),
  );
  private readonly baseVisible: Uint8Array;
  private readonly scratch: ValueSource = { created: 0, updated: 0, explicit: undefined };

  constructor(private readonly store: TypeStore) {
    const n = store.generated;
    const { table } = store;
    this.baseVisible = new Uint8Array(n);
    for (let i = 0; i < n; i++) this.baseVisible[i] = table.state[i] === LIVE ? 1 : 0;
    const identity = new Uint32Array(n);
    const posOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      identity[i] = i;
      posOf[i] = i;
    }
    const ids = table.ids.slice(0, n);
    // Generated create dates ascend with the id, so index order is already (created, id) order.
    this.created = new SortedIndex(
      identity,
      table.created.slice(0, n),
      ids,
      posOf,
      this.baseVisible.slice(),
      true,
    );
    this.byId = new SortedIndex(identity, ids, ids, posOf, this.baseVisible.slice(), true);
    this.modified = buildByKey(table.updated.subarray(0, n), ids, this.baseVisible);
  }

  /** The record-index window holding ids in [idLo, idHi) (ids ascend with the record index). */
  idWindow(idLo: number, idHi: number): IdxWindow {
    const { table } = this.store;
    const bound = (id: number) =>
      id === -Infinity ? 0 : id === Infinity ? table.length : table.lowerBoundId(id);
    return { lo: bound(idLo), hi: bound(idHi) };
  }

  /** Queues the record's current truth to become visible to search at `at`. */
  enqueue(idx: number, seq: number, at: number): void {
    const { table } = this.store;
    const explicit = this.store.explicit.get(idx);
    const snap: Snapshot = {
      seq,
      created: table.created[idx] as number,
      updated: table.updated[idx] as number,
      visible: table.state[idx] === LIVE,
      explicit: explicit ? new Map(explicit) : undefined,
    };
    this.pending.push({ at, seq, idx, snap });
  }

  /** Applies every queued write visible at `nowMs`. */
  catchUp(nowMs: number): void {
    for (let top = this.pending.peek(); top && top.at <= nowMs; top = this.pending.peek()) {
      this.pending.pop();
      const current = this.snaps.get(top.idx);
      if (current && current.seq > top.seq) continue;
      this.apply(top.idx, top.snap);
    }
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * The record's values as search sees them (only for records the indexes returned). For records
   * never written the answer is a scratch object reused by the next call: read it, do not keep it
   * (scans call this once per candidate, and allocating there dominated GC time).
   */
  source(idx: number): ValueSource {
    const snap = this.snaps.get(idx);
    if (snap) return snap;
    this.scratch.created = this.created.baseKeyOf(idx);
    this.scratch.updated = this.modified.baseKeyOf(idx);
    return this.scratch;
  }

  private apply(idx: number, snap: Snapshot): void {
    this.snaps.set(idx, snap);
    if (!snap.visible) {
      this.created.remove(idx);
      this.modified.remove(idx);
      this.byId.remove(idx);
      return;
    }
    const id = this.store.table.ids[idx] as number;
    this.created.set(idx, snap.created, id);
    this.modified.set(idx, snap.updated, id);
    this.byId.set(idx, id, id);
  }
}

function buildByKey(keys: Float64Array, ids: Float64Array, visible: Uint8Array): SortedIndex {
  const n = keys.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // Index order is id order, so the index breaks ties by id.
  order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  const sortedKeys = new Float64Array(n);
  const sortedIds = new Float64Array(n);
  const alive = new Uint8Array(n);
  const posOf = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const i = order[p] as number;
    sortedKeys[p] = keys[i] as number;
    sortedIds[p] = ids[i] as number;
    alive[p] = visible[i] as number;
    posOf[i] = p;
  }
  return new SortedIndex(order, sortedKeys, sortedIds, posOf, alive, false);
}
