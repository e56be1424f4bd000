import type { AssociationService } from './associations.js';
import { conflict, objectNotFound, propertyDoesNotExist, validationError } from './errors.js';
import type { PropState } from './property-registry.js';
import { ARCHIVED, LIVE, MERGED, PURGED, parseId } from './record-table.js';
import { parseDate } from './search-values.js';
import type { TypeStore, Values } from './type-store.js';
import { PortalError, type RecordView } from './types.js';
import { findByUnique, rememberUnique } from './unique-lookup.js';

export interface WriteContext {
  store: TypeStore;
  nowMs: number;
  /** Queues the record's new state for the lagged search view. */
  publish(idx: number): void;
  assoc: AssociationService;
  written: Map<string, number>;
}

type Input = Record<string, string | number | boolean | null>;

export function createRecord(
  ctx: WriteContext,
  input: Input,
  opts: { createdAt?: number } = {},
): RecordView {
  const { store, nowMs } = ctx;
  const created = store.spec.createdProperty;
  const values = checkValues(store, input, created);
  let createdAt = opts.createdAt ?? nowMs;
  if (opts.createdAt === undefined && input[created] != null && input[created] !== '') {
    createdAt = parseDate(String(input[created]));
    if (Number.isNaN(createdAt))
      throw validationError(
        `${created} must be a date (ISO 8601 or epoch milliseconds)`,
        'INVALID_DATE',
      );
  }
  checkUnique(ctx, -1, values);
  const { table } = store;
  const id = table.length ? (table.ids[table.length - 1] as number) + 1 : 10_001;
  const idx = table.append(id, createdAt, Math.max(nowMs, createdAt), 1, LIVE);
  store.explicit.set(idx, values);
  store.liveCount++;
  remember(ctx, idx, values);
  ctx.publish(idx);
  return store.truthView(idx, store.selectProps([...values.keys()]));
}

export function updateRecord(ctx: WriteContext, id: string, input: Input): RecordView {
  const { store, nowMs } = ctx;
  const idx = liveIndex(store, id);
  const values = checkValues(store, input, null);
  checkUnique(ctx, idx, values);
  const current = store.explicit.get(idx) ?? new Map();
  for (const [name, value] of values) current.set(name, value);
  store.explicit.set(idx, current);
  touch(store, idx, nowMs);
  remember(ctx, idx, values);
  ctx.publish(idx);
  return store.truthView(idx, store.selectProps([...values.keys()]));
}

/** Archiving does not change the last-modified date (docs/BEHAVIOR.md). Archiving twice is a no-op. */
export function archiveRecord(ctx: WriteContext, id: string): void {
  const { store } = ctx;
  const idx = store.table.indexOf(parseId(id));
  if (store.isArchived(idx)) return;
  if (!store.isLive(idx)) throw objectNotFound(store.spec.name, id);
  store.table.state[idx] = ARCHIVED;
  store.archivedAt.set(idx, ctx.nowMs);
  insertSorted(store.archivedSorted, idx);
  store.liveCount--;
  ctx.publish(idx);
}

export function restoreRecord(ctx: WriteContext, id: string): RecordView {
  const { store } = ctx;
  const idx = store.table.indexOf(parseId(id));
  if (!store.isArchived(idx)) throw objectNotFound(store.spec.name, id);
  store.table.state[idx] = LIVE;
  store.archivedAt.delete(idx);
  removeSorted(store.archivedSorted, idx);
  store.liveCount++;
  ctx.publish(idx);
  return store.truthView(idx, store.selectProps(undefined));
}

