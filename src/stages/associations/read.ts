/**
 * Reading one object pair's associations from HubSpot as mirror rows, shared by the backfill's
 * initial load and the live sweeper: each "from" id's complete set (every page, every type) in the stored direction.
 */
import {
  readAllAssociations,
  type AssociationSet,
  type CallOptions,
  type HubSpotClient,
} from '../../hubspot/index.js';
import { isStoredDirection, type AssociationRow, type CatalogObject } from '../../schema/index.js';
import { apiTypeOf } from '../catalog-object.js';

/** One "from" record's associations to the other type; empty when it has none (or is gone). */
export interface AssociationRowSet {
  fromId: string;
  rows: AssociationRow[];
  /** HubSpot reported the record OBJECT_NOT_FOUND. */
  missing: boolean;
}

/** Throws when `from` is not the side the pair is stored from. */
export function assertStoredDirection(from: CatalogObject, to: CatalogObject): void {
  if (!isStoredDirection(from.objectType, to.objectType)) {
    throw new Error(
      `associations ${from.objectType} -> ${to.objectType} are stored from ${to.objectType}`,
    );
  }
}

/** The mirror rows of one set read from HubSpot. */
export function rowsOfSet(
  from: CatalogObject,
  to: CatalogObject,
  set: AssociationSet,
): AssociationRow[] {
  const rows: AssociationRow[] = [];
  for (const target of set.targets) {
    for (const type of target.associationTypes) {
      rows.push({
        fromType: from.objectType,
        fromId: set.fromId,
        toType: to.objectType,
        toId: String(target.toObjectId),
        typeId: type.typeId,
        category: type.category,
        label: type.label ?? null,
      });
    }
  }
  return rows;
}

/** Each of `ids`' complete association set (≤ 1,000 ids per call, per-id paging). */
export async function* readAssociationRowSets(
  client: HubSpotClient,
  from: CatalogObject,
  to: CatalogObject,
  ids: string[],
  call: CallOptions,
): AsyncIterable<AssociationRowSet> {
  for await (const set of readAllAssociations(client, apiTypeOf(from), apiTypeOf(to), ids, call)) {
    yield { fromId: set.fromId, rows: rowsOfSet(from, to, set), missing: set.missing === true };
  }
}
