import type { PropSpec } from './property-spec.js';
import type { ObjectTypeDef } from './types.js';

/** What the portal knows about an object type beyond HubSpot's schema fields. */
export interface ObjectTypeSpec extends ObjectTypeDef {
  /** Properties list/get return when the caller names none (HubSpot's small default set). */
  defaultProperties: string[];
  /** Properties the search `query` parameter looks in. */
  queryProperties: string[];
  /** A generated custom object's own properties (custom-objects.ts); others use the catalog's. */
  propertySpecs?: PropSpec[];
}

interface Row {
  name: string;
  objectTypeId: string;
  singular: string;
  plural: string;
  created: string;
  modified: string;
  display: string;
  defaults: string[];
  query: string[];
  supportsArchived?: boolean;
}

const STANDARD: Row[] = [
  {
    name: 'contacts',
    objectTypeId: '0-1',
    singular: 'Contact',
    plural: 'Contacts',
    created: 'createdate',
    modified: 'lastmodifieddate',
    display: 'email',
    defaults: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
    query: ['email', 'firstname', 'lastname', 'phone', 'company'],
  },
  {
    name: 'companies',
    objectTypeId: '0-2',
    singular: 'Company',
    plural: 'Companies',
    created: 'createdate',
    modified: 'hs_lastmodifieddate',
    display: 'name',
    defaults: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
    query: ['name', 'domain', 'phone', 'website'],
  },
  {
    name: 'deals',
    objectTypeId: '0-3',
    singular: 'Deal',
    plural: 'Deals',
    created: 'createdate',
    modified: 'hs_lastmodifieddate',
    display: 'dealname',
    defaults: [
      'amount',
      'closedate',
      'createdate',
      'dealname',
      'dealstage',
      'hs_lastmodifieddate',
      'hs_object_id',
      'pipeline',
    ],
    query: ['dealname'],
  },
  {
    name: 'tickets',
    objectTypeId: '0-5',
    singular: 'Ticket',
    plural: 'Tickets',
    created: 'createdate',
    modified: 'hs_lastmodifieddate',
    display: 'subject',
    defaults: [
      'content',
      'createdate',
      'hs_lastmodifieddate',
      'hs_object_id',
      'hs_pipeline',
      'hs_pipeline_stage',
      'hs_ticket_category',
      'hs_ticket_priority',
      'subject',
    ],
    query: ['subject', 'content'],
  },
  {
    name: 'products',
    objectTypeId: '0-7',
    singular: 'Product',
    plural: 'Products',
    created: 'createdate',
    modified: 'hs_lastmodifieddate',
    display: 'name',
    defaults: ['createdate', 'description', 'hs_lastmodifieddate', 'hs_object_id', 'name', 'price'],
    query: ['name', 'description', 'hs_sku'],
  },
  {
    name: 'line_items',
    objectTypeId: '0-8',
    singular: 'Line Item',
    plural: 'Line Items',
    created: 'createdate',
    modified: 'hs_lastmodifieddate',
    display: 'name',
    defaults: [
      'amount',
      'createdate',
      'hs_lastmodifieddate',
      'hs_object_id',
      'hs_product_id',
      'name',
      'price',
      'quantity',
    ],
    query: ['name'],
  },
  {
    // Unverified which types reject `archived=true`; quotes do here so the replicator's id
    // mark-and-sweep path has something to run against.
    name: 'quotes',
    objectTypeId: '0-14',
    singular: 'Quote',
    plural: 'Quotes',
    created: 'hs_createdate',
    modified: 'hs_lastmodifieddate',
    display: 'hs_title',
    defaults: [
      'hs_createdate',
      'hs_expiration_date',
      'hs_lastmodifieddate',
      'hs_object_id',
      'hs_public_url_key',
      'hs_status',
      'hs_title',
    ],
    query: ['hs_title'],
    supportsArchived: false,
  },
  engagement('calls', '0-48', 'Call', 'hs_call_title'),
  engagement('emails', '0-49', 'Email', 'hs_email_subject'),
  engagement('meetings', '0-47', 'Meeting', 'hs_meeting_title'),
  engagement('notes', '0-46', 'Note', 'hs_note_body'),
  engagement('tasks', '0-27', 'Task', 'hs_task_subject'),
];

function engagement(name: string, objectTypeId: string, singular: string, display: string): Row {
  return {
    name,
    objectTypeId,
    singular,
    plural: `${singular}s`,
    created: 'hs_createdate',
    modified: 'hs_lastmodifieddate',
    display,
    defaults: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
    query: [display],
  };
}

/** The custom object's objectTypeId: `2-` plus a number derived from the portal, like HubSpot's. */
export function customObjectTypeId(portalId: number): string {
  return `2-${customObjectTypeNumber(portalId)}`;
}

/** The number in the custom object's objectTypeId; generated custom objects count on from it. */
export function customObjectTypeNumber(portalId: number): number {
  return 1_000_000 + (Math.abs(Math.trunc(portalId)) % 9_000_000);
}

export function buildObjectTypes(portalId: number): ObjectTypeSpec[] {
  const car: Row = {
    name: 'car',
    objectTypeId: customObjectTypeId(portalId),
    singular: 'Car',
    plural: 'Cars',
    created: 'hs_createdate',
    modified: 'hs_lastmodifieddate',
    display: 'model',
    defaults: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
    query: ['model', 'vin', 'make'],
  };
  return [...STANDARD, car].map((row) => ({
    name: row.name,
    objectTypeId: row.objectTypeId,
    ...(row === car ? { fullyQualifiedName: `p${portalId}_${row.name}` } : {}),
    custom: row === car,
    labels: { singular: row.singular, plural: row.plural },
    createdProperty: row.created,
    modifiedProperty: row.modified,
    primaryDisplayProperty: row.display,
    supportsArchived: row.supportsArchived ?? true,
    defaultProperties: row.defaults,
    queryProperties: row.query,
  }));
}
