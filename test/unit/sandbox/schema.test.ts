import { describe, expect, it } from 'vitest';
import { makePortal, portalError } from './helpers.js';

const { portal } = makePortal({ portalId: 4242 });

describe('object types', () => {
  it('has the standard objects, engagements and the custom car object with their ids', () => {
    const ids = Object.fromEntries(portal.objectTypes().map((t) => [t.name, t.objectTypeId]));
    expect(ids).toMatchObject({
      contacts: '0-1',
      companies: '0-2',
      deals: '0-3',
      tickets: '0-5',
      products: '0-7',
      line_items: '0-8',
      quotes: '0-14',
      calls: '0-48',
      emails: '0-49',
      meetings: '0-47',
      notes: '0-46',
      tasks: '0-27',
    });
    const car = portal.resolveType('car');
    expect(car?.custom).toBe(true);
    expect(car?.objectTypeId).toMatch(/^2-\d+$/);
    expect(car?.fullyQualifiedName).toBe('p4242_car');
  });

  it('resolves a type by name, objectTypeId or fully qualified name', () => {
    const car = portal.resolveType('car')!;
    for (const key of ['car', car.objectTypeId, 'p4242_car'])
      expect(portal.resolveType(key)?.name).toBe('car');
    expect(portal.resolveType('0-1')?.name).toBe('contacts');
    expect(portal.resolveType('nope')).toBeUndefined();
  });

  it('uses HubSpot date property names per object', () => {
    const dates = Object.fromEntries(
      portal.objectTypes().map((t) => [t.name, [t.createdProperty, t.modifiedProperty]]),
    );
    expect(dates.contacts).toEqual(['createdate', 'lastmodifieddate']);
    for (const t of ['companies', 'deals', 'tickets', 'products', 'line_items'])
      expect(dates[t]).toEqual(['createdate', 'hs_lastmodifieddate']);
    for (const t of ['quotes', 'car', 'calls', 'emails', 'meetings', 'notes', 'tasks'])
      expect(dates[t]).toEqual(['hs_createdate', 'hs_lastmodifieddate']);
  });

  it('rejects an unknown object type like HubSpot', () => {
    const err = portalError(() => portal.list('widgets', { limit: 10 }));
    expect(err.status).toBe(400);
    expect(err.message).toContain('widgets');
    expect(portalError(() => portal.properties('widgets')).status).toBe(400);
  });
});

describe('property catalog', () => {
  const combos = (type: string) =>
    new Set(portal.properties(type).map((p) => `${p.type}/${p.fieldType}`));

  it.each(['contacts', 'car'])('%s covers every type x sensible fieldType', (type) => {
    const have = combos(type);
    for (const combo of [
      'string/text',
      'string/textarea',
      'string/html',
      'string/file',
      'phone_number/phonenumber',
      'number/number',
      'number/calculation_equation',
      'date/date',
      'datetime/date',
      'enumeration/select',
      'enumeration/radio',
      'enumeration/checkbox',
      'enumeration/booleancheckbox',
      'bool/booleancheckbox',
      'json/text',
      'object_coordinates/text',
    ]) {
      expect(have, combo).toContain(combo);
    }
  });

  it.each(['contacts', 'car'])('%s has names that need care downstream', (type) => {
    const names = portal.properties(type).map((p) => p.name);
    expect(names.some((n) => Buffer.byteLength(n) > 63)).toBe(true);
    const long = names.filter((n) => Buffer.byteLength(n) > 63).map((n) => n.slice(0, 54));
    expect(new Set(long).size).toBeLessThan(long.length);
    expect(names).toEqual(expect.arrayContaining(['Legacy-Score', '2fa_enabled', 'id']));
  });

  it('has realistic standard properties', () => {
    const contact = Object.fromEntries(portal.properties('contacts').map((p) => [p.name, p]));
    expect(contact.email?.hasUniqueValue).toBe(true);
    expect(contact.lifecyclestage).toMatchObject({ type: 'enumeration', fieldType: 'select' });
    expect(contact.lifecyclestage?.options.map((o) => o.value)).toContain('customer');
    expect(contact.hs_merged_object_ids?.type).toBe('enumeration');
    const deal = Object.fromEntries(portal.properties('deals').map((p) => [p.name, p]));
    expect(deal.amount?.type).toBe('number');
    expect(deal.closedate?.type).toBe('datetime');
    expect(deal.dealstage?.type).toBe('enumeration');
    for (const t of portal.objectTypes())
      expect(portal.property(t.name, 'hs_object_id')).toBeDefined();
  });

  it('adds generated properties of mixed types with extraProperties', () => {
    const base = portal.properties('deals').length;
    const { portal: wide } = makePortal({ extraProperties: 30, counts: { contacts: 10 } });
    const props = wide.properties('deals');
    expect(props.length).toBe(base + 30);
    const extra = props.filter((p) => p.name.startsWith('sbx_extra_'));
    expect(new Set(extra.map((p) => p.type)).size).toBeGreaterThanOrEqual(6);
    const record = [...wide.truthRecords('deals')][0]!;
    expect(extra.filter((p) => record.properties[p.name] !== null).length).toBeGreaterThan(10);
  });

  it('gives every record hs_object_id equal to its id', () => {
    for (const t of ['contacts', 'car', 'quotes']) {
      for (const r of [...portal.truthRecords(t)].slice(0, 20))
        expect(r.properties.hs_object_id).toBe(r.id);
    }
  });
});
