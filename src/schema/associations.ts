/**
 * The mirror stores each pair of object types in one direction: `from_type` is the table name that
 * sorts first (`companies` → `contacts`). HubSpot type ids are per direction, so flipping a row
 * read the other way needs the pair's type id (and label) in the stored direction.
 * docs/POSTGRES.md, "Associations".
 */
import { AssociationShapeError } from './errors.js';
import { compareNames } from './identifiers.js';

export interface AssociationRow {
  /** Table names of the two object types. */
  fromType: string;
  fromId: string;
  toType: string;
  toId: string;
  typeId: number;
  category: string;
  /** NULL for unlabeled types. */
  label: string | null;
}

/** The same association type seen from the stored direction. */
export interface StoredDirectionType {
  typeId: number;
  label?: string | null;
  category?: string;
}

/** True when rows read from `fromType` to `toType` are stored as read. */
export const isStoredDirection = (fromType: string, toType: string): boolean =>
  compareNames(fromType, toType) <= 0;

/** The row in the stored direction; `stored` is required when the row must be flipped. */
export function normaliseAssociation(
  row: AssociationRow,
  stored?: StoredDirectionType,
): AssociationRow {
  if (isStoredDirection(row.fromType, row.toType)) return row;
  if (!stored) {
    throw new AssociationShapeError(
      `association ${row.fromType} -> ${row.toType} type ${row.typeId} is stored as ` +
        `${row.toType} -> ${row.fromType}: pass that direction's type id`,
    );
  }
  return {
    fromType: row.toType,
    fromId: row.toId,
    toType: row.fromType,
    toId: row.fromId,
    typeId: stored.typeId,
    category: stored.category ?? row.category,
    label: stored.label !== undefined ? stored.label : row.label,
  };
}
