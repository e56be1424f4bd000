import { AssociationService } from './associations.js';
import { unknownObjectType, validationError } from './errors.js';
import { createRng, hashInts } from './hash.js';
import { PAIRS } from './association-catalog.js';
import { generateCustomObjects } from './custom-objects.js';
import { buildObjectTypes, customObjectTypeNumber, type ObjectTypeSpec } from './object-types.js';
import { DEFAULT_COUNTS, mergeKnobs, resolvePortalOptions, type PortalInit } from './options.js';
import { batchReadRecords, getRecord, listRecords, locate } from './reads.js';
import { LIVE } from './record-table.js';
import { executeSearch } from './search.js';
import { parseSearch } from './search-request.js';
import { SearchView } from './search-view.js';
import { TypeStore } from './type-store.js';
import type {
  AssociationBatchReadResult,
  AssociationTarget,
  AssociationTypeRef,
  BatchReadResult,
  DeepPartial,
  FieldType,
  Knobs,
  ObjectTypeDef,
  Page,
  Portal,
  PropertyDef,
  PropertyType,
  RecordView,
  SearchRequest,
  SearchResponse,
} from './types.js';
import {
  archiveRecord,
  createRecord,
  mergeRecords,
  purgeRecord,
  restoreRecord,
  updateRecord,
  type WriteContext,
} from './writes.js';

export const MAX_ASSOCIATION_BATCH = 1000;

interface TypeState {
  store: TypeStore;
  view: SearchView;
  /** Unique values written through the API (idProperty lookups). */
  written: Map<string, number>;
}

/** The in-process simulated portal: ground truth, a lagged search view, associations and knobs. */
export class SandboxPortal implements Portal {
  readonly portalId: number;
  private currentKnobs: Knobs;
  private readonly specs: ObjectTypeSpec[];
  private readonly types = new Map<string, TypeState>();
  private readonly assoc: AssociationService;
  private readonly now: () => number;
  private readonly lagRng: () => number;
  private readonly seed: number;
  private writeSeq = 0;
  private searchSeq = 0;

  constructor(partial: PortalInit = {}) {
    const opts = resolvePortalOptions(partial);
    this.portalId = opts.portalId;
    this.currentKnobs = opts.knobs;
    this.now = opts.now;
    this.seed = opts.seed;
    this.lagRng = createRng(hashInts(opts.seed, 0x1a6));
    // Generated history hangs off the start of the current UTC day, so a seed gives the same
    // portal to every process started that day (and to every test with the same fake clock).
    const nowMs = Math.floor(opts.now() / 86_400_000) * 86_400_000;
    const generated = generateCustomObjects({
      seed: opts.seed,
      portalId: opts.portalId,
      count: opts.customObjects,
      firstTypeNumber: customObjectTypeNumber(opts.portalId),
    });
    this.specs = [...buildObjectTypes(opts.portalId), ...generated.types];
    const generatedNames = new Set(generated.types.map((t) => t.name));
    const ctx = {
      badValueRate: opts.badValueRate,
      epochMs: nowMs,
      portalId: opts.portalId,
      nameSalt: hashInts(opts.seed, 0x4a3e),
    };
    const stores = new Map<string, TypeStore>();
    for (const spec of this.specs) {
      const store = new TypeStore({
        spec,
        count:
          opts.counts[spec.name] ??
          DEFAULT_COUNTS[spec.name] ??
          (generatedNames.has(spec.name) ? opts.customObjectRecords : 0),
        seed: opts.seed,
        nowMs,
        extraProperties: opts.extraProperties,
        bulkImportSize: opts.bulkImportSize,
        archivedRate: opts.archivedRate,
        ctx,
      });
      stores.set(spec.name, store);
      this.types.set(spec.name, { store, view: new SearchView(store), written: new Map() });
    }
    this.assoc = new AssociationService(stores, opts.seed, opts.heavyAssociationCount, [
      ...PAIRS,
      ...generated.pairs,
    ]);
  }

  get knobs(): Knobs {
    return this.currentKnobs;
  }

  setKnobs(patch: DeepPartial<Knobs>): Knobs {
    this.currentKnobs = mergeKnobs(this.currentKnobs, patch ?? {});
    return this.currentKnobs;
  }

