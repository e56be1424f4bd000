/**
 * The contract between the sandbox's in-process portal model (src/sandbox/portal/) and its
 * HTTP layer (src/sandbox/http/). Shapes follow HubSpot's JSON bodies, so the HTTP layer mostly
 * serialises what the portal returns.
 */

export type PropertyType =
  | 'string'
  | 'number'
  | 'date'
  | 'datetime'
  | 'enumeration'
  | 'bool'
  | 'phone_number'
  | 'json'
  | 'object_coordinates';

export type FieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'select'
  | 'radio'
  | 'checkbox'
  | 'booleancheckbox'
  | 'phonenumber'
  | 'calculation_equation'
  | 'html'
  | 'file';

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
}

/** A property as `GET /crm/v3/properties/{type}` returns it. */
export interface PropertyDef {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: FieldType;
  groupName: string;
  description: string;
  options: PropertyOption[];
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  hubspotDefined: boolean;
  formField: boolean;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  archivedAt?: string;
  modificationMetadata: {
    archivable: boolean;
    readOnlyDefinition: boolean;
    readOnlyValue: boolean;
  };
}

export interface ObjectTypeDef {
  /** API name: `contacts`, `line_items`, or a custom object's schema name (`car`). */
  name: string;
  /** `0-1` for contacts …, `2-<n>` for custom objects. */
  objectTypeId: string;
  /** Custom objects only: `p<portalId>_<name>`. */
  fullyQualifiedName?: string;
  custom: boolean;
  labels: { singular: string; plural: string };
  /** The create-date and last-modified property names (docs/BEHAVIOR.md, "Date properties per object"). */
  createdProperty: string;
  modifiedProperty: string;
  primaryDisplayProperty: string;
  /** False for types whose list endpoint rejects `archived=true`. */
  supportsArchived: boolean;
}

/** A record as list/get/batch/search return it. Values are strings or null. */
export interface RecordView {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

export type FilterOperator =
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

export interface SearchFilter {
  propertyName: string;
  operator: FilterOperator;
  value?: string | number | boolean;
  values?: Array<string | number>;
  highValue?: string | number;
}

export interface SearchRequest {
  filterGroups?: Array<{ filters: SearchFilter[] }>;
  sorts?: Array<{ propertyName: string; direction: 'ASCENDING' | 'DESCENDING' } | string>;
  properties?: string[];
  limit?: number;
  after?: string | number;
  query?: string;
}

export interface SearchResponse {
  total: number;
  results: RecordView[];
  paging?: { next: { after: string } };
}

export interface Page<T> {
  results: T[];
  paging?: { next: { after: string; link?: string } };
}

export interface AssociationTypeRef {
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED';
  typeId: number;
  label: string | null;
}

/** One association target as v4 returns it. */
export interface AssociationTarget {
  toObjectId: string;
  associationTypes: AssociationTypeRef[];
}

export interface BatchReadResult {
  results: RecordView[];
  /** Ids that do not exist (or are archived): the HTTP layer answers 207 with errors for them. */
  missing: string[];
}

export interface AssociationBatchReadResult {
  results: Array<{
    from: { id: string };
    to: AssociationTarget[];
    paging?: { next: { after: string } };
  }>;
  missing: string[];
}

/** Thrown by the portal for bad input; the HTTP layer turns it into HubSpot's error body. */
export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly category: string,
    message: string,
    readonly errors?: Array<{ message: string; code?: string; context?: Record<string, string[]> }>,
  ) {
    super(message);
    this.name = 'PortalError';
  }
}

export type Tier = 'free' | 'starter' | 'professional' | 'enterprise' | 'addon' | 'oauth';

/** Knobs change behaviour at run time (control API `PATCH /_sandbox/knobs`). */
export interface Knobs {
  /** Each write becomes visible to search after a uniform random delay in [min, max] ms. */
  searchLagMs: { min: number; max: number };
  /** Order among records with equal sort keys: by id, or shuffled per request. */
  tieOrder: 'id' | 'shuffled';
  /** Rate limits: off, or a tier's burst / search / daily figures. */
  limits: { enabled: boolean; tier: Tier };
  /** Probabilities per request, 0..1. */
  faults: {
    rate429: number;
    /** Whether fault 429s carry a Retry-After header. */
    retryAfter: boolean;
    rate5xx: number;
    rate423: number;
    rateSlow: number;
    slowMs: number;
    rateDrop: number;
    /** Batch endpoints: fraction of inputs failed in a 207. */
    rate207: number;
  };
  /** OAuth mode: access tokens expire after this many seconds (HubSpot: 1800). */
  oauthTokenTtlSec: number;
}

