import type { FieldType, PropertyType } from './types.js';

/** How a property's values are generated (null: no generated values). */
export type ValueKind =
  | 'email'
  | 'firstname'
  | 'lastname'
  | 'phone'
  | 'companyname'
  | 'domain'
  | 'website'
  | 'city'
  | 'country'
  | 'jobtitle'
  | 'word'
  | 'sentence'
  | 'textarea'
  | 'html'
  | 'file'
  | 'int'
  | 'count'
  | 'money'
  | 'decimal'
  | 'year'
  | 'date'
  | 'datetime'
  | 'option'
  | 'multi'
  | 'bool'
  | 'json'
  | 'coordinates'
  | 'sku'
  | 'vin'
  | 'urlkey'
  | 'ref'
  | 'dealname'
  | 'subject'
  | 'model';

/** One property as the catalog declares it; turned into a PropertyDef at start. */
export interface PropSpec {
  name: string;
  type: PropertyType;
  fieldType: FieldType;
  kind: ValueKind | null;
  label?: string;
  options?: string[];
  /** Probability that a record has a value (default 0.85). */
  fill?: number;
  unique?: boolean;
  /** HubSpot's own property (default true in the standard lists, false for custom ones). */
  hubspotDefined?: boolean;
  calculated?: boolean;
  readOnlyValue?: boolean;
  /** The value ignores the record's version (names and keys do not change on update). */
  stable?: boolean;
  /** Never generated bad, e.g. the key used as idProperty. */
  clean?: boolean;
  /** Special value source. */
  role?: 'created' | 'modified' | 'id' | 'merged';
}

export function spec(
  name: string,
  type: PropertyType,
  fieldType: FieldType,
  kind: ValueKind | null,
  more: Partial<PropSpec> = {},
): PropSpec {
  return { name, type, fieldType, kind, ...more };
}

export const select = (name: string, options: string[], more: Partial<PropSpec> = {}): PropSpec =>
  spec(name, 'enumeration', 'select', 'option', { options, ...more });

export const datetime = (name: string, more: Partial<PropSpec> = {}): PropSpec =>
  spec(name, 'datetime', 'date', 'datetime', more);

export const text = (name: string, kind: ValueKind, more: Partial<PropSpec> = {}): PropSpec =>
  spec(name, 'string', 'text', kind, more);

export const number = (name: string, kind: ValueKind, more: Partial<PropSpec> = {}): PropSpec =>
  spec(name, 'number', 'number', kind, more);

/** The properties every object has: its id and its create / modify dates. */
export function systemSpecs(created: string, modified: string, merges: boolean): PropSpec[] {
  const specs = [
    number('hs_object_id', 'int', { role: 'id', readOnlyValue: true, label: 'Record ID' }),
    datetime(created, { role: 'created', readOnlyValue: true, label: 'Create Date' }),
    datetime(modified, { role: 'modified', readOnlyValue: true, label: 'Last Modified Date' }),
  ];
  if (merges) {
    specs.push(
      spec('hs_merged_object_ids', 'enumeration', 'checkbox', null, {
        role: 'merged',
        readOnlyValue: true,
        label: 'Merged Record IDs',
      }),
    );
  }
  return specs;
}
