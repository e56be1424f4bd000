/** The shapes the DDL planner works on: what the mirror has, what the portal wants, the steps. */
import type { PgType } from './types.js';

/** `_columns.column_name` of a property whose values live in the `_extra jsonb` column. */
export const EXTRA_COLUMN = '_extra';

export interface CatalogColumn {
  property: string;
  /** The property's column, or EXTRA_COLUMN when it overflowed the column budget. */
  columnName: string;
  hubspotType: string;
  fieldType: string;
  pgType: PgType;
  archived: boolean;
}

export interface CatalogObject {
  /** The table name, which is also `object_type` in every `_` table. */
  objectType: string;
  /** HubSpot's name for the type (`contacts`, a custom object's `name`). */
  apiName: string;
  objectTypeId: string;
  createdProperty: string;
  modifiedProperty: string;
  columns: ReadonlyMap<string, CatalogColumn>;
}

export interface CatalogState {
  schema: string;
  objects: ReadonlyMap<string, CatalogObject>;
}

export const emptyCatalog = (schema: string): CatalogState => ({ schema, objects: new Map() });

export interface DesiredProperty {
  name: string;
  type: string;
  fieldType: string;
  archived?: boolean;
}

export interface DesiredObject {
  /** An approved table name (tableNameFor / assignTableNames). */
  tableName: string;
  /** HubSpot's name for the type; defaults to tableName. */
  apiName?: string;
  objectTypeId: string;
  createdProperty: string;
  modifiedProperty: string;
  properties: DesiredProperty[];
}

export interface DesiredSchema {
  objects: DesiredObject[];
}

export interface PlanOptions {
  /** Property columns per table; further properties live in `_extra`. */
  columnBudget: number;
}

interface ObjectMeta {
  objectType: string;
  apiName: string;
  objectTypeId: string;
  createdProperty: string;
  modifiedProperty: string;
}

interface PropertyMeta {
  objectType: string;
  property: string;
  hubspotType: string;
  fieldType: string;
  pgType: PgType;
}

export type DdlStep =
  | ({ kind: 'create_table' } & ObjectMeta)
  | ({ kind: 'update_object' } & ObjectMeta)
  | { kind: 'add_extra_column'; objectType: string }
  | ({ kind: 'add_column'; columnName: string } & PropertyMeta)
  | ({ kind: 'map_to_extra' } & PropertyMeta)
  /** Same column name, new type; values re-cast (docs/POSTGRES.md, "Type changes"). */
  | ({ kind: 'change_type'; columnName: string; fromPgType: PgType } & PropertyMeta)
  /** New HubSpot type or field type that maps to the same Postgres type: metadata only. */
  | ({ kind: 'update_property' } & PropertyMeta)
  | { kind: 'archive_property'; objectType: string; property: string }
  | { kind: 'unarchive_property'; objectType: string; property: string };

export interface DdlPlan {
  schema: string;
  /** Fingerprint of the catalog the plan was made from; applyDdlPlan re-plans if it moved. */
  basis: string;
  desired: DesiredSchema;
  options: PlanOptions;
  steps: DdlStep[];
}