/** Options fixed at start: what the generated portal contains. */
export interface PortalOptions {
  seed: number;
  portalId: number;
  /** Generated record counts per object type name; missing types get the default count. */
  counts: Partial<Record<string, number>>;
  /** Generated custom object types beside the default ones (custom-objects.ts; default 0). */
  customObjects: number;
  /** Records per generated custom object type unless `counts` names it (default 100). */
  customObjectRecords: number;
  /** Extra generated properties per object type, so benches can ask for 50 (default 0). */
  extraProperties: number;
  /** A block of records sharing one create and one last-modified millisecond (0 = none). */
  bulkImportSize: number;
  /** Fraction of generated values that are bad: text in numbers, epoch-ms dates, empty strings. */
  badValueRate: number;
  /** Associations of the single heaviest company (thousands of contacts). */
  heavyAssociationCount: number;
  /** Fraction of generated records already archived at start. */
  archivedRate: number;
  now: () => number;
  knobs: Knobs;
}

/** The in-process portal: ground truth plus the lagged search view. */
export interface Portal {
  readonly portalId: number;
  readonly knobs: Knobs;
  setKnobs(patch: DeepPartial<Knobs>): Knobs;

  // Schema
  objectTypes(): ObjectTypeDef[];
  /** Resolves `contacts`, `0-1`, `car`, `p123_car` or `2-123`; undefined if unknown. */
  resolveType(nameOrId: string): ObjectTypeDef | undefined;
  /** Object type names `type` has association types with (a schema's `associations`). */
  associatedTypes?(type: string): string[];
  /** Writes not yet visible to search for `type` (the lag knob at work). */
  pendingSearchWrites?(type: string): number;
  properties(type: string, opts?: { archived?: boolean }): PropertyDef[];
  /** A live property; with `archived: true`, an archived one. */
  property(type: string, name: string, opts?: { archived?: boolean }): PropertyDef | undefined;
  createProperty(
    type: string,
    def: Partial<PropertyDef> & { name: string; type: PropertyType; fieldType: FieldType },
  ): PropertyDef;
  updateProperty(type: string, name: string, patch: Partial<PropertyDef>): PropertyDef;
  archiveProperty(type: string, name: string): void;

  // Reads (HTTP layer calls these)
  list(
    type: string,
    opts: { limit: number; after?: string; properties?: string[]; archived?: boolean },
  ): Page<RecordView>;
  get(
    type: string,
    id: string,
    opts: { properties?: string[]; archived?: boolean; idProperty?: string },
  ): RecordView | undefined;
  batchRead(
    type: string,
    ids: string[],
    opts: { properties?: string[]; idProperty?: string; archived?: boolean },
  ): BatchReadResult;
  search(type: string, req: SearchRequest): SearchResponse;
  associationTypes(
    fromType: string,
    toType: string,
  ): Array<{ typeId: number; category: AssociationTypeRef['category']; label: string | null }>;
  associations(
    fromType: string,
    fromId: string,
    toType: string,
    opts: { limit: number; after?: string },
  ): Page<AssociationTarget> | undefined;
  batchReadAssociations(
    fromType: string,
    toType: string,
    inputs: Array<{ id: string; after?: string }>,
    opts?: { limit?: number },
  ): AssociationBatchReadResult;

  // Writes (HTTP batch endpoints and the control API)
  create(
    type: string,
    properties: Record<string, string | null>,
    opts?: { createdAt?: number },
  ): RecordView;
  update(type: string, id: string, properties: Record<string, string | null>): RecordView;
  archive(type: string, id: string): void;
  restore(type: string, id: string): RecordView;
  merge(type: string, primaryId: string, mergedId: string): RecordView;
  purge(type: string, id: string): void;
  associate(
    fromType: string,
    fromId: string,
    toType: string,
    toId: string,
    opts?: { typeId?: number; label?: string },
  ): void;
  dissociate(
    fromType: string,
    fromId: string,
    toType: string,
    toId: string,
    opts?: { typeId?: number },
  ): void;

  // Ground truth for tests: every live (non-archived) record with every non-archived property.
  truthRecords(type: string): Iterable<RecordView>;
  truthArchivedIds(type: string): string[];
  /** Every association of the pair, stored once per direction as the portal answers for `fromType`. */
  truthAssociations(
    fromType: string,
    toType: string,
  ): Iterable<{
    fromId: string;
    toId: string;
    typeId: number;
    category: string;
    label: string | null;
  }>;
  count(type: string, opts?: { archived?: boolean }): number;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
