/** Shared setup for the store's integration tests: a fresh database, migrated, with a contacts table. */
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import type { DesiredObject, DesiredProperty } from '../../../src/schema/catalog.js';
import { planSchema } from '../../../src/schema/plan.js';
import { applyDdlPlan } from '../../../src/store/apply-plan.js';
import { readCatalog } from '../../../src/store/catalog.js';
import { openStore, type Store } from '../../../src/store/connection.js';
import { migrate } from '../../../src/store/migrate.js';
import type { HubSpotRecord } from '../../../src/store/records.js';

export interface Fixture {
  database: TestDatabase;
  store: Store;
  close(): Promise<void>;
}

export async function openFixture(schema = 'hubspot'): Promise<Fixture> {
  const database = await createTestDatabase();
  const store = openStore({ databaseUrl: database.url, schema, max: 4 });
  await migrate(store);
  return {
    database,
    store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}

export const prop = (
  name: string,
  type = 'string',
  fieldType = 'text',
  archived = false,
): DesiredProperty => ({
  name,
  type,
  fieldType,
  archived,
});

/** One property of every kind, plus a name that needs the column rule. */
export const CONTACT_PROPERTIES: DesiredProperty[] = [
  prop('email'),
  prop('age', 'number', 'number'),
  prop('vip', 'bool', 'booleancheckbox'),
  prop('birthday', 'date', 'date'),
  prop('last_seen', 'datetime', 'date'),
  prop('hobbies', 'enumeration', 'checkbox'),
  prop('tier', 'enumeration', 'select'),
  prop('profile', 'json', 'text'),
  prop('Favourite-Colour'),
];

export const contactsObject = (properties = CONTACT_PROPERTIES): DesiredObject => ({
  tableName: 'contacts',
  objectTypeId: '0-1',
  createdProperty: 'createdate',
  modifiedProperty: 'lastmodifieddate',
  properties,
});

export async function applyObjects(store: Store, objects: DesiredObject[], columnBudget = 100) {
  const plan = planSchema(await readCatalog(store), { objects }, { columnBudget });
  return applyDdlPlan(store, plan);
}

export const record = (
  id: string,
  updatedAt: string,
  properties: Record<string, string | null>,
  createdAt = '2024-01-01T00:00:00.000Z',
): HubSpotRecord => ({ id, properties, createdAt, updatedAt });

/** Rows of a table as plain text values, ordered by id, for exact comparisons. */
export async function rowsOf(
  store: Store,
  table: string,
): Promise<Array<Record<string, string | null>>> {
  const { rows } = await sql<{ row: Record<string, string | null> }>`
    select to_jsonb(t) - '_synced_at' as row from ${sql.id(store.schema, table)} t order by id`.execute(
    store.db,
  );
  return rows.map((r) => r.row);
}

/** The transaction id that last wrote each row: unchanged when a row was not written. */
export async function rowVersions(store: Store, table: string): Promise<string[]> {
  const { rows } = await sql<{ v: string }>`
    select id::text || ':' || xmin::text as v from ${sql.id(store.schema, table)} order by id`.execute(
    store.db,
  );
  return rows.map((r) => r.v);
}

export { listenChannel as listen } from '../../helpers/listen.js';
