/** A Fenwick tree of 0/1 flags: prefix counts and point updates in O(log n). */
export class Fenwick {
  private readonly tree: Int32Array;

  constructor(flags: Uint8Array) {
    const n = flags.length;
    this.tree = new Int32Array(n + 1);
    for (let i = 1; i <= n; i++) this.tree[i] = (this.tree[i] as number) + (flags[i - 1] as number);
    for (let i = 1; i <= n; i++) {
      const parent = i + (i & -i);
      if (parent <= n) this.tree[parent] = (this.tree[parent] as number) + (this.tree[i] as number);
    }
  }

  /** Adds `delta` at position `pos` (0-based). */
  add(pos: number, delta: number): void {
    for (let i = pos + 1; i < this.tree.length; i += i & -i)
      this.tree[i] = (this.tree[i] as number) + delta;
  }

  /** Sum of positions [0, end). */
  prefix(end: number): number {
    let sum = 0;
    for (let i = end; i > 0; i -= i & -i) sum += this.tree[i] as number;
    return sum;
  }
}
