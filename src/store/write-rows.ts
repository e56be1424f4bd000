/**
 * Runs the page's upsert statement, surviving rows too big for Postgres. A heap row must fit in
 * one 8 kB page after TOAST, and TOAST cannot shrink many small values, so a record with
 * hundreds of filled property columns can fail the whole statement (SQLSTATE 54000) — which
 * would stall a backfill forever. Such a page is written again one row per savepoint; a row
 * that still does not fit is skipped, and its values are kept as a `_row` reject.
 */
import { sql } from 'kysely';
import type { StoreContext } from './connection.js';
import { SQLSTATE, sqlStateOf, StoreError } from './errors.js';
import { sliceBatch, type PreparedBatch } from './record-batch.js';
import { compileUpsert, type UpsertRow } from './upsert-sql.js';

/** `_rejects.property` of a record that did not fit in a row (HubSpot names start with a letter). */
export const ROW_REJECT = '_row';

export interface WrittenRows extends UpsertRow {
  /** Ids skipped because their row is too big. */
  oversized: string[];
}

export const isRowTooBig = (error: unknown): boolean =>
  sqlStateOf(error instanceof StoreError ? error.cause : error) === SQLSTATE.programLimitExceeded;

async function runStatement(tx: StoreContext, objectType: string, batch: PreparedBatch) {
  const { rows } = await tx.db.executeQuery(compileUpsert(tx, objectType, batch));
  return rows[0] as UpsertRow;
}

/** The whole page in one statement; `guarded` adds a savepoint so a caller's transaction survives. */
export async function writeRows(
  tx: StoreContext,
  objectType: string,
  batch: PreparedBatch,
  guarded: boolean,
): Promise<WrittenRows> {
  if (!guarded) return { ...(await runStatement(tx, objectType, batch)), oversized: [] };
  await sql`savepoint replicator_page`.execute(tx.db);
  try {
    const row = await runStatement(tx, objectType, batch);
    await sql`release savepoint replicator_page`.execute(tx.db);
    return { ...row, oversized: [] };
  } catch (error) {
    if (!isRowTooBig(error)) throw error;
    await sql`rollback to savepoint replicator_page`.execute(tx.db);
    return writeRowsOneByOne(tx, objectType, batch);
  }
}

export async function writeRowsOneByOne(
  tx: StoreContext,
  objectType: string,
  batch: PreparedBatch,
): Promise<WrittenRows> {
  const total: WrittenRows = { inserted: 0, updated: 0, restored: 0, stale: [], oversized: [] };
  for (let i = 0; i < batch.ids.length; i += 1) {
    await sql`savepoint replicator_row`.execute(tx.db);
    try {
      const row = await runStatement(tx, objectType, sliceBatch(batch, [i]));
      await sql`release savepoint replicator_row`.execute(tx.db);
      total.inserted += row.inserted;
      total.updated += row.updated;
      total.restored += row.restored;
      total.stale.push(...row.stale);
    } catch (error) {
      if (!isRowTooBig(error)) throw error;
      await sql`rollback to savepoint replicator_row`.execute(tx.db);
      total.oversized.push(batch.ids[i] as string);
    }
  }
  return total;
}
