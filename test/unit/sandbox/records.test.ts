import { describe, expect, it } from 'vitest';
import { listAll, makePortal, ms, portalError, START } from './helpers.js';

describe('list, get and batch read', () => {
  const { portal } = makePortal({ counts: { contacts: 450 }, archivedRate: 0.05 });

  it('lists every live record once in id order, at most 100 per page', () => {
    const all = listAll(portal, 'contacts');
    expect(all).toHaveLength(portal.count('contacts'));
    expect(all.map((r) => Number(r.id))).toEqual(
      all.map((r) => Number(r.id)).sort((a, b) => a - b),
    );
    expect(all.every((r) => !r.archived)).toBe(true);
    expect(portalError(() => portal.list('contacts', { limit: 101 })).status).toBe(400);
    expect(portalError(() => portal.list('contacts', { limit: 10, after: 'zzz' })).status).toBe(
      400,
    );
  });

  it('lists only archived records with archived=true, each with archivedAt', () => {
    const archived = listAll(portal, 'contacts', { archived: true });
    expect(archived.map((r) => r.id)).toEqual(portal.truthArchivedIds('contacts'));
    expect(archived.every((r) => r.archived && r.archivedAt)).toBe(true);
    expect(portalError(() => portal.list('quotes', { limit: 10, archived: true })).status).toBe(
      400,
    );
  });

  it('returns requested properties (null without a value), ignores unknown ones, else defaults', () => {
    const [r] = portal.list('contacts', { limit: 1, properties: ['website', 'nope'] }).results;
    expect(Object.keys(r!.properties).sort()).toEqual([
      'createdate',
      'hs_object_id',
      'lastmodifieddate',
      'website',
    ]);
    const withNull = listAll(portal, 'contacts', { properties: ['website'] }).find(
      (x) => x.properties.website === null,
    );
    expect(withNull).toBeDefined();
    expect(Object.keys(portal.list('deals', { limit: 1 }).results[0]!.properties)).toEqual(
      expect.arrayContaining(['dealname', 'amount', 'dealstage', 'pipeline']),
    );
  });

  it('gets by id or by a unique property, and batch reads with missing ids', () => {
    const [a, b] = portal.list('contacts', { limit: 2, properties: ['email'] }).results;
    expect(portal.get('contacts', a!.id, {})?.id).toBe(a!.id);
    expect(
      portal.get('contacts', a!.properties.email!.toUpperCase(), { idProperty: 'email' })?.id,
    ).toBe(a!.id);
    expect(portal.get('contacts', '999999999', {})).toBeUndefined();
    expect(portalError(() => portal.get('contacts', 'x', { idProperty: 'firstname' })).status).toBe(
      400,
    );
    const batch = portal.batchRead('contacts', [a!.id, '123', b!.id, a!.id], {
      properties: ['email'],
    });
    expect(batch.results.map((r) => r.id)).toEqual([a!.id, b!.id]);
    expect(batch.missing).toEqual(['123']);
    const archivedId = portal.truthArchivedIds('contacts')[0]!;
    expect(portal.batchRead('contacts', [archivedId], {}).missing).toEqual([archivedId]);
    expect(
      portal.batchRead('contacts', [archivedId], { archived: true }).results[0]?.archived,
    ).toBe(true);
    expect(
      portal.batchRead('contacts', [b!.properties.email!], { idProperty: 'email' }).results[0]?.id,
    ).toBe(b!.id);
  });
});

