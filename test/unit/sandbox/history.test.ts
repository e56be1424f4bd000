import { describe, expect, it } from 'vitest';
import { makePortal, ms, START } from './helpers.js';

describe('generated history', () => {
  const { portal } = makePortal({ counts: { contacts: 2000 }, archivedRate: 0 });
  const contacts = [...portal.truthRecords('contacts')];

  it('has ids ascending with creation time, over a few years before now, with ties', () => {
    let ties = 0;
    for (let i = 1; i < contacts.length; i++) {
      const [prev, cur] = [contacts[i - 1]!, contacts[i]!];
      expect(Number(cur.id)).toBeGreaterThan(Number(prev.id));
      expect(ms(cur.createdAt)).toBeGreaterThanOrEqual(ms(prev.createdAt));
      if (cur.createdAt === prev.createdAt) ties++;
    }
    expect(ties).toBeGreaterThan(20);
    const span = ms(contacts.at(-1)!.createdAt) - ms(contacts[0]!.createdAt);
    expect(span).toBeGreaterThan(2 * 365 * 86_400_000);
    expect(ms(contacts.at(-1)!.createdAt)).toBeLessThan(START);
  });

  it('has ids with gaps', () => {
    const gaps = contacts.filter(
      (c, i) => i > 0 && Number(c.id) - Number(contacts[i - 1]!.id) > 1,
    ).length;
    expect(gaps).toBeGreaterThan(50);
  });

  it('keeps updatedAt >= createdAt, <= now, with some shared modify milliseconds', () => {
    const counts = new Map<string, number>();
    for (const c of contacts) {
      expect(ms(c.updatedAt)).toBeGreaterThanOrEqual(ms(c.createdAt));
      expect(ms(c.updatedAt)).toBeLessThanOrEqual(START);
      counts.set(c.updatedAt, (counts.get(c.updatedAt) ?? 0) + 1);
    }
    expect([...counts.values()].filter((n) => n > 1).length).toBeGreaterThan(20);
    expect(contacts.filter((c) => c.updatedAt !== c.createdAt).length).toBeGreaterThan(
      contacts.length / 2,
    );
  });

  it('agrees between top-level dates and the date properties, on every type', () => {
    for (const type of portal.objectTypes()) {
      for (const r of portal.truthRecords(type.name)) {
        expect(r.properties[type.createdProperty]).toBe(r.createdAt);
        expect(r.properties[type.modifiedProperty]).toBe(r.updatedAt);
      }
    }
  });
});

describe('bulk import block', () => {
  it('stamps exactly bulkImportSize contacts with one create and one modify millisecond', () => {
    const { portal } = makePortal({
      counts: { contacts: 13_000 },
      bulkImportSize: 12_500,
      archivedRate: 0.01,
    });
    const middle = portal.search('contacts', { sorts: ['createdate'], after: '5000', limit: 1 })
      .results[0]!;
    const [created, updated] = [middle.createdAt, middle.updatedAt];
    let sameCreate = 0;
    let sameModify = 0;
    let both = 0;
    for (const c of portal.truthRecords('contacts')) {
      if (c.createdAt === created) sameCreate++;
      if (c.updatedAt === updated) sameModify++;
      if (c.createdAt === created && c.updatedAt === updated) both++;
    }
    expect([sameCreate, sameModify, both]).toEqual([12_500, 12_500, 12_500]);
    const eq = (propertyName: string, at: string) => ({
      filterGroups: [
        { filters: [{ propertyName, operator: 'EQ' as const, value: String(ms(at)) }] },
      ],
    });
    expect(portal.search('contacts', eq('createdate', created)).total).toBe(12_500);
    expect(portal.search('contacts', eq('lastmodifieddate', updated)).total).toBe(12_500);
  });
});

describe('bad values', () => {
  const rate = 0.1;
  const { portal } = makePortal({ counts: { contacts: 1500 }, badValueRate: rate });
  const defs = portal.properties('contacts');
  const clean = new Set([
    'email',
    'hs_object_id',
    'createdate',
    'lastmodifieddate',
    'hs_merged_object_ids',
  ]);

  function isBad(type: string, value: string): boolean {
    if (value === '') return true;
    switch (type) {
      case 'number':
        return !/^-?\d+(\.\d+)?$/.test(value);
      case 'date':
        return !/^\d{4}-\d{2}-\d{2}$/.test(value);
      case 'datetime':
        return !/^\d{4}-\d{2}-\d{2}T/.test(value);
      case 'json':
        try {
          JSON.parse(value);
          return false;
        } catch {
          return true;
        }
      case 'bool':
        return value !== 'true' && value !== 'false';
      default:
        return false;
    }
  }

  it('makes about badValueRate of generated values bad, of every kind', () => {
    let bad = 0;
    let total = 0;
    const kinds = new Set<string>();
    for (const c of portal.truthRecords('contacts')) {
      for (const def of defs) {
        const v = c.properties[def.name];
        if (clean.has(def.name) || v === null || v === undefined) continue;
        total++;
        if (isBad(def.type, v)) {
          bad++;
          if (v === '') kinds.add('empty');
          else if (def.type === 'number') kinds.add(`number:${v}`);
          else if (def.type === 'date' || def.type === 'datetime')
            kinds.add(/^\d+$/.test(v) ? 'epoch' : v);
          else kinds.add(def.type);
        }
      }
    }
    expect(bad / total).toBeGreaterThan(rate * 0.85);
    expect(bad / total).toBeLessThan(rate * 1.15);
    for (const kind of ['empty', 'number:n/a', 'number:1,5', 'epoch', 'json', 'bool'])
      expect(kinds, kind).toContain(kind);
  });

  it('never spoils the email used as idProperty', () => {
    for (const c of portal.truthRecords('contacts')) {
      const email = c.properties.email;
      if (email !== null) expect(email).toMatch(/^[a-z.]+\.\d+@[a-z]+\.example\.com$/);
    }
  });

  it('makes no bad values at rate 0', () => {
    const { portal: good } = makePortal({ counts: { contacts: 300 }, badValueRate: 0 });
    for (const c of good.truthRecords('contacts')) {
      for (const def of defs) {
        const v = c.properties[def.name];
        if (!clean.has(def.name) && v !== null && v !== undefined)
          expect(isBad(def.type, v), `${def.name}=${v}`).toBe(false);
      }
    }
  });
});

describe('archived at start', () => {
  it('archives about archivedRate of records, with archivedAt between updatedAt and now', () => {
    const { portal } = makePortal({ counts: { contacts: 3000 }, archivedRate: 0.05 });
    const archived = portal.list('contacts', { limit: 100, archived: true }).results;
    expect(portal.count('contacts', { archived: true })).toBeGreaterThan(100);
    expect(portal.count('contacts', { archived: true })).toBeLessThan(200);
    expect(portal.count('contacts') + portal.count('contacts', { archived: true })).toBe(3000);
    for (const r of archived) {
      expect(r.archived).toBe(true);
      expect(ms(r.archivedAt)).toBeGreaterThanOrEqual(ms(r.updatedAt));
      expect(ms(r.archivedAt)).toBeLessThanOrEqual(START);
    }
  });
});
