import { shuffleRange } from './hash.js';

export type SortKey = number | string | null;

/**
 * Cuts one page out of a stream of matches in sort order. Records with equal sort keys form a
 * run; HubSpot promises no order inside a run, so the collector keeps every run the page touches
 * whole and orders each one by id ('id') or shuffles it anew for this request ('shuffled'). Paging
 * through ties with 'shuffled' can therefore repeat or skip records, as it does on HubSpot.
 */
export class PageCollector {
  private pos = 0;
  private readonly idxs: number[] = [];
  private readonly keys: SortKey[] = [];
  /** How many of idxs sit before `offset` (the part of the first run preceding the page). */
  private lead = 0;

  constructor(
    private readonly offset: number,
    private readonly limit: number,
  ) {}

  /** Feeds the next match; returns false once the page and its last run are complete. */
  push(idx: number, key: SortKey): boolean {
    const last = this.keys.length ? this.keys[this.keys.length - 1] : undefined;
    if (this.pos < this.offset) {
      if (last !== key) {
        this.idxs.length = 0;
        this.keys.length = 0;
      }
      this.idxs.push(idx);
      this.keys.push(key);
      this.lead = this.idxs.length;
      this.pos++;
      return true;
    }
    if (this.pos === this.offset && last !== key) {
      this.idxs.length = 0;
      this.keys.length = 0;
      this.lead = 0;
    }
    if (this.pos >= this.offset + this.limit && last !== key) return false;
    this.idxs.push(idx);
    this.keys.push(key);
    this.pos++;
    return true;
  }

  /** The page's record indices. `idOf` orders a run by id; `rng` shuffles it. */
  finish(tieOrder: 'id' | 'shuffled', idOf: (idx: number) => number, rng: () => number): number[] {
    if (this.pos <= this.offset) return [];
    const { idxs, keys } = this;
    let runStart = 0;
    for (let i = 1; i <= idxs.length; i++) {
      if (i < idxs.length && keys[i] === keys[runStart]) continue;
      if (i - runStart > 1) {
        if (tieOrder === 'id') sortRunById(idxs, runStart, i, idOf);
        else shuffleRange(idxs, runStart, i, rng);
      }
      runStart = i;
    }
    return idxs.slice(this.lead, this.lead + this.limit);
  }
}

function sortRunById(
  idxs: number[],
  from: number,
  to: number,
  idOf: (idx: number) => number,
): void {
  const run = idxs.slice(from, to).sort((a, b) => idOf(a) - idOf(b));
  for (let i = 0; i < run.length; i++) idxs[from + i] = run[i] as number;
}
