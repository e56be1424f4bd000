import { describe, expect, it } from 'vitest';
import { normaliseAssociation, type AssociationRow } from '../../../src/schema/associations.js';
import { AssociationShapeError } from '../../../src/schema/errors.js';

const row = (
  fromType: string,
  toType: string,
  typeId: number,
  label: string | null = null,
): AssociationRow => ({
  fromType,
  fromId: '1',
  toType,
  toId: '2',
  typeId,
  category: 'HUBSPOT_DEFINED',
  label,
});

describe('normaliseAssociation', () => {
  it('keeps a row already in the stored direction', () => {
    const r = row('companies', 'contacts', 280);
    expect(normaliseAssociation(r)).toBe(r);
    expect(normaliseAssociation(row('contacts', 'deals', 4))).toEqual(row('contacts', 'deals', 4));
  });

  it('flips a row read the other way, with the stored direction’s type id and label', () => {
    const read = { ...row('contacts', 'companies', 279, 'Employee'), category: 'USER_DEFINED' };
    expect(normaliseAssociation(read, { typeId: 280, label: 'Employer' })).toEqual({
      fromType: 'companies',
      fromId: '2',
      toType: 'contacts',
      toId: '1',
      typeId: 280,
      category: 'USER_DEFINED',
      label: 'Employer',
    });
    expect(normaliseAssociation(row('deals', 'contacts', 3), { typeId: 4 })).toMatchObject({
      fromType: 'contacts',
      toType: 'deals',
      typeId: 4,
      label: null,
    });
  });

  it('sorts by bytes, so custom tables land on their side deterministically', () => {
    expect(normaliseAssociation(row('car', 'contacts', 9))).toMatchObject({ fromType: 'car' });
    expect(normaliseAssociation(row('line_items', 'deals', 20), { typeId: 19 })).toMatchObject({
      fromType: 'deals',
      toType: 'line_items',
      typeId: 19,
    });
  });

  it('keeps same-type pairs as read', () => {
    const r = row('companies', 'companies', 13);
    expect(normaliseAssociation(r)).toBe(r);
  });

  it('refuses to flip without the stored direction’s type id', () => {
    expect(() => normaliseAssociation(row('contacts', 'companies', 279))).toThrow(
      AssociationShapeError,
    );
  });
});
