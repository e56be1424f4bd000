/**
 * The rows to write for association sets that changed: compared with what is stored, only rows
 * that are new or whose category or label changed are upserted, and only rows that are gone
 * are deleted. (Rewriting a whole set of a company with thousands of contacts to change one row
 * would cost thousands of row locks.)
 */
import type { AssociationRow } from '../../schema/index.js';
import { canonicalIdText } from '../ids.js';

export interface AssociationRowDiff {
  upserts: AssociationRow[];
  deletes: AssociationRow[];
}

const keyOf = (r: Pick<AssociationRow, 'toId' | 'typeId'>) =>
  `${canonicalIdText(r.toId)}\t${r.typeId}`;

/** `fresh` and `stored` rows of the same "from" records, in the same direction. */
export function diffAssociationRows(
  fresh: readonly AssociationRow[],
  stored: readonly AssociationRow[],
): AssociationRowDiff {
  const storedByKey = new Map<string, AssociationRow>();
  for (const row of stored) storedByKey.set(`${canonicalIdText(row.fromId)}\t${keyOf(row)}`, row);
  // The last of repeated rows wins, as in the fingerprint and in the store.
  const freshByKey = new Map<string, AssociationRow>();
  for (const row of fresh) freshByKey.set(`${canonicalIdText(row.fromId)}\t${keyOf(row)}`, row);
  const upserts = [...freshByKey].flatMap(([key, row]) => {
    const old = storedByKey.get(key);
    return !old || old.category !== row.category || old.label !== row.label ? [row] : [];
  });
  const deletes = [...storedByKey].filter(([key]) => !freshByKey.has(key)).map(([, row]) => row);
  return { upserts, deletes };
}
