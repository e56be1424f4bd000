/**
 * applyDdlPlan: a DDL plan in one transaction behind the schema's DDL lock. If the catalog moved
 * since the plan was made (another process applied one), the plan is made again from the
 * current catalog, so two processes never fight over a name. Every step is logged in
 * `_schema_changes`. Row notifications are off: DDL is not a change of HubSpot data.
 */
import { sql } from 'kysely';
import { EXTRA_COLUMN, type DdlPlan, type DdlStep } from '../schema/catalog.js';
import { assertColumnName, assertTableName, nameHash } from '../schema/identifiers.js';
import { catalogFingerprint, planSchema } from '../schema/plan.js';
import { isPgType } from '../schema/types.js';
import { readCatalog } from './catalog.js';
import type { StoreContext } from './connection.js';
import { StoreError } from './errors.js';
import { ddlLockKey, lockExclusive } from './locks.js';
import { installNotifyTrigger, setNotifications } from './notify.js';
import { recastProperty } from './recast.js';
import { withTransaction } from './transaction.js';

export interface ApplyResult {
  /** The steps applied: the plan's, or a fresh plan's when the catalog had moved. */
  steps: DdlStep[];
  replanned: boolean;
}

type Step<K extends DdlStep['kind']> = Extract<DdlStep, { kind: K }>;

export async function applyDdlPlan(store: StoreContext, plan: DdlPlan): Promise<ApplyResult> {
  if (plan.schema !== store.schema) {
    throw new StoreError(
      'STORE_QUERY',
      `plan is for schema ${plan.schema}, store is ${store.schema}`,
    );
  }
  return withTransaction(store, async (tx) => {
    await lockExclusive(tx, ddlLockKey(tx.schema));
    await setNotifications(tx, false);
    const catalog = await readCatalog(tx);
    const replanned = catalogFingerprint(catalog) !== plan.basis;
    const steps = replanned ? planSchema(catalog, plan.desired, plan.options).steps : plan.steps;
    checkSteps(steps);
    const details = new Map<DdlStep, Record<string, unknown>>();
    for (const step of steps) {
      if (step.kind === 'create_table' || step.kind === 'update_object') await saveObject(tx, step);
      if (step.kind === 'create_table') await createTable(tx, step.objectType);
    }
    await addColumns(
      tx,
      steps.filter((s): s is Step<'add_column'> => s.kind === 'add_column'),
    );
    for (const step of steps) {
      if (step.kind === 'add_extra_column') {
        await sql`alter table ${sql.id(tx.schema, step.objectType)} add column if not exists _extra jsonb`.execute(
          tx.db,
        );
      }
    }
    await insertMappings(
      tx,
      steps.filter(
        (s): s is Step<'add_column'> | Step<'map_to_extra'> =>
          s.kind === 'add_column' || s.kind === 'map_to_extra',
      ),
    );
    for (const step of steps) {
      if (step.kind === 'change_type') details.set(step, { ...(await recastProperty(tx, step)) });
      if (step.kind === 'change_type' || step.kind === 'update_property')
        await updateMapping(tx, step);
      if (step.kind === 'archive_property' || step.kind === 'unarchive_property') {
        await sql`update ${sql.id(tx.schema, '_columns')} set archived = ${step.kind === 'archive_property'}, updated_at = now()
          where object_type = ${step.objectType} and property = ${step.property}`.execute(tx.db);
      }
    }
    await logChanges(tx, steps, details);
    return { steps, replanned };
  });
}

/** The plan is data a caller could have built: names and types are checked again here. */
function checkSteps(steps: DdlStep[]): void {
  for (const step of steps) {
    assertTableName(step.objectType);
    if ('columnName' in step && step.columnName !== EXTRA_COLUMN) assertColumnName(step.columnName);
    if ('pgType' in step && !isPgType(step.pgType))
      throw new StoreError('STORE_QUERY', `bad pg type ${String(step.pgType)}`);
    if ('fromPgType' in step && !isPgType(step.fromPgType))
      throw new StoreError('STORE_QUERY', `bad pg type ${String(step.fromPgType)}`);
  }
}

