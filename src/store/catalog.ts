/** Reads what the mirror holds now: object tables and their property mappings. */
import { sql } from 'kysely';
import type { CatalogColumn, CatalogObject, CatalogState } from '../schema/catalog.js';
import { isPgType } from '../schema/types.js';
import type { StoreContext } from './connection.js';
import { coerceStoreError } from './errors.js';

interface ObjectRow {
  object_type: string;
  api_name: string;
  object_type_id: string;
  created_property: string;
  modified_property: string;
}

interface ColumnRow {
  object_type: string;
  property: string;
  column_name: string;
  hubspot_type: string;
  field_type: string;
  pg_type: string;
  archived: boolean;
}

export async function readCatalog(store: StoreContext): Promise<CatalogState> {
  try {
    const objects = await sql<ObjectRow>`
      select object_type, api_name, object_type_id, created_property, modified_property
      from ${sql.id(store.schema, '_objects')}`.execute(store.db);
    const columns = await sql<ColumnRow>`
      select object_type, property, column_name, hubspot_type, field_type, pg_type, archived
      from ${sql.id(store.schema, '_columns')}`.execute(store.db);
    const byObject = new Map<string, Map<string, CatalogColumn>>();
    for (const c of columns.rows) {
      if (!isPgType(c.pg_type)) throw new Error(`_columns has unknown pg_type ${c.pg_type}`);
      const map = byObject.get(c.object_type) ?? new Map<string, CatalogColumn>();
      map.set(c.property, {
        property: c.property,
        columnName: c.column_name,
        hubspotType: c.hubspot_type,
        fieldType: c.field_type,
        pgType: c.pg_type,
        archived: c.archived,
      });
      byObject.set(c.object_type, map);
    }
    const result = new Map<string, CatalogObject>();
    for (const o of objects.rows) {
      result.set(o.object_type, {
        objectType: o.object_type,
        apiName: o.api_name,
        objectTypeId: o.object_type_id,
        createdProperty: o.created_property,
        modifiedProperty: o.modified_property,
        columns: byObject.get(o.object_type) ?? new Map(),
      });
    }
    return { schema: store.schema, objects: result };
  } catch (error) {
    throw coerceStoreError(error, 'read catalog');
  }
}
