import { describe, expect, it } from 'vitest';
import type { Portal } from '../../../src/sandbox/portal/index.js';
import { makePortal, portalError, searchAll } from './helpers.js';

const DEFAULT_TYPES = 13;

function generatedTypes(portal: Portal) {
  return portal.objectTypes().slice(DEFAULT_TYPES);
}

/** Everything a replicator could read about the generated types, in one comparable value. */
function snapshot(portal: Portal) {
  return generatedTypes(portal).map((def) => ({
    def,
    properties: portal.properties(def.name),
    records: [...portal.truthRecords(def.name)],
    archived: portal.truthArchivedIds(def.name),
    associations: (portal.associatedTypes?.(def.name) ?? []).map((to) => ({
      to,
      types: portal.associationTypes(def.name, to),
      truth: [...portal.truthAssociations(def.name, to)],
    })),
  }));
}

describe('generated custom objects', () => {
  it('are none by default', () => {
    const { portal } = makePortal();
    expect(portal.objectTypes()).toHaveLength(DEFAULT_TYPES);
    expect(portal.objectTypes().at(-1)?.name).toBe('car');
  });

  it('are the same for the same seed and differ for another', () => {
    const a = snapshot(makePortal({ seed: 5, customObjects: 6 }).portal);
    const b = snapshot(makePortal({ seed: 5, customObjects: 6 }).portal);
    expect(a).toEqual(b);
    expect(a.reduce((n, t) => n + t.records.length, 0)).toBeGreaterThan(500);
    const other = snapshot(makePortal({ seed: 6, customObjects: 6 }).portal);
    expect(other.map((t) => t.def.name)).not.toEqual(a.map((t) => t.def.name));
  });

  it('adds N types with distinct valid names, 2- ids and fully qualified names', () => {
    const { portal } = makePortal({ portalId: 777, customObjects: 22 });
    const types = generatedTypes(portal);
    expect(types).toHaveLength(22);
    const all = portal.objectTypes();
    expect(new Set(all.map((t) => t.name)).size).toBe(all.length);
    expect(new Set(all.map((t) => t.objectTypeId)).size).toBe(all.length);
    for (const def of types) {
      expect(def.custom).toBe(true);
      expect(def.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(def.objectTypeId).toMatch(/^2-\d+$/);
      expect(def.fullyQualifiedName).toBe(`p777_${def.name}`);
      expect(def.labels.singular).not.toBe('');
      expect(def.labels.plural).toBe(`${def.labels.singular}s`);
      expect(def.createdProperty).toBe('hs_createdate');
      expect(def.modifiedProperty).toBe('hs_lastmodifieddate');
      expect(def).not.toHaveProperty('propertySpecs');
      for (const key of [def.name, def.objectTypeId, def.fullyQualifiedName!])
        expect(portal.resolveType(key)?.name).toBe(def.name);
    }
  });

  it('names stay distinct past the word list (more types than adjective_word pairs)', () => {
    const { portal } = makePortal({ customObjects: 200, customObjectRecords: 1 });
    const names = generatedTypes(portal).map((t) => t.name);
    expect(new Set(names).size).toBe(200);
  });

  it('each has a display property and a handful of properties of mixed types', () => {
    const { portal } = makePortal({ customObjects: 22 });
    for (const def of generatedTypes(portal)) {
      const props = portal.properties(def.name);
      const names = props.map((p) => p.name);
      for (const name of ['hs_object_id', 'hs_createdate', 'hs_lastmodifieddate'])
        expect(names).toContain(name);
      const display = props.find((p) => p.name === def.primaryDisplayProperty);
      expect(display?.type).toBe('string');
      const types = new Set(props.map((p) => p.type));
      for (const type of ['string', 'number', 'enumeration', 'datetime', 'bool'])
        expect(types, def.name).toContain(type);
      for (const p of props.filter((x) => x.type === 'enumeration' && x.fieldType !== 'checkbox'))
        expect(p.options.length).toBeGreaterThan(1);
      const own = props.filter((p) => !p.hubspotDefined);
      expect(own.length).toBeGreaterThanOrEqual(5);
      expect(own.length).toBeLessThanOrEqual(8);
      expect(names.some((n) => n.startsWith('sbx_'))).toBe(false);
    }
  });

  it('have customObjectRecords records each unless counts names the type', () => {
    const { portal } = makePortal({ customObjects: 3, customObjectRecords: 40, archivedRate: 0 });
    const [first, second, third] = generatedTypes(portal).map((t) => t.name);
    expect(portal.count(first!)).toBe(40);
    const { portal: again } = makePortal({
      customObjects: 3,
      customObjectRecords: 40,
      archivedRate: 0,
      counts: { [second!]: 7 },
    });
    expect(again.count(second!)).toBe(7);
    expect(again.count(third!)).toBe(40);
    const { portal: byDefault } = makePortal({ customObjects: 1, archivedRate: 0 });
    expect(byDefault.count(generatedTypes(byDefault)[0]!.name)).toBe(100);
  });

  it('rejects a negative or fractional number of types', () => {
    expect(portalError(() => makePortal({ customObjects: -1 })).message).toMatch(/customObjects/);
    expect(portalError(() => makePortal({ customObjectRecords: 1.5 })).message).toMatch(
      /customObjectRecords/,
    );
  });

  it('associate with one or two standard types, some with each other, with records and labels', () => {
    const { portal } = makePortal({ customObjects: 22 });
    const types = generatedTypes(portal);
    const generated = new Set(types.map((t) => t.name));
    const typeIds = new Set<number>();
    const seenPairs = new Set<string>();
    let withEachOther = 0;
    let labelled = 0;
    for (const def of types) {
      const partners = portal.associatedTypes!(def.name);
      const standard = partners.filter((p) =>
        ['contacts', 'companies', 'deals', 'tickets'].includes(p),
      );
      expect(standard.length).toBeGreaterThanOrEqual(1);
      expect(standard.length).toBeLessThanOrEqual(2);
      if (partners.some((p) => generated.has(p))) withEachOther++;
      for (const to of partners) {
        // A pair of two generated types is seen from both of them; count its ids once.
        const pair = [def.name, to].sort().join('|');
        if (seenPairs.has(pair)) continue;
        seenPairs.add(pair);
        const forward = portal.associationTypes(def.name, to);
        const backward = portal.associationTypes(to, def.name);
        expect(forward.length).toBe(backward.length);
        expect(forward.length).toBeGreaterThan(0);
        for (const t of [...forward, ...backward]) {
          expect(typeIds.has(t.typeId), `type id ${t.typeId} reused`).toBe(false);
          typeIds.add(t.typeId);
        }
        const truth = [...portal.truthAssociations(def.name, to)];
        expect(truth.length, `${def.name} -> ${to}`).toBeGreaterThan(0);
        if (truth.some((a) => a.label !== null)) labelled++;
        const reverse = [...portal.truthAssociations(to, def.name)];
        expect(new Set(reverse.map((a) => `${a.toId}>${a.fromId}`))).toEqual(
          new Set(truth.map((a) => `${a.fromId}>${a.toId}`)),
        );
      }
    }
    expect(withEachOther).toBeGreaterThan(0);
    expect(labelled).toBeGreaterThan(0);
  });

  it('are read, searched, written and associated like the car object', () => {
    const { portal } = makePortal({ customObjects: 2 });
    const def = generatedTypes(portal)[0]!;
    const live = [...portal.truthRecords(def.name)];
    const page = portal.list(def.name, { limit: 100 });
    expect(page.results.map((r) => r.id)).toEqual(live.slice(0, 100).map((r) => r.id));
    const archived = portal.list(def.name, { limit: 100, archived: true });
    expect(archived.results.map((r) => r.id)).toEqual(portal.truthArchivedIds(def.name));
    const searched = searchAll(portal, def.name, {
      sorts: [{ propertyName: 'hs_createdate', direction: 'ASCENDING' }],
      properties: [def.primaryDisplayProperty],
      limit: 200,
    });
    expect(new Set(searched.ids)).toEqual(new Set(live.map((r) => r.id)));
    const read = portal.batchRead(def.name, [live[0]!.id], {
      properties: [def.primaryDisplayProperty],
    });
    expect(read.results[0]?.properties[def.primaryDisplayProperty]).toBe(
      live[0]!.properties[def.primaryDisplayProperty],
    );

    const created = portal.create(def.name, { [def.primaryDisplayProperty]: 'Fresh one' });
    const [partner] = portal.associatedTypes!(def.name);
    const target = [...portal.truthRecords(partner!)][0]!;
    portal.associate(def.name, created.id, partner!, target.id);
    const assoc = portal.batchReadAssociations(def.name, partner!, [{ id: created.id }]);
    expect(assoc.results[0]?.to.map((t) => t.toObjectId)).toEqual([target.id]);
    portal.update(def.name, created.id, { [def.primaryDisplayProperty]: 'Renamed' });
    expect(
      [...portal.truthRecords(def.name)].find((r) => r.id === created.id)?.properties[
        def.primaryDisplayProperty
      ],
    ).toBe('Renamed');
    portal.archive(def.name, created.id);
    expect(portal.truthArchivedIds(def.name)).toContain(created.id);
  });
});
