import { describe, expect, it } from 'vitest';
import type { Portal } from '../../../src/sandbox/portal/index.js';
import { listAll, makePortal, portalError } from './helpers.js';

const key = (a: { fromId: string; toId: string; typeId: number }) =>
  `${a.fromId}>${a.toId}#${a.typeId}`;

function pageAll(portal: Portal, from: string, id: string, to: string, limit: number): string[] {
  const out: string[] = [];
  let after: string | undefined;
  do {
    const page = portal.associations(from, id, to, { limit, ...(after ? { after } : {}) })!;
    out.push(...page.results.map((t) => t.toObjectId));
    after = page.paging?.next.after;
  } while (after);
  return out;
}

describe('associations', () => {
  const { portal } = makePortal({
    counts: { contacts: 3000, companies: 80 },
    heavyAssociationCount: 2500,
  });

  it("lists HubSpot's per-direction type ids, with labels", () => {
    expect(portal.associationTypes('contacts', 'companies')).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 279, label: null },
      { category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' },
      { category: 'USER_DEFINED', typeId: 1001, label: 'Decision maker' },
    ]);
    expect(portal.associationTypes('companies', 'contacts').map((t) => t.typeId)).toEqual([
      280, 2, 1002,
    ]);
    const ids = (a: string, b: string) => portal.associationTypes(a, b).map((t) => t.typeId);
    expect([
      ids('deals', 'contacts')[0],
      ids('contacts', 'deals')[0],
      ids('deals', 'companies'),
      ids('companies', 'deals')[0],
    ]).toEqual([3, 4, [341, 5], 342]);
    expect([
      ids('tickets', 'contacts'),
      ids('contacts', 'tickets'),
      ids('deals', 'line_items'),
      ids('line_items', 'deals'),
    ]).toEqual([[16], [15], [19], [20]]);
    expect(ids('car', 'contacts').length).toBeGreaterThan(0);
    expect(portal.associationTypes('products', 'tickets')).toEqual([]);
  });

  it('shows each association from both sides with that side’s type ids', () => {
    const forward = [...portal.truthAssociations('contacts', 'companies')];
    const backward = [...portal.truthAssociations('companies', 'contacts')];
    const mirror: Record<number, number> = { 279: 280, 1: 2, 1001: 1002 };
    expect(new Set(backward.map(key))).toEqual(
      new Set(
        forward.map((a) => key({ fromId: a.toId, toId: a.fromId, typeId: mirror[a.typeId]! })),
      ),
    );
    expect(forward.some((a) => a.label === 'Primary')).toBe(true);
    expect(forward.some((a) => a.category === 'USER_DEFINED' && a.label === 'Decision maker')).toBe(
      true,
    );
    for (const type of ['deals', 'tickets', 'car', 'calls', 'notes'])
      expect([...portal.truthAssociations(type, 'contacts')].length, type).toBeGreaterThan(0);
  });

  it('gives a contact at most one primary company, always with the unlabeled type too', () => {
    const byContact = new Map<string, number[]>();
    for (const a of portal.truthAssociations('contacts', 'companies'))
      byContact.set(a.fromId, [...(byContact.get(a.fromId) ?? []), a.typeId]);
    for (const [, types] of byContact) {
      expect(types.filter((t) => t === 1).length).toBeLessThanOrEqual(1);
      expect(types).toContain(279);
    }
  });

  it('has one company with heavyAssociationCount contacts, paged per record', () => {
    const counts = new Map<string, number>();
    for (const a of portal.truthAssociations('companies', 'contacts'))
      if (a.typeId === 280) counts.set(a.fromId, (counts.get(a.fromId) ?? 0) + 1);
    const [heavyId, heavyCount] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const liveShare = portal.count('contacts') / 3000;
    expect(heavyCount).toBeGreaterThan(2500 * liveShare * 0.97);
    expect(heavyCount).toBeLessThanOrEqual(2500);
    const paged = pageAll(portal, 'companies', heavyId, 'contacts', 500);
    expect(paged).toHaveLength(heavyCount);
    expect(new Set(paged).size).toBe(heavyCount);
    expect(paged.map(Number)).toEqual([...paged.map(Number)].sort((a, b) => a - b));
    expect(pageAll(portal, 'companies', heavyId, 'contacts', 7)).toEqual(paged);
    expect(
      portalError(() => portal.associations('companies', heavyId, 'contacts', { limit: 501 }))
        .status,
    ).toBe(400);
  });

  it('batch reads per id with its own after, reporting missing ids and skipping ids without associations', () => {
    const contacts = listAll(portal, 'contacts');
    const withCompanies = contacts
      .filter(
        (c) =>
          portal.associations('contacts', c.id, 'companies', { limit: 10 })!.results.length >= 2,
      )
      .slice(0, 3);
    const without = contacts.find(
      (c) =>
        portal.associations('contacts', c.id, 'companies', { limit: 10 })!.results.length === 0,
    )!;
    expect(withCompanies).toHaveLength(3);
    const archived = portal.truthArchivedIds('contacts')[0]!;
    const inputs = [
      ...withCompanies.map((c) => ({ id: c.id })),
      { id: without.id },
      { id: '42' },
      { id: archived },
    ];
    const first = portal.batchReadAssociations('contacts', 'companies', inputs, { limit: 1 });
    expect(first.missing).toEqual(['42', archived]);
    expect(first.results.map((r) => r.from.id)).toEqual(withCompanies.map((c) => c.id));
    expect(first.results.every((r) => r.to.length === 1 && r.paging?.next.after)).toBe(true);
    const second = portal.batchReadAssociations(
      'contacts',
      'companies',
      first.results.map((r) => ({ id: r.from.id, after: r.paging!.next.after })),
      { limit: 1 },
    );
    for (const [i, r] of second.results.entries()) {
      expect(r.to[0]!.toObjectId).not.toBe(first.results[i]!.to[0]!.toObjectId);
      expect(pageAll(portal, 'contacts', r.from.id, 'companies', 500).slice(0, 2)).toEqual([
        first.results[i]!.to[0]!.toObjectId,
        r.to[0]!.toObjectId,
      ]);
    }
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ id: String(i) }));
    expect(
      portalError(() => portal.batchReadAssociations('contacts', 'companies', tooMany)).status,
    ).toBe(400);
    expect(
      portalError(() =>
        portal.associations('contacts', withCompanies[0]!.id, 'companies', {
          limit: 10,
          after: 'garbage',
        }),
      ).status,
    ).toBe(400);
  });
});

