import { describe, expect, it } from 'vitest';
import { makePortal, ms } from './helpers.js';

const byId = (id: string) => ({
  filterGroups: [
    { filters: [{ propertyName: 'hs_object_id', operator: 'EQ' as const, value: id }] },
  ],
  properties: ['lifecyclestage'],
});

describe('search visibility lag', () => {
  it('shows a write only after its delay; until then the previous state', () => {
    const { portal, clock } = makePortal({
      counts: { contacts: 200 },
      knobs: { searchLagMs: { min: 1000, max: 1000 } },
    });
    const [target] = portal.list('contacts', { limit: 1, properties: ['lifecyclestage'] }).results;
    const before = portal.search('contacts', byId(target!.id)).results[0]!;
    portal.update('contacts', target!.id, { lifecyclestage: 'evangelist' });
    expect(
      portal.get('contacts', target!.id, { properties: ['lifecyclestage'] })?.properties
        .lifecyclestage,
    ).toBe('evangelist');
    clock.advance(999);
    expect(portal.search('contacts', byId(target!.id)).results[0]).toEqual(before);
    clock.advance(1);
    const after = portal.search('contacts', byId(target!.id)).results[0]!;
    expect(after.properties.lifecyclestage).toBe('evangelist');
    expect(ms(after.updatedAt)).toBeGreaterThan(ms(before.updatedAt));
  });

  it('hides a new record, and keeps showing an archived one, until the write is visible', () => {
    const { portal, clock } = makePortal({
      counts: { contacts: 200 },
      knobs: { searchLagMs: { min: 500, max: 500 } },
    });
    const created = portal.create('contacts', { email: 'new.person@example.org' });
    const victim = portal.list('contacts', { limit: 1 }).results[0]!;
    portal.archive('contacts', victim.id);
    expect(portal.pendingSearchWrites?.('contacts')).toBe(2);
    expect(portal.search('contacts', byId(created.id)).total).toBe(0);
    expect(portal.search('contacts', byId(victim.id)).total).toBe(1);
    expect(portal.get('contacts', victim.id, {})).toBeUndefined();
    clock.advance(500);
    expect(portal.pendingSearchWrites?.('contacts')).toBe(0);
    expect(portal.search('contacts', byId(created.id)).total).toBe(1);
    expect(portal.search('contacts', byId(victim.id)).total).toBe(0);
  });

  it('makes writes visible out of order', () => {
    const { portal, clock } = makePortal({
      counts: { contacts: 300 },
      knobs: { searchLagMs: { min: 0, max: 10_000 } },
    });
    const ids = portal.list('contacts', { limit: 100 }).results.map((r) => r.id);
    for (const id of ids) {
      portal.update('contacts', id, { lifecyclestage: 'other' });
      clock.advance(10);
    }
    clock.advance(2000);
    const visible = ids.map(
      (id) => portal.search('contacts', byId(id)).results[0]!.properties.lifecyclestage === 'other',
    );
    const firstHidden = visible.indexOf(false);
    expect(firstHidden).toBeGreaterThanOrEqual(0);
    expect(visible.slice(firstHidden).some(Boolean)).toBe(true); // a later write is visible before an earlier one
    clock.advance(10_000);
    expect(
      portal.search('contacts', {
        filterGroups: [
          { filters: [{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'other' }] },
        ],
      }).total,
    ).toBeGreaterThanOrEqual(100);
  });

  it('never rolls a record back when an older write surfaces after a newer one', () => {
    const { portal, clock } = makePortal({ counts: { contacts: 50 } });
    const id = portal.list('contacts', { limit: 1 }).results[0]!.id;
    portal.setKnobs({ searchLagMs: { min: 5000, max: 5000 } });
    portal.update('contacts', id, { lifecyclestage: 'lead' });
    portal.setKnobs({ searchLagMs: { min: 1000, max: 1000 } });
    clock.advance(1);
    portal.update('contacts', id, { lifecyclestage: 'customer' });
    clock.advance(1000);
    expect(portal.search('contacts', byId(id)).results[0]!.properties.lifecyclestage).toBe(
      'customer',
    );
    clock.advance(5000);
    expect(portal.search('contacts', byId(id)).results[0]!.properties.lifecyclestage).toBe(
      'customer',
    );
  });

  it('with zero lag, search equals the truth at once', () => {
    const { portal } = makePortal({ counts: { contacts: 50 } });
    const created = portal.create('contacts', { lifecyclestage: 'lead' });
    expect(portal.search('contacts', byId(created.id)).results[0]!.properties.lifecyclestage).toBe(
      'lead',
    );
  });
});