describe('create and update', () => {
  it('creates with the next id, now as createdAt, and its date properties set', () => {
    const { portal, clock } = makePortal({ counts: { contacts: 20 } });
    const last = listAll(portal, 'contacts')
      .concat(portal.truthArchivedIds('contacts').map((id) => ({ id }) as never))
      .map((r) => Number(r.id));
    clock.advance(5000);
    const r = portal.create('contacts', {
      email: 'Someone@Example.org',
      firstname: 'Some',
      lifecyclestage: null,
    });
    expect(Number(r.id)).toBe(Math.max(...last) + 1);
    expect(r.createdAt).toBe(new Date(START + 5000).toISOString());
    expect(r.properties).toMatchObject({
      email: 'Someone@Example.org',
      firstname: 'Some',
      createdate: r.createdAt,
      lastmodifieddate: r.updatedAt,
      hs_object_id: r.id,
    });
    expect(
      portal.get('contacts', 'someone@example.org', {
        idProperty: 'email',
        properties: ['lifecyclestage'],
      })?.properties.lifecyclestage,
    ).toBeNull();
    const next = portal.create('contacts', {}, { createdAt: START - 86_400_000 });
    expect(Number(next.id)).toBe(Number(r.id) + 1);
    expect(ms(next.createdAt)).toBe(START - 86_400_000);
    expect(ms(next.updatedAt)).toBe(START + 5000);
    const custom = portal.create('car', { vin: 'X1', hs_createdate: '2020-01-02T03:04:05.000Z' });
    expect(custom.createdAt).toBe('2020-01-02T03:04:05.000Z');
  });

  it('rejects duplicates of unique properties', () => {
    const { portal } = makePortal({ counts: { contacts: 20 } });
    const email = portal.list('contacts', { limit: 1, properties: ['email'] }).results[0]!
      .properties.email!;
    expect(
      portalError(() => portal.create('contacts', { email: email.toUpperCase() })),
    ).toMatchObject({ status: 409, category: 'CONFLICT' });
  });

  it('bumps updatedAt strictly on every update, even within one millisecond, and the version', () => {
    const { portal, clock } = makePortal({ counts: { contacts: 20 } });
    const id = portal.list('contacts', { limit: 1 }).results[0]!.id;
    clock.advance(1000);
    const one = portal.update('contacts', id, { firstname: 'One' });
    const two = portal.update('contacts', id, { firstname: 'Two' });
    expect(ms(one.updatedAt)).toBe(START + 1000);
    expect(ms(two.updatedAt)).toBe(START + 1001);
    expect(two.properties.lastmodifieddate).toBe(two.updatedAt);
    expect(portal.get('contacts', id, { properties: ['firstname'] })?.properties.firstname).toBe(
      'Two',
    );
  });

  it('rejects unknown properties, read-only ones, unknown ids and unknown types', () => {
    const { portal } = makePortal({ counts: { contacts: 20 } });
    const id = portal.list('contacts', { limit: 1 }).results[0]!.id;
    const err = portalError(() => portal.update('contacts', id, { nope: '1', firstname: 'x' }));
    expect(err).toMatchObject({ status: 400, category: 'VALIDATION_ERROR' });
    expect(err.message).toContain('PROPERTY_DOESNT_EXIST');
    expect(portalError(() => portal.create('contacts', { nope: '1' })).status).toBe(400);
    expect(portalError(() => portal.update('contacts', id, { hs_object_id: '1' })).status).toBe(
      400,
    );
    expect(
      portalError(() => portal.update('contacts', '999999999', { firstname: 'x' })),
    ).toMatchObject({ status: 404, category: 'OBJECT_NOT_FOUND' });
    expect(portalError(() => portal.update('widgets', id, {})).status).toBe(400);
  });
});

