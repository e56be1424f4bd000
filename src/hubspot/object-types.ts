/**
 * HubSpot's built-in object types and the names of their create and last-modified date
 * properties (docs/BEHAVIOR.md, "Date properties per object"). Custom objects use hs_createdate and
 * hs_lastmodifieddate.
 */
export interface StandardObjectType {
  name: string;
  objectTypeId: string;
  createdProperty: string;
  modifiedProperty: string;
  /** Mirrored by default; engagements only when named in --objects. */
  byDefault: boolean;
}

const standard = (
  name: string,
  objectTypeId: string,
  createdProperty: string,
  modifiedProperty: string,
  byDefault = true,
): StandardObjectType => ({ name, objectTypeId, createdProperty, modifiedProperty, byDefault });

export const STANDARD_OBJECT_TYPES: readonly StandardObjectType[] = [
  standard('contacts', '0-1', 'createdate', 'lastmodifieddate'),
  standard('companies', '0-2', 'createdate', 'hs_lastmodifieddate'),
  standard('deals', '0-3', 'createdate', 'hs_lastmodifieddate'),
  standard('tickets', '0-5', 'createdate', 'hs_lastmodifieddate'),
  standard('products', '0-7', 'createdate', 'hs_lastmodifieddate'),
  standard('line_items', '0-8', 'createdate', 'hs_lastmodifieddate'),
  standard('quotes', '0-14', 'hs_createdate', 'hs_lastmodifieddate'),
  standard('calls', '0-48', 'hs_createdate', 'hs_lastmodifieddate', false),
  standard('emails', '0-49', 'hs_createdate', 'hs_lastmodifieddate', false),
  standard('meetings', '0-47', 'hs_createdate', 'hs_lastmodifieddate', false),
  standard('notes', '0-46', 'hs_createdate', 'hs_lastmodifieddate', false),
  standard('tasks', '0-27', 'hs_createdate', 'hs_lastmodifieddate', false),
];

export const CUSTOM_CREATED_PROPERTY = 'hs_createdate';
export const CUSTOM_MODIFIED_PROPERTY = 'hs_lastmodifieddate';
