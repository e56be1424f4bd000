import { describe, expect, it } from 'vitest';
import { createPortal } from '../../../src/sandbox/portal/index.js';
import { AUTH, buildTestApp } from './build-app.js';

/** The real portal with generated custom objects, served by the real app through inject. */
const portal = createPortal({
  seed: 9,
  portalId: 555,
  customObjects: 4,
  customObjectRecords: 60,
  now: () => Date.UTC(2026, 10, 15, 12),
  knobs: { tieOrder: 'id' },
});
const { app } = buildTestApp({ portal });
const generated = portal.objectTypes().filter((def) => def.custom && def.name !== 'car');

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  const res = await app.inject({ method, url, headers: AUTH, payload: payload as object });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}

describe('generated custom objects over HTTP', () => {
  it('lists every generated schema with its properties and associations, in both families', async () => {
    for (const path of ['/crm-object-schemas/v3/schemas', '/crm-object-schemas/2026-03/schemas']) {
      const { status, body } = await call('GET', path);
      expect(status).toBe(200);
      const schemas = body.results as Array<{
        name: string;
        objectTypeId: string;
        fullyQualifiedName: string;
        labels: { singular: string; plural: string };
        primaryDisplayProperty: string;
        properties: Array<{ name: string }>;
        associations: Array<{ id: string; fromObjectTypeId: string; toObjectTypeId: string }>;
      }>;
      expect(schemas.map((s) => s.name)).toEqual(['car', ...generated.map((d) => d.name)]);
      for (const def of generated) {
        const schema = schemas.find((s) => s.name === def.name)!;
        expect(schema.objectTypeId).toBe(def.objectTypeId);
        expect(schema.fullyQualifiedName).toBe(`p555_${def.name}`);
        expect(schema.labels).toEqual(def.labels);
        expect(schema.properties.map((p) => p.name)).toContain(schema.primaryDisplayProperty);
        expect(schema.properties.map((p) => p.name)).toContain('hs_lastmodifieddate');
        expect(schema.associations.length).toBeGreaterThan(0);
        for (const a of schema.associations) expect(a.fromObjectTypeId).toBe(def.objectTypeId);
      }
    }
  });

  it('serves properties, list (archived too), batch read and search by name and by id', async () => {
    for (const def of generated) {
      for (const key of [def.name, def.objectTypeId]) {
        const props = await call('GET', `/crm/v3/properties/${key}`);
        expect(props.status).toBe(200);
        const names = (props.body.results as Array<{ name: string }>).map((p) => p.name);
        expect(names).toEqual(portal.properties(def.name).map((p) => p.name));

        const live = [...portal.truthRecords(def.name)];
        const list = await call('GET', `/crm/objects/2026-03/${key}?limit=100`);
        expect(list.body.results.map((r: { id: string }) => r.id)).toEqual(live.map((r) => r.id));
        const archived = await call('GET', `/crm/v3/objects/${key}?limit=100&archived=true`);
        expect(archived.body.results.map((r: { id: string }) => r.id)).toEqual(
          portal.truthArchivedIds(def.name),
        );

        const read = await call('POST', `/crm/v3/objects/${key}/batch/read`, {
          properties: names,
          inputs: live.slice(0, 5).map((r) => ({ id: r.id })),
        });
        expect(read.status).toBe(200);
        expect(read.body.results).toHaveLength(Math.min(5, live.length));
        for (const r of read.body.results as Array<{ id: string; properties: object }>)
          expect(r.properties).toEqual(live.find((x) => x.id === r.id)!.properties);

        const search = await call('POST', `/crm/objects/2026-03/${key}/search`, {
          sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
          properties: [def.primaryDisplayProperty],
          limit: 100,
        });
        expect(search.status).toBe(200);
        expect(search.body.total).toBe(live.length);
      }
    }
  });

  it('serves association labels and batch reads equal to the ground truth', async () => {
    for (const def of generated) {
      for (const to of portal.associatedTypes!(def.name)) {
        const labels = await call('GET', `/crm/v4/associations/${def.name}/${to}/labels`);
        expect(labels.status).toBe(200);
        expect(labels.body.results.map((t: { typeId: number }) => t.typeId).sort()).toEqual(
          portal
            .associationTypes(def.name, to)
            .map((t) => t.typeId)
            .sort(),
        );
        const truth = [...portal.truthAssociations(def.name, to)];
        const fromIds = [...new Set(truth.map((a) => a.fromId))].slice(0, 20);
        const read = await call('POST', `/crm/associations/2026-03/${def.name}/${to}/batch/read`, {
          inputs: fromIds.map((id) => ({ id })),
        });
        expect(read.status).toBe(200);
        const served = (
          read.body.results as Array<{
            from: { id: string };
            to: Array<{ toObjectId: string | number; associationTypes: Array<{ typeId: number }> }>;
          }>
        ).flatMap((r) =>
          r.to.flatMap((t) =>
            t.associationTypes.map((x) => `${r.from.id}>${t.toObjectId}#${x.typeId}`),
          ),
        );
        const expected = truth
          .filter((a) => fromIds.includes(a.fromId))
          .map((a) => `${a.fromId}>${a.toId}#${a.typeId}`);
        expect(new Set(served)).toEqual(new Set(expected));
      }
    }
  });

  it('lets the control API create, update, associate and archive their records, seen in the truth', async () => {
    const def = generated[0]!;
    const display = def.primaryDisplayProperty;
    const created = await app.inject({
      method: 'POST',
      url: `/_sandbox/objects/${def.name}`,
      payload: { properties: { [display]: 'Made by a test' } },
    });
    expect(created.statusCode).toBe(201);
    const id = JSON.parse(created.body).id as string;
    const updated = await app.inject({
      method: 'PATCH',
      url: `/_sandbox/objects/${def.objectTypeId}/${id}`,
      payload: { properties: { [display]: 'Changed by a test' } },
    });
    expect(updated.statusCode).toBe(200);
    const truth = JSON.parse((await app.inject(`/_sandbox/truth/${def.name}`)).body)
      .results as Array<{
      id: string;
      properties: Record<string, string | null>;
    }>;
    expect(truth.find((r) => r.id === id)?.properties[display]).toBe('Changed by a test');

    const to = portal.associatedTypes!(def.name)[0]!;
    const target = [...portal.truthRecords(to)][0]!.id;
    const associated = await app.inject({
      method: 'POST',
      url: '/_sandbox/associations',
      payload: { fromType: def.name, fromId: id, toType: to, toId: target },
    });
    expect(associated.statusCode).toBe(204);
    const pairs = JSON.parse(
      (await app.inject(`/_sandbox/truth/associations/${def.name}/${to}`)).body,
    ).results as Array<{ fromId: string; toId: string }>;
    expect(pairs).toContainEqual(expect.objectContaining({ fromId: id, toId: target }));

    const archived = await app.inject({
      method: 'POST',
      url: `/_sandbox/objects/${def.name}/${id}/archive`,
    });
    expect(archived.statusCode).toBe(204);
    const ids = JSON.parse((await app.inject(`/_sandbox/truth/${def.name}/archived`)).body).ids;
    expect(ids).toContain(id);
  });
});
