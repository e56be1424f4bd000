/** The Postgres type of each HubSpot property type (docs/POSTGRES.md, "Types and casting"). */

export const PG_TYPES = [
  'numeric',
  'boolean',
  'date',
  'timestamptz',
  'text[]',
  'jsonb',
  'text',
] as const;
export type PgType = (typeof PG_TYPES)[number];

export const isPgType = (value: unknown): value is PgType =>
  typeof value === 'string' && (PG_TYPES as readonly string[]).includes(value);

export function pgTypeFor(type: string, fieldType: string): PgType {
  switch (type) {
    case 'number':
      return 'numeric';
    case 'bool':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamptz';
    case 'enumeration':
      // Multi-select: HubSpot joins the chosen values with `;`.
      return fieldType === 'checkbox' ? 'text[]' : 'text';
    case 'json':
      return 'jsonb';
    default:
      return 'text';
  }
}
