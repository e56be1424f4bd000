/**
 * Turns a page of HubSpot records into per-column arrays for one upsert statement: every value
 * cast in TypeScript (bad ones become NULL plus a reject), duplicates of an id collapsed to the
 * newest copy (Postgres refuses to touch one row twice in one INSERT … ON CONFLICT).
 */
import { castValue } from '../schema/cast.js';
import { EXTRA_COLUMN } from '../schema/catalog.js';
import type { PgType } from '../schema/types.js';
import { dateTimeMs } from '../values/date-time.js';
import type { HubSpotRecord } from '../values/hubspot-record.js';
import { jsonObjectText, toJsonFragment, toPgParam } from './pg-values.js';

// Records come checked from the hubspot/ boundary (values/hubspot-record.ts): canonical ids,
// strict dates. A requested property that is absent or null has no value.
export type { HubSpotRecord };

export interface ColumnMapping {
  property: string;
  /** The column, or EXTRA_COLUMN for a property stored in `_extra`. */
  columnName: string;
  pgType: PgType;
  archived: boolean;
}

export interface PreparedColumn {
  column: string;
  pgType: PgType;
  values: Array<string | boolean | null>;
}

export interface PreparedReject {
  id: string;
  property: string;
  raw: string;
  error: string;
}

export interface PreparedBatch {
  ids: string[];
  createdAt: string[];
  updatedAt: string[];
  columns: PreparedColumn[];
  /** The `_extra` properties written, and per record the JSON of their non-null values. */
  extra: { keys: string[]; values: Array<string | null> } | null;
  rejects: PreparedReject[];
  /** Every property whose value this batch states (so its old rejects can be cleared). */
  properties: string[];
  /** Copies of an id dropped for a newer copy in the same batch, and for an equal one. */
  droppedOlder: number;
  droppedSame: number;
}

/** Ascending ids, so concurrent writers lock rows in one order and cannot deadlock. */
const byId = (a: { id: string }, b: { id: string }): number =>
  a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const rawText = (value: unknown): string | null =>
  typeof value === 'string' ? value : value == null ? null : String(value);

/** Keeps the newest copy of each id (the later one on a tie), in ascending id order. */
function newestCopies(records: readonly HubSpotRecord[]) {
  const kept = new Map<
    string,
    { id: string; record: HubSpotRecord; created: string; updated: string; ms: number }
  >();
  let droppedOlder = 0;
  let droppedSame = 0;
  for (const record of records) {
    const { id, createdAt: created, updatedAt: updated } = record;
    const entry = { id, record, created, updated, ms: dateTimeMs(updated) };
    const previous = kept.get(id);
    if (!previous) kept.set(id, entry);
    else if (entry.ms < previous.ms) droppedOlder += 1;
    else {
      if (entry.ms > previous.ms) droppedOlder += 1;
      else droppedSame += 1;
      kept.set(id, entry);
    }
  }
  return { kept: [...kept.values()].sort(byId), droppedOlder, droppedSame };
}

export function prepareBatch(
  records: readonly HubSpotRecord[],
  mapping: readonly ColumnMapping[],
  onlyProperties?: readonly string[],
): PreparedBatch {
  const only = onlyProperties ? new Set(onlyProperties) : null;
  // Archived properties keep their last values: HubSpot no longer sends them.
  const written = mapping.filter((m) => !m.archived && (!only || only.has(m.property)));
  const inColumns = written.filter((m) => m.columnName !== EXTRA_COLUMN);
  const inExtra = written.filter((m) => m.columnName === EXTRA_COLUMN);
  const { kept, droppedOlder, droppedSame } = newestCopies(records);

  const columns: PreparedColumn[] = inColumns.map((m) => ({
    column: m.columnName,
    pgType: m.pgType,
    values: new Array<string | boolean | null>(kept.length),
  }));
  const extraValues: Array<string | null> = [];
  const rejects: PreparedReject[] = [];
  for (let row = 0; row < kept.length; row += 1) {
    const { id, record } = kept[row]!;
    const properties = record.properties;
    for (let col = 0; col < inColumns.length; col += 1) {
      const m = inColumns[col]!;
      const raw = rawText(properties[m.property]);
      const cast = castValue(m.pgType, raw);
      if (!cast.ok) {
        rejects.push({ id, property: m.property, raw: raw as string, error: cast.error });
        columns[col]!.values[row] = null;
      } else {
        columns[col]!.values[row] = toPgParam(cast.value);
      }
    }
    if (!inExtra.length) continue;
    const entries: Array<[string, string]> = [];
    for (const m of inExtra) {
      const raw = rawText(properties[m.property]);
      const cast = castValue(m.pgType, raw);
      if (!cast.ok)
        rejects.push({ id, property: m.property, raw: raw as string, error: cast.error });
      else if (cast.value !== null)
        entries.push([m.property, toJsonFragment(m.pgType, cast.value)]);
    }
    extraValues.push(jsonObjectText(entries));
  }

  return {
    ids: kept.map((k) => k.id),
    createdAt: kept.map((k) => k.created),
    updatedAt: kept.map((k) => k.updated),
    columns,
    extra: inExtra.length ? { keys: inExtra.map((m) => m.property), values: extraValues } : null,
    rejects,
    properties: written.map((m) => m.property),
    droppedOlder,
    droppedSame,
  };
}

/** The rows at `indexes` as a batch of their own (same columns). */
export function sliceBatch(batch: PreparedBatch, indexes: readonly number[]): PreparedBatch {
  const pick = <T>(values: readonly T[]): T[] => indexes.map((i) => values[i] as T);
  const ids = new Set(pick(batch.ids));
  return {
    ...batch,
    ids: pick(batch.ids),
    createdAt: pick(batch.createdAt),
    updatedAt: pick(batch.updatedAt),
    columns: batch.columns.map((c) => ({ ...c, values: pick(c.values) })),
    extra: batch.extra ? { keys: batch.extra.keys, values: pick(batch.extra.values) } : null,
    rejects: batch.rejects.filter((r) => ids.has(r.id)),
    droppedOlder: 0,
    droppedSame: 0,
  };
}
