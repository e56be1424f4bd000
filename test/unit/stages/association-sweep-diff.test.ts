import { describe, expect, it } from 'vitest';
import type { AssociationRow } from '../../../src/schema/index.js';
import { diffAssociationRows } from '../../../src/stages/associations/diff.js';

const row = (
  fromId: string,
  toId: string,
  typeId: number,
  label: string | null = null,
  category = 'HUBSPOT_DEFINED',
): AssociationRow => ({
  fromType: 'companies',
  fromId,
  toType: 'contacts',
  toId,
  typeId,
  category,
  label,
});

describe('diffAssociationRows', () => {
  it('upserts only new and relabelled rows and deletes only rows that are gone', () => {
    const stored = [
      row('1', '10', 280),
      row('1', '11', 280),
      row('1', '11', 1002, 'Decision maker'),
      row('2', '20', 280),
    ];
    const fresh = [
      row('1', '10', 280),
      row('1', '11', 280),
      row('1', '11', 1002, 'Key person', 'USER_DEFINED'),
      row('1', '12', 280),
    ];
    expect(diffAssociationRows(fresh, stored)).toEqual({
      upserts: [row('1', '11', 1002, 'Key person', 'USER_DEFINED'), row('1', '12', 280)],
      deletes: [row('2', '20', 280)],
    });
  });

  it('finds nothing to do for an equal set, whatever the order and id spelling', () => {
    const stored = [row('1', '10', 280), row('1', '11', 2, 'Primary')];
    const fresh = [row('01', '011', 2, 'Primary'), row('1', '10', 280)];
    expect(diffAssociationRows(fresh, stored)).toEqual({ upserts: [], deletes: [] });
  });

  it('lets the last of repeated rows win, as the fingerprint and the store do', () => {
    const fresh = [
      row('1', '10', 280, null, 'HUBSPOT_DEFINED'),
      row('1', '10', 280, null, 'USER_DEFINED'),
    ];
    expect(diffAssociationRows(fresh, [row('1', '10', 280)])).toEqual({
      upserts: [row('1', '10', 280, null, 'USER_DEFINED')],
      deletes: [],
    });
  });

  it('deletes a whole set that became empty', () => {
    const stored = [row('3', '30', 280), row('3', '31', 280)];
    expect(diffAssociationRows([], stored)).toEqual({ upserts: [], deletes: stored });
  });
});
