import { describe, expect, it } from 'vitest';
import { makePortal, portalError, START } from './helpers.js';

describe('property CRUD', () => {
  it('creates a property: listed, writable, null on existing records', () => {
    const { portal } = makePortal({ counts: { contacts: 30 } });
    const def = portal.createProperty('contacts', {
      name: 'favourite_colour',
      label: 'Favourite colour',
      type: 'enumeration',
      fieldType: 'select',
      options: [{ label: 'Red', value: 'red', displayOrder: 0, hidden: false }],
    });
    expect(def).toMatchObject({
      name: 'favourite_colour',
      type: 'enumeration',
      fieldType: 'select',
      hubspotDefined: false,
      archived: false,
      createdAt: new Date(START).toISOString(),
    });
    expect(portal.properties('contacts').map((p) => p.name)).toContain('favourite_colour');
    const [a, b] = portal.list('contacts', { limit: 2, properties: ['favourite_colour'] }).results;
    expect(a!.properties.favourite_colour).toBeNull();
    portal.update('contacts', b!.id, { favourite_colour: 'red' });
    expect(
      portal.get('contacts', b!.id, { properties: ['favourite_colour'] })?.properties
        .favourite_colour,
    ).toBe('red');
    expect(
      portalError(() =>
        portal.createProperty('contacts', {
          name: 'favourite_colour',
          type: 'string',
          fieldType: 'text',
        }),
      ),
    ).toMatchObject({ status: 409 });
    expect(
      portalError(() =>
        portal.createProperty('contacts', {
          name: 'x',
          type: 'colour' as never,
          fieldType: 'text',
        }),
      ).status,
    ).toBe(400);
  });

  it('updates a property, including a type change that keeps the stored strings', () => {
    const { portal, clock } = makePortal({ counts: { contacts: 30 } });
    const id = portal.list('contacts', { limit: 1 }).results[0]!.id;
    portal.update('contacts', id, { sbx_text: '12.5' });
    clock.advance(1000);
    const def = portal.updateProperty('contacts', 'sbx_text', {
      type: 'number',
      fieldType: 'number',
      label: 'Now a number',
    });
    expect(def).toMatchObject({
      type: 'number',
      fieldType: 'number',
      label: 'Now a number',
      updatedAt: new Date(START + 1000).toISOString(),
    });
    expect(portal.property('contacts', 'sbx_text')?.type).toBe('number');
    expect(portal.get('contacts', id, { properties: ['sbx_text'] })?.properties.sbx_text).toBe(
      '12.5',
    );
    const hits = portal.search('contacts', {
      filterGroups: [{ filters: [{ propertyName: 'sbx_text', operator: 'EQ', value: '12.50' }] }],
    });
    expect(hits.results.map((r) => r.id)).toEqual([id]);
    expect(
      portalError(() => portal.updateProperty('contacts', 'email', { type: 'number' })).status,
    ).toBe(400);
    expect(
      portalError(() => portal.updateProperty('contacts', 'nope', { label: 'x' })).status,
    ).toBe(404);
  });

  it('archives a property: listed only with archived=true, values no longer returned or writable', () => {
    const { portal } = makePortal({ counts: { contacts: 30 } });
    const id = portal.list('contacts', { limit: 1 }).results[0]!.id;
    portal.update('contacts', id, { sbx_flag: 'true' });
    portal.archiveProperty('contacts', 'sbx_flag');
    expect(portal.properties('contacts').map((p) => p.name)).not.toContain('sbx_flag');
    const archived = portal.properties('contacts', { archived: true });
    expect(archived.map((p) => p.name)).toEqual(['sbx_flag']);
    expect(archived[0]).toMatchObject({
      archived: true,
      archivedAt: new Date(START).toISOString(),
    });
    expect(portal.property('contacts', 'sbx_flag')).toBeUndefined();
    expect(portal.property('contacts', 'sbx_flag', { archived: true })?.archived).toBe(true);
    expect(portal.get('contacts', id, { properties: ['sbx_flag'] })?.properties).not.toHaveProperty(
      'sbx_flag',
    );
    expect([...portal.truthRecords('contacts')][0]!.properties).not.toHaveProperty('sbx_flag');
    expect(portalError(() => portal.update('contacts', id, { sbx_flag: 'false' })).status).toBe(
      400,
    );
    expect(
      portalError(() =>
        portal.search('contacts', {
          filterGroups: [{ filters: [{ propertyName: 'sbx_flag', operator: 'HAS_PROPERTY' }] }],
        }),
      ).status,
    ).toBe(400);
    expect(portalError(() => portal.archiveProperty('contacts', 'sbx_flag')).status).toBe(404);
    expect(portalError(() => portal.archiveProperty('contacts', 'email')).status).toBe(400);
  });
});
