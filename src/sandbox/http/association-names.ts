import type { AssociationTypeRef, ObjectTypeDef, Portal, RecordView } from '../portal/types.js';
import { requireType } from './params.js';

function singularOf(def: ObjectTypeDef): string {
  return def.custom ? def.name : def.labels.singular.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

/**
 * v3's association type names: `contact_to_company` for the primary (or only) unlabeled type,
 * `contact_to_company_unlabeled` beside a primary, and the snake-cased label otherwise.
 */
export function nameAssociationType(
  from: ObjectTypeDef,
  to: ObjectTypeDef,
  type: Pick<AssociationTypeRef, 'label' | 'category'>,
  hasPrimary: boolean,
): string {
  const base = `${singularOf(from)}_to_${singularOf(to)}`;
  if (type.label === null) return hasPrimary ? `${base}_unlabeled` : base;
  if (type.category === 'HUBSPOT_DEFINED' && type.label.toLowerCase() === 'primary') return base;
  return type.label.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

/** The v3 `associations` member of list/get results, for `?associations=companies,deals`. */
export function attachAssociations(
  portal: Portal,
  from: ObjectTypeDef,
  records: RecordView[],
  toTypes: string[],
) {
  const targets = toTypes.map((name) => {
    const to = requireType(portal, name);
    const types = portal.associationTypes(from.name, to.name);
    const hasPrimary = types.some((t) => t.label?.toLowerCase() === 'primary');
    const names = new Map(
      types.map((t) => [t.typeId, nameAssociationType(from, to, t, hasPrimary)]),
    );
    return { to, names };
  });
  return records.map((record) => {
    const associations: Record<string, { results: Array<{ id: string; type: string }> }> = {};
    for (const { to, names } of targets) {
      const page = portal.associations(from.name, record.id, to.name, { limit: 500 });
      const results = (page?.results ?? []).flatMap((target) =>
        target.associationTypes.map((t) => ({
          id: String(target.toObjectId),
          type: names.get(t.typeId) ?? String(t.typeId),
        })),
      );
      if (results.length > 0) associations[to.name] = { results };
    }
    return Object.keys(associations).length > 0 ? { ...record, associations } : record;
  });
}
