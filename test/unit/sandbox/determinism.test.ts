import { describe, expect, it } from 'vitest';
import { createPortal } from '../../../src/sandbox/portal/index.js';
import { START } from './helpers.js';

const options = {
  now: () => START,
  counts: { contacts: 400, companies: 50 },
  bulkImportSize: 30,
  heavyAssociationCount: 80,
  badValueRate: 0.05,
};

function snapshot(seed: number) {
  const portal = createPortal({ ...options, seed });
  return {
    types: portal.objectTypes(),
    records: Object.fromEntries(
      portal.objectTypes().map((t) => [t.name, [...portal.truthRecords(t.name)]]),
    ),
    archived: portal.truthArchivedIds('contacts'),
    associations: [...portal.truthAssociations('contacts', 'companies')],
    dealContacts: [...portal.truthAssociations('deals', 'contacts')],
  };
}

describe('determinism', () => {
  it('builds the same portal from the same seed', () => {
    expect(snapshot(7)).toEqual(snapshot(7));
  });

  it('builds the same portal at any time of the same day', () => {
    const later = createPortal({ ...options, seed: 7, now: () => START + 5 * 3_600_000 });
    expect([...later.truthRecords('contacts')]).toEqual(snapshot(7).records.contacts);
  });

  it('builds a different portal from another seed', () => {
    const a = snapshot(7);
    const b = snapshot(8);
    expect(a.records.contacts).not.toEqual(b.records.contacts);
    expect(a.associations).not.toEqual(b.associations);
  });

  it('answers the same search identically, shuffled ties included', () => {
    const req = {
      sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' as const }],
      limit: 100,
    };
    const a = createPortal({ ...options, seed: 3 });
    const b = createPortal({ ...options, seed: 3 });
    expect(a.search('contacts', req)).toEqual(b.search('contacts', req));
  });
});
