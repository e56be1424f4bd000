import { afterAll, beforeAll, expect, it } from 'vitest';
import { readIdsAfter, upsertRecords } from '../../../src/store/index.js';
import { applyObjects, contactsObject, openFixture, record, type Fixture } from './fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await openFixture();
  await applyObjects(fx.store, [contactsObject()]);
  const ids = ['7', '9', '10', '11', '99', '100', '1000', '12345678901'];
  await upsertRecords(
    fx.store,
    'contacts',
    ids.map((id) => record(id, '2024-03-01T00:00:00Z', {})),
    { notify: false },
  );
});
afterAll(() => fx.close());

// `order by id` over an `id::text as id` alias sorts as text (10 before 9), which made keyset
// walks skip every id shorter than the first page's.
it('pages ids in numeric order across digit-count boundaries', async () => {
  const seen: string[] = [];
  for (let after = '0'; ;) {
    const page = await readIdsAfter(fx.store, 'contacts', after, 3);
    if (!page.length) break;
    seen.push(...page);
    after = page[page.length - 1]!;
  }
  expect(seen).toEqual(['7', '9', '10', '11', '99', '100', '1000', '12345678901']);
});
