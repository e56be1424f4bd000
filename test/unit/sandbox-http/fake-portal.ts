import {
  PortalError,
  type AssociationTarget,
  type DeepPartial,
  type Knobs,
  type ObjectTypeDef,
  type Portal,
  type PropertyDef,
  type RecordView,
  type SearchRequest,
} from '../../../src/sandbox/portal/types.js';

/**
 * A small in-memory Portal for the HTTP layer's unit tests: contacts, companies and a custom
 * object, no search lag. The real model lives in src/sandbox/portal/ and has its own tests.
 */
export function createFakePortal(opts: { contacts?: number } = {}): Portal {
  const knobs: Knobs = {
    searchLagMs: { min: 0, max: 0 },
    tieOrder: 'id',
    limits: { enabled: false, tier: 'free' },
    faults: {
      rate429: 0,
      retryAfter: false,
      rate5xx: 0,
      rate423: 0,
      rateSlow: 0,
      slowMs: 0,
      rateDrop: 0,
      rate207: 0,
    },
    oauthTokenTtlSec: 1800,
  };
  const types: ObjectTypeDef[] = [
    typeDef('contacts', '0-1', 'Contact', 'createdate', 'lastmodifieddate', 'email'),
    typeDef('companies', '0-2', 'Company', 'createdate', 'hs_lastmodifieddate', 'name'),
    {
      ...typeDef('car', '2-99', 'Car', 'hs_createdate', 'hs_lastmodifieddate', 'vin'),
      custom: true,
      fullyQualifiedName: 'p42_car',
    },
  ];
  const props = new Map<string, PropertyDef[]>(
    types.map((t) => [
      t.name,
      [prop(t.createdProperty, 'datetime'), prop(t.primaryDisplayProperty, 'string')],
    ]),
  );
  const records = new Map<string, Map<string, RecordView>>(types.map((t) => [t.name, new Map()]));
  const links = new Set<string>();
  let nextId = 1;
  const base = Date.UTC(2024, 0, 1);

  const find = (name: string) =>
    types.find((t) => t.name === name || t.objectTypeId === name || t.fullyQualifiedName === name);
  const must = (name: string) => {
    const def = find(name);
    if (!def)
      throw new PortalError(400, 'VALIDATION_ERROR', `Unable to infer object type from: ${name}`);
    return def;
  };
  const table = (type: string) => records.get(must(type).name) as Map<string, RecordView>;
  const view = (r: RecordView, properties?: string[]): RecordView => {
    const names = properties ?? Object.keys(r.properties);
    return { ...r, properties: Object.fromEntries(names.map((n) => [n, r.properties[n] ?? null])) };
  };
  const linkKey = (a: string, aId: string, b: string, bId: string) => `${a}|${aId}|${b}|${bId}`;

  const portal: Portal = {
    portalId: 42,
    get knobs() {
      return knobs;
    },
    setKnobs(patch: DeepPartial<Knobs>) {
      Object.assign(knobs.searchLagMs, patch.searchLagMs);
      Object.assign(knobs.limits, patch.limits);
      Object.assign(knobs.faults, patch.faults);
      if (patch.tieOrder) knobs.tieOrder = patch.tieOrder;
      if (patch.oauthTokenTtlSec !== undefined) knobs.oauthTokenTtlSec = patch.oauthTokenTtlSec;
      return knobs;
    },
    objectTypes: () => types,
    resolveType: find,
    properties: (type) => props.get(must(type).name) ?? [],
    property: (type, name) => props.get(must(type).name)?.find((p) => p.name === name),
    createProperty(type, def) {
      const created = { ...prop(def.name, def.type), ...def };
      props.get(must(type).name)?.push(created);
      return created;
    },
    updateProperty(type, name, patch) {
      const found = portal.property(type, name);
      if (!found) throw new PortalError(404, 'OBJECT_NOT_FOUND', `no property ${name}`);
      return Object.assign(found, patch);
    },
    archiveProperty(type, name) {
      const list = props.get(must(type).name) ?? [];
      props.set(
        must(type).name,
        list.filter((p) => p.name !== name),
      );
    },
    list(type, { limit, after, properties, archived }) {
      const all = [...table(type).values()].filter((r) => r.archived === Boolean(archived));
      const start = after ? all.findIndex((r) => Number(r.id) > Number(after)) : 0;
      const slice = start < 0 ? [] : all.slice(start, start + limit);
      const last = slice[slice.length - 1];
      const more = last !== undefined && all[all.length - 1] !== last;
      return {
        results: slice.map((r) => view(r, properties)),
        ...(more ? { paging: { next: { after: last.id } } } : {}),
      };
    },
    get(type, id, { properties, archived, idProperty }) {
      const all = [...table(type).values()];
      const r = idProperty ? all.find((x) => x.properties[idProperty] === id) : table(type).get(id);
      return r && r.archived === Boolean(archived) ? view(r, properties) : undefined;
    },
    batchRead(type, ids, { properties }) {
      const results: RecordView[] = [];
      const missing: string[] = [];
      for (const id of ids) {
        const r = portal.get(type, id, { properties });
        if (r) results.push(r);
        else missing.push(id);
      }
      return { results, missing };
    },
    search(type, req: SearchRequest) {
      const limit = req.limit ?? 10;
      if (limit > 200) throw new PortalError(400, 'VALIDATION_ERROR', 'limit must be at most 200');
      const all = [...table(type).values()].filter((r) => !r.archived);
      const start = Number(req.after ?? 0);
      const results = all.slice(start, start + limit).map((r) => view(r, req.properties));
      const next =
        start + limit < all.length ? { paging: { next: { after: String(start + limit) } } } : {};
      return { total: all.length, results, ...next };
    },
    associationTypes: (from, to) =>
      must(from).name === 'contacts' && must(to).name === 'companies'
        ? [
            { typeId: 279, category: 'HUBSPOT_DEFINED' as const, label: null },
            { typeId: 1, category: 'HUBSPOT_DEFINED' as const, label: 'Primary' },
          ]
        : must(from).name === 'companies' && must(to).name === 'contacts'
          ? [{ typeId: 280, category: 'HUBSPOT_DEFINED' as const, label: null }]
          : [],
    associations(from, fromId, to, { limit, after }) {
      if (!table(from).has(fromId)) return undefined;
      const targets: AssociationTarget[] = [];
      for (const key of links) {
        const [a, aId, b, bId, typeId] = key.split('|');
        if (a === must(from).name && aId === fromId && b === must(to).name) {
          const ref = portal.associationTypes(from, to).find((t) => t.typeId === Number(typeId));
          if (ref) targets.push({ toObjectId: bId as string, associationTypes: [ref] });
        }
      }
      const start = Number(after ?? 0);
      const slice = targets.slice(start, start + limit);
      return {
        results: slice,
        ...(start + limit < targets.length
          ? { paging: { next: { after: String(start + limit) } } }
          : {}),
      };
    },
    batchReadAssociations(from, to, inputs) {
      const results = [];
      const missing: string[] = [];
      for (const { id, after } of inputs) {
        const page = portal.associations(from, id, to, { limit: 500, after });
        if (!page) missing.push(id);
        else
          results.push({
            from: { id },
            to: page.results,
            ...(page.paging ? { paging: page.paging } : {}),
          });
      }
      return { results, missing };
    },
    create(type, properties, o) {
      const id = String(nextId++);
      const at = new Date(o?.createdAt ?? base + Number(id) * 1000).toISOString();
      const r: RecordView = {
        id,
        properties: { hs_object_id: id, ...properties },
        createdAt: at,
        updatedAt: at,
        archived: false,
      };
      table(type).set(id, r);
      return view(r);
    },
    update(type, id, properties) {
      const r = table(type).get(id);
      if (!r || r.archived)
        throw new PortalError(404, 'OBJECT_NOT_FOUND', `resource not found: ${type} ${id}`);
      Object.assign(r.properties, properties);
      return view(r);
    },
    archive(type, id) {
      const r = table(type).get(id);
      if (!r || r.archived)
        throw new PortalError(404, 'OBJECT_NOT_FOUND', `resource not found: ${type} ${id}`);
      r.archived = true;
      r.archivedAt = new Date(base).toISOString();
    },
    restore(type, id) {
      const r = table(type).get(id);
      if (!r) throw new PortalError(404, 'OBJECT_NOT_FOUND', 'gone');
      r.archived = false;
      delete r.archivedAt;
      return view(r);
    },
    merge(type, primaryId, mergedId) {
      table(type).delete(mergedId);
      return view(table(type).get(primaryId) as RecordView);
    },
    purge(type, id) {
      table(type).delete(id);
    },
    associate(from, fromId, to, toId, o) {
      const typeId = o?.typeId ?? portal.associationTypes(from, to)[0]?.typeId;
      if (typeId === undefined)
        throw new PortalError(400, 'VALIDATION_ERROR', 'no association type');
      links.add(`${linkKey(must(from).name, fromId, must(to).name, toId)}|${typeId}`);
    },
    dissociate(from, fromId, to, toId) {
      const prefix = linkKey(must(from).name, fromId, must(to).name, toId);
      for (const key of [...links]) if (key.startsWith(`${prefix}|`)) links.delete(key);
    },
    truthRecords: (type) => [...table(type).values()].filter((r) => !r.archived),
    truthArchivedIds: (type) =>
      [...table(type).values()].filter((r) => r.archived).map((r) => r.id),
    *truthAssociations(from, to) {
      for (const key of links) {
        const [a, aId, b, bId, typeId] = key.split('|');
        if (a === must(from).name && b === must(to).name) {
          yield {
            fromId: aId as string,
            toId: bId as string,
            typeId: Number(typeId),
            category: 'HUBSPOT_DEFINED',
            label: null,
          };
        }
      }
    },
    count: (type, o) =>
      [...table(type).values()].filter((r) => r.archived === Boolean(o?.archived)).length,
  };
  for (let i = 0; i < (opts.contacts ?? 0); i++) {
    portal.create('contacts', { email: `c${i}@example.com` });
  }
  return portal;
}

function typeDef(
  name: string,
  objectTypeId: string,
  singular: string,
  created: string,
  modified: string,
  display: string,
): ObjectTypeDef {
  return {
    name,
    objectTypeId,
    custom: false,
    labels: { singular, plural: `${singular}s` },
    createdProperty: created,
    modifiedProperty: modified,
    primaryDisplayProperty: display,
    supportsArchived: true,
  };
}

function prop(name: string, type: PropertyDef['type']): PropertyDef {
  return {
    name,
    label: name,
    type,
    fieldType: type === 'datetime' ? 'date' : 'text',
    groupName: 'info',
    description: '',
    options: [],
    displayOrder: 0,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: false,
    hidden: false,
    hubspotDefined: true,
    formField: false,
    archived: false,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
  };
}