describe('archive, restore, merge and purge', () => {
  it('archives: gone from list, get, search and associations; listed archived; restorable', () => {
    const { portal, clock } = makePortal({ counts: { contacts: 100 }, archivedRate: 0 });
    const target = listAll(portal, 'contacts').find(
      (r) => portal.associations('contacts', r.id, 'companies', { limit: 10 })?.results.length,
    )!;
    const company = portal.associations('contacts', target.id, 'companies', { limit: 10 })!
      .results[0]!;
    clock.advance(77);
    portal.archive('contacts', target.id);
    portal.archive('contacts', target.id); // idempotent
    expect(portal.get('contacts', target.id, {})).toBeUndefined();
    expect(listAll(portal, 'contacts').some((r) => r.id === target.id)).toBe(false);
    expect(
      portal.search('contacts', {
        filterGroups: [
          { filters: [{ propertyName: 'hs_object_id', operator: 'EQ', value: target.id }] },
        ],
      }).total,
    ).toBe(0);
    expect(portal.associations('contacts', target.id, 'companies', { limit: 10 })).toBeUndefined();
    expect(
      portal
        .associations('companies', company.toObjectId, 'contacts', { limit: 500 })
        ?.results.map((t) => t.toObjectId),
    ).not.toContain(target.id);
    const archived = portal.get('contacts', target.id, { archived: true })!;
    expect(archived).toMatchObject({
      archived: true,
      archivedAt: new Date(START + 77).toISOString(),
      updatedAt: target.updatedAt,
    });
    expect(portal.count('contacts', { archived: true })).toBe(1);
    const back = portal.restore('contacts', target.id);
    expect(back.archived).toBe(false);
    expect(portal.count('contacts', { archived: true })).toBe(0);
    expect(
      portal.associations('contacts', target.id, 'companies', { limit: 10 })?.results[0]
        ?.toObjectId,
    ).toBe(company.toObjectId);
    expect(
      portal
        .associations('companies', company.toObjectId, 'contacts', { limit: 500 })
        ?.results.map((t) => t.toObjectId),
    ).toContain(target.id);
    expect(portalError(() => portal.restore('contacts', target.id)).status).toBe(404);
  });

  it('merges: the merged id vanishes (not archived), the survivor records it and gets its associations', () => {
    const { portal, clock } = makePortal({ counts: { contacts: 100 }, archivedRate: 0 });
    const dealsOf = (id: string) =>
      portal
        .associations('contacts', id, 'deals', { limit: 500 })!
        .results.map((t) => t.toObjectId);
    const [keep, gone] = listAll(portal, 'contacts').filter((r) => dealsOf(r.id).length > 0);
    const [goneDeals, keepDeals] = [dealsOf(gone!.id), dealsOf(keep!.id)];
    clock.advance(10);
    const merged = portal.merge('contacts', keep!.id, gone!.id);
    expect(merged.properties.hs_merged_object_ids).toBe(gone!.id);
    expect(ms(merged.updatedAt)).toBe(START + 10);
    expect(portal.get('contacts', gone!.id, {})).toBeUndefined();
    expect(portal.get('contacts', gone!.id, { archived: true })).toBeUndefined();
    expect(portal.truthArchivedIds('contacts')).not.toContain(gone!.id);
    expect(portal.count('contacts')).toBe(99);
    expect(new Set(dealsOf(keep!.id))).toEqual(new Set([...goneDeals, ...keepDeals]));
    expect(
      goneDeals.every((d) =>
        portal
          .associations('deals', d, 'contacts', { limit: 500 })!
          .results.some((t) => t.toObjectId === keep!.id),
      ),
    ).toBe(true);
    const companies = portal.associations('contacts', keep!.id, 'companies', {
      limit: 500,
    })!.results;
    expect(
      companies.filter((t) => t.associationTypes.some((a) => a.typeId === 1)).length,
    ).toBeLessThanOrEqual(1);
    const third = listAll(portal, 'contacts').find((r) => r.id !== keep!.id)!;
    expect(portal.merge('contacts', keep!.id, third.id).properties.hs_merged_object_ids).toBe(
      `${gone!.id};${third.id}`,
    );
    expect(portalError(() => portal.merge('contacts', keep!.id, keep!.id)).status).toBe(400);
    expect(portalError(() => portal.merge('car', keep!.id, gone!.id)).status).toBe(400);
  });

  it('purges: gone from everything, the archived list included', () => {
    const { portal } = makePortal({ counts: { contacts: 100 }, archivedRate: 0 });
    const [a, b] = portal.list('contacts', { limit: 2 }).results;
    portal.archive('contacts', b!.id);
    portal.purge('contacts', a!.id);
    portal.purge('contacts', b!.id);
    expect(portal.get('contacts', a!.id, {})).toBeUndefined();
    expect(portal.truthArchivedIds('contacts')).toEqual([]);
    expect(portal.count('contacts')).toBe(98);
    expect(
      [...portal.truthAssociations('companies', 'contacts')].some((x) => x.toId === a!.id),
    ).toBe(false);
    expect(portalError(() => portal.purge('contacts', a!.id)).status).toBe(404);
  });
});