describe('association writes', () => {
  it('associates by label or type id, visible from both sides, without touching updatedAt', () => {
    const { portal, clock } = makePortal({
      counts: { contacts: 50, companies: 10 },
      archivedRate: 0,
    });
    const contact = portal.create('contacts', {});
    const [c1, c2] = portal.list('companies', { limit: 2 }).results;
    clock.advance(1000);
    portal.associate('contacts', contact.id, 'companies', c1!.id);
    portal.associate('contacts', contact.id, 'companies', c1!.id, { label: 'decision maker' });
    portal.associate('companies', c2!.id, 'contacts', contact.id, { typeId: 2 });
    const targets = portal.associations('contacts', contact.id, 'companies', {
      limit: 10,
    })!.results;
    const types = Object.fromEntries(
      targets.map((t) => [
        t.toObjectId,
        t.associationTypes.map((a) => a.typeId).sort((x, y) => x - y),
      ]),
    );
    expect(types).toEqual({ [c1!.id]: [279, 1001], [c2!.id]: [1, 279] });
    const back = portal
      .associations('companies', c2!.id, 'contacts', { limit: 500 })!
      .results.find((t) => t.toObjectId === contact.id)!;
    expect(back.associationTypes.map((a) => a.typeId).sort((x, y) => x - y)).toEqual([2, 280]);
    expect(portal.get('contacts', contact.id, {})?.updatedAt).toBe(contact.updatedAt);

    portal.associate('contacts', contact.id, 'companies', c1!.id, { typeId: 1 }); // moves the primary
    const after = portal.associations('contacts', contact.id, 'companies', { limit: 10 })!.results;
    expect(
      after.filter((t) => t.associationTypes.some((a) => a.typeId === 1)).map((t) => t.toObjectId),
    ).toEqual([c1!.id]);

    portal.dissociate('contacts', contact.id, 'companies', c1!.id, { typeId: 1001 });
    expect(
      portal
        .associations('contacts', contact.id, 'companies', { limit: 10 })!
        .results.find((t) => t.toObjectId === c1!.id)!
        .associationTypes.map((a) => a.typeId)
        .sort(),
    ).toEqual([1, 279]);
    portal.dissociate('contacts', contact.id, 'companies', c1!.id);
    portal.dissociate('companies', c2!.id, 'contacts', contact.id, { typeId: 280 });
    expect(
      portal.associations('contacts', contact.id, 'companies', { limit: 10 })!.results,
    ).toEqual([]);
  });

  it('rejects unknown types, labels, pairs and records', () => {
    const { portal } = makePortal({ counts: { contacts: 20, companies: 5 } });
    const contact = portal.list('contacts', { limit: 1 }).results[0]!.id;
    const company = portal.list('companies', { limit: 1 }).results[0]!.id;
    expect(
      portalError(() => portal.associate('contacts', contact, 'companies', company, { typeId: 3 }))
        .status,
    ).toBe(400);
    expect(
      portalError(() =>
        portal.associate('contacts', contact, 'companies', company, { label: 'Nemesis' }),
      ).status,
    ).toBe(400);
    expect(
      portalError(() =>
        portal.associate(
          'products',
          portal.list('products', { limit: 1 }).results[0]!.id,
          'companies',
          company,
        ),
      ).status,
    ).toBe(400);
    expect(portalError(() => portal.associate('contacts', '1', 'companies', company)).status).toBe(
      404,
    );
    expect(portal.associations('contacts', '1', 'companies', { limit: 10 })).toBeUndefined();
  });
});
