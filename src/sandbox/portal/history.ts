import { hashInts, hashString, unit } from './hash.js';
import { ARCHIVED, LIVE, RecordTable } from './record-table.js';

const YEAR = 365 * 86_400_000;

export interface HistoryInput {
  seed: number;
  typeName: string;
  count: number;
  /** Size of the block sharing one create and one modify millisecond (0: none). */
  bulkImportSize: number;
  archivedRate: number;
  nowMs: number;
}

export interface History {
  table: RecordTable;
  /** The version each generated record's values were generated at. */
  genVersion: Uint8Array;
  archivedAt: Map<number, number>;
  /** The bulk import block: [start, start + size). */
  bulk: { start: number; size: number } | null;
}

/**
 * Generates a type's record history: ids ascending in creation order with gaps, create times
 * ascending over three years with gaps and small runs sharing a millisecond, modify times at or
 * after creation, a few archived records, and the optional bulk import block.
 */
export function generateHistory(input: HistoryInput): History {
  const { count: n, nowMs } = input;
  const salt = hashString(input.typeName, input.seed);
  const table = new RecordTable(n + 64);
  const genVersion = new Uint8Array(n);
  const archivedAt = new Map<number, number>();
  const size = Math.min(input.bulkImportSize, n);
  const bulk = size > 0 ? { start: Math.floor((n - size) * 0.6), size } : null;
  const isBulkEdge = (i: number) =>
    bulk !== null && (i === bulk.start || i === bulk.start + bulk.size);
  const inBulk = (i: number) => bulk !== null && i >= bulk.start && i < bulk.start + bulk.size;

  const end = nowMs - 3_600_000;
  const start = end - 3 * YEAR;
  const cum = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const u = unit(hashInts(salt, i, 1));
    let step: number;
    if (i === 0) step = 0;
    else if (inBulk(i) && !isBulkEdge(i)) step = 0;
    else if (u < 0.06 && !isBulkEdge(i))
      step = 0; // a small run sharing one millisecond
    else if (u < 0.08)
      step = 40; // a quiet period
    else step = 0.2 + 1.6 * unit(hashInts(salt, i, 2));
    total += step;
    cum[i] = total;
  }
  const scale = total > 0 ? (end - start - YEAR / 12) / total : 0;

  let id = 10_000 + (salt % 90_000);
  const bulkUpdated = bulk
    ? start + Math.floor((cum[bulk.start] as number) * scale) + 2_220_000
    : -1;
  for (let i = 0; i < n; i++) {
    id += 1 + (unit(hashInts(salt, i, 3)) < 0.1 ? 1 + (hashInts(salt, i, 4) % 20) : 0);
    const created = start + Math.floor((cum[i] as number) * scale);
    let updated = created;
    let version = 1;
    const u = unit(hashInts(salt, i, 5));
    if (inBulk(i)) {
      updated = bulkUpdated;
      version = 2;
    } else if (u < 0.06 && i > 0 && !isBulkEdge(i) && (table.updated[i - 1] as number) >= created) {
      updated = table.updated[i - 1] as number; // touched by the same job as its neighbour
      version = 2 + (hashInts(salt, i, 6) % 5);
    } else if (u >= 0.3) {
      updated = created + Math.floor((end - created) * unit(hashInts(salt, i, 7)));
      version = 2 + (hashInts(salt, i, 6) % 5);
    }
    if (updated === bulkUpdated && !inBulk(i)) updated += 1;
    let state = LIVE;
    if (!inBulk(i) && unit(hashInts(salt, i, 8)) < input.archivedRate) {
      state = ARCHIVED;
      archivedAt.set(i, updated + Math.floor((nowMs - updated) * unit(hashInts(salt, i, 9))));
    }
    table.append(id, created, updated, version, state);
    genVersion[i] = version;
  }
  return { table, genVersion, archivedAt, bulk };
}