  objectTypes(): ObjectTypeDef[] {
    return this.specs.map(publicDef);
  }

  resolveType(nameOrId: string): ObjectTypeDef | undefined {
    const spec = this.findSpec(nameOrId);
    return spec && publicDef(spec);
  }

  /** Object type names `type` has association types with (for schema `associations`). */
  associatedTypes(type: string): string[] {
    return this.assoc.partners(this.state(type).store);
  }

  properties(type: string, opts: { archived?: boolean } = {}): PropertyDef[] {
    return this.state(type).store.props.list(opts.archived ?? false);
  }

  property(type: string, name: string, opts: { archived?: boolean } = {}): PropertyDef | undefined {
    const def = this.state(type).store.props.get(name);
    return def && def.archived === (opts.archived ?? false) ? def : undefined;
  }

  createProperty(
    type: string,
    def: Partial<PropertyDef> & { name: string; type: PropertyType; fieldType: FieldType },
  ): PropertyDef {
    return this.state(type).store.props.create(def, this.now());
  }

  updateProperty(type: string, name: string, patch: Partial<PropertyDef>): PropertyDef {
    return this.state(type).store.props.update(name, patch ?? {}, this.now());
  }

  archiveProperty(type: string, name: string): void {
    this.state(type).store.props.archive(name, this.now());
  }

  list(
    type: string,
    opts: { limit: number; after?: string; properties?: string[]; archived?: boolean },
  ): Page<RecordView> {
    return listRecords(this.state(type).store, opts);
  }

  get(
    type: string,
    id: string,
    opts: { properties?: string[]; archived?: boolean; idProperty?: string } = {},
  ): RecordView | undefined {
    const { store, written } = this.state(type);
    return getRecord(store, id, opts, written);
  }

  batchRead(
    type: string,
    ids: string[],
    opts: { properties?: string[]; idProperty?: string; archived?: boolean } = {},
  ): BatchReadResult {
    const { store, written } = this.state(type);
    return batchReadRecords(store, ids, opts, written);
  }

  search(type: string, req: SearchRequest): SearchResponse {
    const { store, view } = this.state(type);
    const parsed = parseSearch(store, req);
    view.catchUp(this.now());
    const rng = createRng(hashInts(this.seed, 0x5ea, ++this.searchSeq));
    return executeSearch({ store, view, tieOrder: this.currentKnobs.tieOrder, rng }, parsed);
  }

  associationTypes(fromType: string, toType: string): AssociationTypeRef[] {
    return this.assoc.types(this.state(fromType).store, this.state(toType).store);
  }

  associations(
    fromType: string,
    fromId: string,
    toType: string,
    opts: { limit: number; after?: string },
  ): Page<AssociationTarget> | undefined {
    const from = this.state(fromType);
    const to = this.state(toType).store;
    const idx = locate(from.store, fromId, {}, from.written);
    if (idx < 0) return undefined;
    return this.assoc.page(from.store, idx, to, opts.limit ?? 500, opts.after);
  }

  batchReadAssociations(
    fromType: string,
    toType: string,
    inputs: Array<{ id: string; after?: string }>,
    opts: { limit?: number } = {},
  ): AssociationBatchReadResult {
    if (!Array.isArray(inputs)) throw validationError('inputs must be a list');
    if (inputs.length > MAX_ASSOCIATION_BATCH)
      throw validationError(
        `At most ${MAX_ASSOCIATION_BATCH} inputs are allowed, got ${inputs.length}`,
        'TOO_MANY_INPUTS',
      );
    const from = this.state(fromType);
    const to = this.state(toType).store;
    const result: AssociationBatchReadResult = { results: [], missing: [] };
    for (const input of inputs) {
      const id = String(input?.id ?? '');
      const idx = locate(from.store, id, {}, from.written);
      if (idx < 0) {
        if (!result.missing.includes(id)) result.missing.push(id);
        continue;
      }
      const page = this.assoc.page(from.store, idx, to, opts.limit ?? 500, input.after);
      if (page.results.length === 0) continue;
      result.results.push({
        from: { id: from.store.idOf(idx) },
        to: page.results,
        ...(page.paging ? { paging: { next: { after: page.paging.next.after } } } : {}),
      });
    }
    return result;
  }

