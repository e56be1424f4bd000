import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import type { PreparedBatch } from '../../../src/store/record-batch.js';
import { compileUpsert, upsertStatement } from '../../../src/store/upsert-sql.js';

const db = new Kysely({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const ctx = { db, schema: 'hubspot' };

function batch(seed: number, extra: boolean): PreparedBatch {
  return {
    ids: [`${seed}1`, `${seed}2`],
    createdAt: ['2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z'],
    updatedAt: ['2024-02-01T00:00:00.000Z', '2024-02-02T00:00:00.000Z'],
    columns: [
      { column: 'email', pgType: 'text', values: [`a${seed}@x.io`, null] },
      // Two columns with equal values on this page, which must not be confused.
      { column: 'score', pgType: 'numeric', values: [String(seed), '7'] },
      { column: 'rank', pgType: 'numeric', values: [String(seed), String(seed + 1)] },
      { column: 'flag', pgType: 'boolean', values: [true, seed % 2 === 0] },
    ],
    extra: extra ? { keys: ['x_one', 'x_two'], values: [`{"x_one":${seed}}`, null] } : null,
    rejects: [],
    properties: ['email', 'score', 'rank', 'flag'],
    droppedOlder: 0,
    droppedSame: 0,
  };
}

describe('compileUpsert', () => {
  it('gives the statement and parameters upsertStatement gives, page after page', () => {
    for (const extra of [false, true]) {
      for (const seed of [1, 2, 3]) {
        const page = batch(seed, extra);
        const expected = upsertStatement(ctx, 'contacts', page).compile(db);
        const cached = compileUpsert(ctx, 'contacts', page);
        expect(cached.sql).toBe(expected.sql);
        expect(cached.parameters).toEqual(expected.parameters);
      }
    }
  });

  it('keeps shapes apart: another table or column set is compiled on its own', () => {
    const contacts = compileUpsert(ctx, 'contacts', batch(4, false));
    const companies = compileUpsert(ctx, 'companies', batch(4, false));
    expect(companies.sql).not.toBe(contacts.sql);
    const narrower = { ...batch(4, false), columns: batch(4, false).columns.slice(1) };
    expect(compileUpsert(ctx, 'contacts', narrower).sql).toBe(
      upsertStatement(ctx, 'contacts', narrower).compile(db).sql,
    );
  });
});
