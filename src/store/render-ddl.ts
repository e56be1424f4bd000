/** The DDL plan as the SQL a person reads (`introspect --plan`); the store runs its own. */
import { EXTRA_COLUMN, type DdlPlan, type DdlStep } from '../schema/catalog.js';
import { quoteIdentifier as quote } from '../schema/identifiers.js';
import { notifyTriggerDdl } from './notify-trigger.js';

const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

export function renderDdl(plan: DdlPlan): string[] {
  return plan.steps.map((step) => renderStep(plan.schema, step));
}

function renderStep(schema: string, step: DdlStep): string {
  const table = `${quote(schema)}.${quote(step.objectType)}`;
  switch (step.kind) {
    case 'create_table':
      return (
        `create table ${table} (id bigint primary key, _created_at timestamptz, ` +
        `_updated_at timestamptz, _synced_at timestamptz); ` +
        `${notifyTriggerDdl(quote(schema), quote(step.objectType))}; ` +
        `-- ${step.apiName} (${step.objectTypeId}), created ${step.createdProperty}, modified ${step.modifiedProperty}`
      );
    case 'update_object':
      return `-- ${table}: ${step.apiName} (${step.objectTypeId}), created ${step.createdProperty}, modified ${step.modifiedProperty}`;
    case 'add_extra_column':
      return `alter table ${table} add column ${EXTRA_COLUMN} jsonb;`;
    case 'add_column':
      return `alter table ${table} add column ${quote(step.columnName)} ${step.pgType}; -- property ${literal(step.property)} (${step.hubspotType}/${step.fieldType})`;
    case 'map_to_extra':
      return `-- property ${literal(step.property)} (${step.hubspotType}/${step.fieldType}, ${step.pgType}) over the column budget: stored in ${table}.${EXTRA_COLUMN}`;
    case 'change_type':
      return step.columnName === EXTRA_COLUMN
        ? `-- property ${literal(step.property)} in ${EXTRA_COLUMN}: ${step.fromPgType} -> ${step.pgType}; values re-cast, failures to _rejects`
        : `alter table ${table} alter column ${quote(step.columnName)} type ${step.pgType} using null; -- property ${literal(step.property)}: ${step.fromPgType} -> ${step.pgType}; values re-cast, failures to _rejects`;
    case 'update_property':
      return `-- property ${literal(step.property)} of ${table} is now ${step.hubspotType}/${step.fieldType} (still ${step.pgType})`;
    case 'archive_property':
      return `-- property ${literal(step.property)} of ${table} archived: column and values kept`;
    case 'unarchive_property':
      return `-- property ${literal(step.property)} of ${table} unarchived`;
  }
}