/** The merged record disappears (not even in the archived list); the survivor records its id. */
export function mergeRecords(ctx: WriteContext, primaryId: string, mergedId: string): RecordView {
  const { store, nowMs } = ctx;
  const mergedProp = store.props.live('hs_merged_object_ids');
  if (!mergedProp)
    throw validationError(`Merging ${store.spec.name} is not supported`, 'MERGE_NOT_SUPPORTED');
  if (String(primaryId) === String(mergedId))
    throw validationError('A record cannot be merged into itself', 'INVALID_MERGE');
  const survivor = liveIndex(store, primaryId);
  const merged = liveIndex(store, mergedId);
  const ids = [survivor, merged]
    .map((idx) => store.readValue(idx, mergedProp, store.truthSource(idx)))
    .flatMap((v) => (v ? v.split(';') : []));
  ids.push(store.idOf(merged));
  const values = store.explicit.get(survivor) ?? new Map();
  values.set('hs_merged_object_ids', [...new Set(ids)].join(';'));
  store.explicit.set(survivor, values);
  touch(store, survivor, nowMs);
  store.table.state[merged] = MERGED;
  store.archivedAt.set(merged, nowMs);
  store.liveCount--;
  ctx.assoc.moveAll(store, merged, survivor);
  ctx.publish(survivor);
  ctx.publish(merged);
  return store.truthView(
    survivor,
    store.selectProps([...store.spec.defaultProperties, 'hs_merged_object_ids']),
  );
}

/** A GDPR-style delete: the record is gone from every read, including the archived list. */
export function purgeRecord(ctx: WriteContext, id: string): void {
  const { store } = ctx;
  const idx = store.table.indexOf(parseId(id));
  if (!store.isLive(idx) && !store.isArchived(idx)) throw objectNotFound(store.spec.name, id);
  if (store.isArchived(idx)) removeSorted(store.archivedSorted, idx);
  else store.liveCount--;
  store.table.state[idx] = PURGED;
  store.archivedAt.delete(idx);
  store.explicit.delete(idx);
  ctx.assoc.removeAll(store, idx);
  ctx.publish(idx);
}

function liveIndex(store: TypeStore, id: string): number {
  const idx = store.table.indexOf(parseId(id));
  if (!store.isLive(idx)) throw objectNotFound(store.spec.name, String(id));
  return idx;
}

/** Every update moves the last-modified date strictly forward, even within one millisecond. */
function touch(store: TypeStore, idx: number, nowMs: number): void {
  const { table } = store;
  table.updated[idx] = Math.max(nowMs, (table.updated[idx] as number) + 1);
  table.version[idx] = (table.version[idx] as number) + 1;
}

/** Checks names and read-only properties; values become strings (null clears). */
function checkValues(store: TypeStore, input: Input, allowedReadOnly: string | null): Values {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw validationError('properties must be an object');
  const unknown: string[] = [];
  const readOnly: string[] = [];
  const values: Values = new Map();
  for (const [name, raw] of Object.entries(input)) {
    const prop: PropState | undefined = store.props.live(name);
    if (!prop) {
      unknown.push(name);
      continue;
    }
    if (name === allowedReadOnly) continue;
    if (prop.role) {
      readOnly.push(name);
      continue;
    }
    values.set(name, raw === null || raw === undefined ? null : String(raw));
  }
  if (unknown.length) throw propertyDoesNotExist(unknown);
  if (readOnly.length) {
    throw new PortalError(
      400,
      'VALIDATION_ERROR',
      `Property values were not valid: ${readOnly.map((n) => `"${n}" is a read only property`).join(', ')}`,
      readOnly.map((n) => ({
        message: `${n} is a read only property`,
        code: 'READ_ONLY_VALUE',
        context: { propertyName: [n] },
      })),
    );
  }
  return values;
}

function checkUnique(ctx: WriteContext, self: number, values: Values): void {
  for (const [name, value] of values) {
    const prop = ctx.store.props.live(name);
    if (!prop?.def.hasUniqueValue || !value) continue;
    const other = findByUnique(ctx.store, name, value, ctx.written);
    if (other >= 0 && other !== self && ctx.store.isLive(other)) {
      throw conflict(
        `A ${ctx.store.spec.labels.singular.toLowerCase()} with ${name} ${value} already exists. Existing ID: ${ctx.store.idOf(other)}`,
      );
    }
  }
}

function remember(ctx: WriteContext, idx: number, values: Values): void {
  for (const [name, value] of values) {
    if (ctx.store.props.live(name)?.def.hasUniqueValue)
      rememberUnique(ctx.written, name, value, idx);
  }
}

function insertSorted(list: number[], value: number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, value);
}

function removeSorted(list: number[], value: number): void {
  const at = list.indexOf(value);
  if (at >= 0) list.splice(at, 1);
}
