import type { AssociationTypeRef } from './types.js';

/** One pair of object types and its association types in both directions. */
export interface PairSpec {
  a: string;
  b: string;
  /** Types a→b and b→a; the same position is the same association type seen from each side. */
  aToB: AssociationTypeRef[];
  bToA: AssociationTypeRef[];
  /** The side that may have at most one primary association of this pair (contact → company). */
  primaryOwner: 'a' | 'b' | null;
  /** How generated data associates: each record of `from` gets k targets, k drawn from `weights`. */
  gen: { from: 'a' | 'b'; weights: number[]; labelRate: number } | null;
}

const hs = (typeId: number, label: string | null = null): AssociationTypeRef => ({
  category: 'HUBSPOT_DEFINED',
  typeId,
  label,
});
const user = (typeId: number, label: string): AssociationTypeRef => ({
  category: 'USER_DEFINED',
  typeId,
  label,
});

function simple(a: string, b: string, ab: number, ba: number, gen: PairSpec['gen']): PairSpec {
  return { a, b, aToB: [hs(ab)], bToA: [hs(ba)], primaryOwner: null, gen };
}

const ENGAGEMENTS: Array<[string, number, number, number, number]> = [
  // name, →contacts, contacts→, →companies, companies→ (HubSpot's ids)
  ['calls', 194, 193, 182, 181],
  ['emails', 198, 197, 186, 185],
  ['meetings', 200, 199, 188, 187],
  ['notes', 202, 201, 190, 189],
  ['tasks', 204, 203, 192, 191],
];

/**
 * HubSpot's per-direction type ids where HubSpot documents them (docs/BEHAVIOR.md); the user-defined labels and the
 * custom object's ids are this portal's own (HubSpot assigns those per portal too).
 */
export const PAIRS: PairSpec[] = [
  {
    a: 'contacts',
    b: 'companies',
    aToB: [hs(279), hs(1, 'Primary'), user(1001, 'Decision maker')],
    bToA: [hs(280), hs(2, 'Primary'), user(1002, 'Decision maker')],
    primaryOwner: 'a',
    gen: { from: 'a', weights: [0.15, 0.75, 0.1], labelRate: 0.1 },
  },
  {
    a: 'deals',
    b: 'contacts',
    aToB: [hs(3), user(1003, 'Champion')],
    bToA: [hs(4), user(1004, 'Champion')],
    primaryOwner: null,
    gen: { from: 'a', weights: [0.1, 0.5, 0.3, 0.1], labelRate: 0.15 },
  },
  {
    a: 'deals',
    b: 'companies',
    aToB: [hs(341), hs(5, 'Primary')],
    bToA: [hs(342), hs(6, 'Primary')],
    primaryOwner: 'a',
    gen: { from: 'a', weights: [0.2, 0.8], labelRate: 0 },
  },
  simple('tickets', 'contacts', 16, 15, { from: 'a', weights: [0.1, 0.8, 0.1], labelRate: 0 }),
  {
    a: 'tickets',
    b: 'companies',
    aToB: [hs(339), hs(26, 'Primary')],
    bToA: [hs(340), hs(25, 'Primary')],
    primaryOwner: 'a',
    gen: { from: 'a', weights: [0.5, 0.5], labelRate: 0 },
  },
  simple('deals', 'line_items', 19, 20, { from: 'b', weights: [0.05, 0.95], labelRate: 0 }),
  simple('deals', 'tickets', 27, 28, { from: 'b', weights: [0.7, 0.3], labelRate: 0 }),
  simple('quotes', 'deals', 64, 63, { from: 'a', weights: [0, 1], labelRate: 0 }),
  simple('quotes', 'contacts', 69, 70, { from: 'a', weights: [0.3, 0.7], labelRate: 0 }),
  simple('quotes', 'line_items', 67, 68, { from: 'a', weights: [0.2, 0.4, 0.4], labelRate: 0 }),
  {
    a: 'car',
    b: 'contacts',
    aToB: [hs(1010), user(1011, 'Owner')],
    bToA: [hs(1012), user(1013, 'Owner')],
    primaryOwner: null,
    gen: { from: 'a', weights: [0.2, 0.6, 0.2], labelRate: 0.3 },
  },
  ...ENGAGEMENTS.flatMap(([name, toContact, fromContact, toCompany, fromCompany]) => [
    simple(name, 'contacts', toContact, fromContact, {
      from: 'a',
      weights: [0.1, 0.8, 0.1],
      labelRate: 0,
    }),
    simple(name, 'companies', toCompany, fromCompany, {
      from: 'a',
      weights: [0.6, 0.4],
      labelRate: 0,
    }),
  ]),
];
