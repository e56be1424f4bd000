/**
 * The fingerprint of one record's association set: md5 of its rows in one canonical order, so
 * the same set read twice (in any order, over any paging) gives the same string, and any change
 * of target, type, category or label gives another.
 */
import { createHash } from 'node:crypto';
import type { AssociationRow } from '../../schema/index.js';
import { canonicalIdText, compareIds } from '../ids.js';

type FingerprintRow = Pick<AssociationRow, 'toId' | 'typeId' | 'category' | 'label'>;

const digest = (text: string): string => createHash('md5').update(text).digest('base64');

/** The set with no rows; one shared string, since most records have no rows for most pairs. */
export const EMPTY_FINGERPRINT = digest('');

export function fingerprintRows(rows: readonly FingerprintRow[]): string {
  if (!rows.length) return EMPTY_FINGERPRINT;
  const unique = new Map<string, { toId: string; row: FingerprintRow }>();
  for (const row of rows) {
    const toId = canonicalIdText(row.toId);
    unique.set(`${toId}\t${row.typeId}`, { toId, row });
  }
  const sorted = [...unique.values()].sort(
    (a, b) => compareIds(a.toId, b.toId) || a.row.typeId - b.row.typeId,
  );
  // JSON keeps a NULL label apart from an empty one, and any character in a label unambiguous.
  return digest(
    sorted
      .map(
        ({ toId, row }) =>
          `${toId}\t${row.typeId}\t${JSON.stringify(row.category)}\t${JSON.stringify(row.label)}`,
      )
      .join('\n'),
  );
}

/** Rows grouped by `fromId` (canonical). */
export function groupByFromId<R extends Pick<AssociationRow, 'fromId'>>(
  rows: readonly R[],
): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const id = canonicalIdText(row.fromId);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = []));
    group.push(row);
  }
  return groups;
}