async function saveObject(
  tx: StoreContext,
  step: Step<'create_table'> | Step<'update_object'>,
): Promise<void> {
  await sql`insert into ${sql.id(tx.schema, '_objects')}
      (object_type, api_name, object_type_id, created_property, modified_property)
    values (${step.objectType}, ${step.apiName}, ${step.objectTypeId}, ${step.createdProperty}, ${step.modifiedProperty})
    on conflict (object_type) do update set api_name = excluded.api_name,
      object_type_id = excluded.object_type_id, created_property = excluded.created_property,
      modified_property = excluded.modified_property, updated_at = now()`.execute(tx.db);
}

async function createTable(tx: StoreContext, table: string): Promise<void> {
  const target = sql.id(tx.schema, table);
  await sql`create table if not exists ${target} (
    id bigint primary key,
    _created_at timestamptz,
    _updated_at timestamptz,
    _synced_at timestamptz
  )`.execute(tx.db);
  // The live poller starts from the newest stored change; index names get a hash to fit 63 bytes.
  await sql`create index if not exists ${sql.id(`_updated_at_${nameHash(table)}`)} on ${target} (_updated_at)`.execute(
    tx.db,
  );
  await installNotifyTrigger(tx, table);
}

/** One ALTER TABLE per table: adding nullable columns without defaults touches no rows. */
async function addColumns(tx: StoreContext, steps: Step<'add_column'>[]): Promise<void> {
  const byTable = new Map<string, Step<'add_column'>[]>();
  for (const s of steps) byTable.set(s.objectType, [...(byTable.get(s.objectType) ?? []), s]);
  for (const [table, list] of byTable) {
    const clauses = list.map(
      (s) => sql`add column if not exists ${sql.id(s.columnName)} ${sql.raw(s.pgType)}`,
    );
    await sql`alter table ${sql.id(tx.schema, table)} ${sql.join(clauses)}`.execute(tx.db);
  }
}

async function insertMappings(
  tx: StoreContext,
  steps: Array<Step<'add_column'> | Step<'map_to_extra'>>,
): Promise<void> {
  if (!steps.length) return;
  const col = <T>(f: (s: (typeof steps)[number]) => T) => steps.map(f);
  await sql`insert into ${sql.id(tx.schema, '_columns')}
      (object_type, property, column_name, hubspot_type, field_type, pg_type)
    select * from unnest(
      ${col((s) => s.objectType)}::text[], ${col((s) => s.property)}::text[],
      ${col((s) => (s.kind === 'add_column' ? s.columnName : EXTRA_COLUMN))}::text[],
      ${col((s) => s.hubspotType)}::text[], ${col((s) => s.fieldType)}::text[], ${col((s) => s.pgType)}::text[])`.execute(
    tx.db,
  );
}

async function updateMapping(
  tx: StoreContext,
  step: Step<'change_type'> | Step<'update_property'>,
): Promise<void> {
  await sql`update ${sql.id(tx.schema, '_columns')}
    set hubspot_type = ${step.hubspotType}, field_type = ${step.fieldType}, pg_type = ${step.pgType}, updated_at = now()
    where object_type = ${step.objectType} and property = ${step.property}`.execute(tx.db);
}

async function logChanges(
  tx: StoreContext,
  steps: DdlStep[],
  details: Map<DdlStep, Record<string, unknown>>,
): Promise<void> {
  if (!steps.length) return;
  await sql`insert into ${sql.id(tx.schema, '_schema_changes')} (object_type, property, change, detail)
    select * from unnest(
      ${steps.map((s) => s.objectType)}::text[],
      ${steps.map((s) => ('property' in s ? s.property : null))}::text[],
      ${steps.map((s) => s.kind)}::text[],
      ${steps.map((s) => JSON.stringify({ ...s, ...details.get(s) }))}::jsonb[])`.execute(tx.db);
}
