import { validationError } from './errors.js';
import { parseId } from './record-table.js';
import type { TypeStore } from './type-store.js';

/** Generated unique values embed the record index, so lookups need no scan at a million records. */
const DECODERS: Record<string, (value: string) => number> = {
  email: (v) => Number(/\.(\d+)@/.exec(v)?.[1] ?? NaN),
  vin: (v) => Number(/^1sbx(\d{9})/i.exec(v)?.[1] ?? NaN),
};

/**
 * The record (any state) whose unique property `name` equals `value` (case-insensitive), or -1.
 * Written values are remembered in `written`; generated ones are decoded or, failing that, scanned.
 */
export function findByUnique(
  store: TypeStore,
  name: string,
  value: string,
  written: Map<string, number>,
): number {
  if (name === 'hs_object_id') return store.table.indexOf(parseId(value));
  const prop = store.props.live(name);
  if (!prop || !prop.def.hasUniqueValue)
    throw validationError(
      `${name} is not a unique property of ${store.spec.name} and cannot be an idProperty`,
      'INVALID_ID_PROPERTY',
    );
  const want = value.trim().toLowerCase();
  if (want === '') return -1;
  const matches = (idx: number) =>
    idx >= 0 &&
    idx < store.table.length &&
    store.readValue(idx, prop, store.truthSource(idx))?.toLowerCase() === want;
  const remembered = written.get(`${name}\u0000${want}`);
  if (remembered !== undefined && matches(remembered)) return remembered;
  const decode = prop.gen ? DECODERS[prop.gen.kind] : undefined;
  if (decode) {
    const idx = decode(want);
    return Number.isInteger(idx) && idx < store.generated && matches(idx) ? idx : -1;
  }
  for (let idx = 0; idx < store.generated; idx++) if (matches(idx)) return idx;
  return -1;
}

export function rememberUnique(
  written: Map<string, number>,
  name: string,
  value: string | null,
  idx: number,
): void {
  if (value) written.set(`${name}\u0000${value.trim().toLowerCase()}`, idx);
}