  create(
    type: string,
    properties: Record<string, string | null>,
    opts: { createdAt?: number } = {},
  ): RecordView {
    return createRecord(this.writeContext(type), properties ?? {}, opts);
  }

  update(type: string, id: string, properties: Record<string, string | null>): RecordView {
    return updateRecord(this.writeContext(type), id, properties ?? {});
  }

  archive(type: string, id: string): void {
    archiveRecord(this.writeContext(type), id);
  }

  restore(type: string, id: string): RecordView {
    return restoreRecord(this.writeContext(type), id);
  }

  merge(type: string, primaryId: string, mergedId: string): RecordView {
    return mergeRecords(this.writeContext(type), primaryId, mergedId);
  }

  purge(type: string, id: string): void {
    purgeRecord(this.writeContext(type), id);
  }

  associate(
    fromType: string,
    fromId: string,
    toType: string,
    toId: string,
    opts: { typeId?: number; label?: string } = {},
  ): void {
    const [from, fromIdx, to, toIdx] = this.pairIndices(fromType, fromId, toType, toId);
    this.assoc.associate(from, fromIdx, to, toIdx, opts);
  }

  dissociate(
    fromType: string,
    fromId: string,
    toType: string,
    toId: string,
    opts: { typeId?: number } = {},
  ): void {
    const [from, fromIdx, to, toIdx] = this.pairIndices(fromType, fromId, toType, toId);
    this.assoc.dissociate(from, fromIdx, to, toIdx, opts);
  }

  *truthRecords(type: string): Iterable<RecordView> {
    const { store } = this.state(type);
    const props = store.props.liveStates();
    for (let idx = 0; idx < store.table.length; idx++) {
      if (store.table.state[idx] === LIVE) yield store.truthView(idx, props);
    }
  }

  truthArchivedIds(type: string): string[] {
    const { store } = this.state(type);
    return store.archivedSorted.map((idx) => store.idOf(idx));
  }

  truthAssociations(
    fromType: string,
    toType: string,
  ): Iterable<{
    fromId: string;
    toId: string;
    typeId: number;
    category: string;
    label: string | null;
  }> {
    return this.assoc.truth(this.state(fromType).store, this.state(toType).store);
  }

  count(type: string, opts: { archived?: boolean } = {}): number {
    const { store } = this.state(type);
    return opts.archived ? store.archivedSorted.length : store.liveCount;
  }

  /** Writes not yet visible to search (for tests and the control API). */
  pendingSearchWrites(type: string): number {
    const { view } = this.state(type);
    view.catchUp(this.now());
    return view.pendingCount;
  }

  private state(type: string): TypeState {
    const spec = this.findSpec(type);
    if (!spec) throw unknownObjectType(String(type));
    return this.types.get(spec.name) as TypeState;
  }

  private findSpec(nameOrId: string): ObjectTypeSpec | undefined {
    const key = String(nameOrId ?? '')
      .trim()
      .toLowerCase();
    return this.specs.find(
      (s) =>
        s.name === key || s.objectTypeId === key || s.fullyQualifiedName?.toLowerCase() === key,
    );
  }

  private writeContext(type: string): WriteContext {
    const { store, view, written } = this.state(type);
    const nowMs = this.now();
    const { min, max } = this.currentKnobs.searchLagMs;
    return {
      store,
      nowMs,
      written,
      assoc: this.assoc,
      publish: (idx) =>
        view.enqueue(
          idx,
          ++this.writeSeq,
          nowMs + min + Math.floor(this.lagRng() * (max - min + 1)),
        ),
    };
  }

  private pairIndices(
    fromType: string,
    fromId: string,
    toType: string,
    toId: string,
  ): [TypeStore, number, TypeStore, number] {
    const from = this.state(fromType);
    const to = this.state(toType);
    return [from.store, locateAny(from, fromId), to.store, locateAny(to, toId)];
  }
}

function locateAny(state: TypeState, id: string): number {
  return locate(state.store, id, {}, state.written);
}

function publicDef(spec: ObjectTypeSpec): ObjectTypeDef {
  const { defaultProperties: _d, queryProperties: _q, propertySpecs: _p, ...def } = spec;
  return { ...def, labels: { ...def.labels } };
}
