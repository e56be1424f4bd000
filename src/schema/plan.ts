/**
 * The DDL plan: what must change so the mirror can hold the portal's current schema. Pure, so the
 * same catalog and portal schema always give the same plan. Nothing is ever dropped: a property
 * that disappears or is archived keeps its column (marked archived), a type change keeps the
 * column's name (docs/POSTGRES.md), and past the column budget properties overflow to `_extra`.
 */
import { createHash } from 'node:crypto';
import {
  EXTRA_COLUMN,
  type CatalogObject,
  type CatalogState,
  type DdlPlan,
  type DdlStep,
  type DesiredObject,
  type DesiredProperty,
  type DesiredSchema,
  type PlanOptions,
} from './catalog.js';
import { IdentifierError } from './errors.js';
import {
  assertColumnName,
  assertTableName,
  assignColumnNames,
  compareNames,
} from './identifiers.js';
import { pgTypeFor } from './types.js';

/** Postgres' 1,600 columns, less id, the three timestamps and `_extra`. */
export const MAX_COLUMN_BUDGET = 1600 - 5;
/**
 * Default property columns per table. Well under Postgres' limit because a heap row must fit in
 * one 8 kB page after TOAST, and every non-null column costs bytes even when small (a record
 * that still does not fit is kept as a `_row` reject: docs/POSTGRES.md).
 */
export const DEFAULT_COLUMN_BUDGET = 1000;

export function planSchema(
  current: CatalogState,
  desired: DesiredSchema,
  options: PlanOptions,
): DdlPlan {
  const budget = options.columnBudget;
  if (!Number.isInteger(budget) || budget < 0 || budget > MAX_COLUMN_BUDGET) {
    throw new RangeError(`columnBudget must be an integer from 0 to ${MAX_COLUMN_BUDGET}`);
  }
  const seen = new Set<string>();
  const steps: DdlStep[] = [];
  for (const object of desired.objects) {
    assertTableName(object.tableName);
    if (seen.has(object.tableName)) {
      throw new IdentifierError(`table "${object.tableName}" is wanted twice`, object.tableName);
    }
    seen.add(object.tableName);
    steps.push(...planObject(current.objects.get(object.tableName), object, budget));
  }
  return {
    schema: current.schema,
    basis: catalogFingerprint(current),
    desired,
    options: { columnBudget: budget },
    steps,
  };
}

function planObject(
  current: CatalogObject | undefined,
  object: DesiredObject,
  budget: number,
): DdlStep[] {
  const objectType = object.tableName;
  const meta = {
    objectType,
    apiName: object.apiName ?? objectType,
    objectTypeId: object.objectTypeId,
    createdProperty: object.createdProperty,
    modifiedProperty: object.modifiedProperty,
  };
  const steps: DdlStep[] = [];
  if (!current) steps.push({ kind: 'create_table', ...meta });
  else if (
    current.apiName !== meta.apiName ||
    current.objectTypeId !== meta.objectTypeId ||
    current.createdProperty !== meta.createdProperty ||
    current.modifiedProperty !== meta.modifiedProperty
  ) {
    steps.push({ kind: 'update_object', ...meta });
  }

  const columns = current?.columns ?? new Map();
  const wanted = uniqueProperties(object.properties);
  const newcomers: DesiredProperty[] = [];
  // Name order, so the plan does not depend on the order HubSpot lists properties in.
  for (const property of [...wanted.values()].sort((a, b) => compareNames(a.name, b.name))) {
    const known = columns.get(property.name);
    if (!known) {
      // An archived property never seen before has no values to keep.
      if (!property.archived) newcomers.push(property);
      continue;
    }
    const base = { objectType, property: property.name };
    if (property.archived) {
      if (!known.archived) steps.push({ kind: 'archive_property', ...base });
      continue;
    }
    if (known.archived) steps.push({ kind: 'unarchive_property', ...base });
    const pgType = pgTypeFor(property.type, property.fieldType);
    const propertyMeta = {
      ...base,
      hubspotType: property.type,
      fieldType: property.fieldType,
      pgType,
    };
    if (pgType !== known.pgType) {
      steps.push({
        kind: 'change_type',
        ...propertyMeta,
        columnName: known.columnName,
        fromPgType: known.pgType,
      });
    } else if (property.type !== known.hubspotType || property.fieldType !== known.fieldType) {
      steps.push({ kind: 'update_property', ...propertyMeta });
    }
  }
  for (const known of [...columns.values()].sort((a, b) => compareNames(a.property, b.property))) {
    if (!wanted.has(known.property) && !known.archived) {
      steps.push({ kind: 'archive_property', objectType, property: known.property });
    }
  }
  steps.push(...planNewColumns(objectType, columns, newcomers, budget));
  return steps;
}

/** Newcomers in name order take the free budget; the rest overflow to `_extra`. */
function planNewColumns(
  objectType: string,
  columns: CatalogObject['columns'],
  newcomers: DesiredProperty[],
  budget: number,
): DdlStep[] {
  const named = new Map<string, string>();
  for (const c of columns.values())
    if (c.columnName !== EXTRA_COLUMN) named.set(c.property, c.columnName);
  const sorted = [...newcomers].sort((a, b) => compareNames(a.name, b.name));
  const free = Math.max(0, budget - named.size);
  const inColumns = sorted.slice(0, free);
  const overflow = sorted.slice(free);
  const names = assignColumnNames(
    named,
    inColumns.map((p) => p.name),
  );
  const steps: DdlStep[] = [];
  for (const p of inColumns) {
    steps.push({
      kind: 'add_column',
      objectType,
      property: p.name,
      columnName: assertColumnName(names.get(p.name) as string),
      hubspotType: p.type,
      fieldType: p.fieldType,
      pgType: pgTypeFor(p.type, p.fieldType),
    });
  }
  const hasExtra = [...columns.values()].some((c) => c.columnName === EXTRA_COLUMN);
  if (overflow.length && !hasExtra) steps.push({ kind: 'add_extra_column', objectType });
  for (const p of overflow) {
    steps.push({
      kind: 'map_to_extra',
      objectType,
      property: p.name,
      hubspotType: p.type,
      fieldType: p.fieldType,
      pgType: pgTypeFor(p.type, p.fieldType),
    });
  }
  return steps;
}

/** One entry per property name (the first wins); names must be storable as Postgres text. */
function uniqueProperties(properties: DesiredProperty[]): Map<string, DesiredProperty> {
  const result = new Map<string, DesiredProperty>();
  for (const p of properties) {
    if (p.name.includes('\u0000')) throw new IdentifierError('property name contains NUL', p.name);
    if (!result.has(p.name)) result.set(p.name, p);
  }
  return result;
}

/** A stable digest of everything the planner reads from the catalog. */
export function catalogFingerprint(state: CatalogState): string {
  const objects = [...state.objects.values()]
    .sort((a, b) => compareNames(a.objectType, b.objectType))
    .map((o) => [
      o.objectType,
      o.apiName,
      o.objectTypeId,
      o.createdProperty,
      o.modifiedProperty,
      [...o.columns.values()]
        .sort((a, b) => compareNames(a.property, b.property))
        .map((c) => [c.property, c.columnName, c.hubspotType, c.fieldType, c.pgType, c.archived]),
    ]);
  return createHash('md5').update(JSON.stringify(objects)).digest('hex');
}

export const isEmptyPlan = (plan: DdlPlan): boolean => plan.steps.length === 0;
