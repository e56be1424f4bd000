import type { HubSpotRecord } from '../values/hubspot-record.js';

export type { HubSpotRecord };

/** Which stage a request serves: live first, backfill last. */
export type Priority = 'live' | 'straggler' | 'sweep' | 'backfill';

export interface CallOptions {
  priority: Priority;
  signal?: AbortSignal;
}

export interface Paging {
  next: { after: string; link?: string };
}

export interface HubSpotPropertyOption {
  label: string;
  value: string;
  displayOrder?: number;
  hidden?: boolean;
}

export interface HubSpotProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName?: string;
  description?: string;
  options?: HubSpotPropertyOption[];
  calculated?: boolean;
  hasUniqueValue?: boolean;
  hubspotDefined?: boolean;
  archived?: boolean;
  createdAt?: string;
  updatedAt?: string;
  archivedAt?: string;
  [key: string]: unknown;
}

export interface HubSpotSchema {
  id: string;
  objectTypeId: string;
  name: string;
  fullyQualifiedName?: string;
  labels: { singular: string; plural: string };
  properties?: HubSpotProperty[];
  associations?: Array<Record<string, unknown>>;
  primaryDisplayProperty?: string;
  archived?: boolean;
  [key: string]: unknown;
}

export interface AssociationType {
  category: string;
  typeId: number;
  label: string | null;
}

export interface AssociationTarget {
  toObjectId: string | number;
  associationTypes: AssociationType[];
}

export interface AssociationBatchResult {
  from: { id: string };
  to: AssociationTarget[];
  paging?: Paging;
}

/** One failed group of batch inputs, as a 207 (or a batch error) reports it. */
export interface BatchFailure {
  status: string;
  category: string;
  subCategory?: string;
  message: string;
  ids: string[];
}

export interface SearchFilter {
  propertyName: string;
  operator:
    | 'EQ'
    | 'NEQ'
    | 'LT'
    | 'LTE'
    | 'GT'
    | 'GTE'
    | 'BETWEEN'
    | 'IN'
    | 'NOT_IN'
    | 'HAS_PROPERTY'
    | 'NOT_HAS_PROPERTY'
    | 'CONTAINS_TOKEN'
    | 'NOT_CONTAINS_TOKEN';
  value?: string;
  values?: string[];
  highValue?: string;
}

export interface SearchBody {
  filterGroups: Array<{ filters: SearchFilter[] }>;
  sorts: Array<{ propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }>;
  properties: string[];
  limit: number;
  after?: string;
}

export interface SearchPage {
  total: number;
  results: HubSpotRecord[];
  paging?: Paging;
}

export interface ListPage {
  results: HubSpotRecord[];
  paging?: Paging;
}
