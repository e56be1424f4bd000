/** One transaction for a unit of work; nested calls join the caller's transaction. */
import type { StoreContext } from './connection.js';
import { coerceStoreError } from './errors.js';

export async function withTransaction<T>(
  store: StoreContext,
  fn: (tx: StoreContext) => Promise<T>,
): Promise<T> {
  if (store.db.isTransaction) return fn(store);
  try {
    return await store.db.transaction().execute((db) => fn({ db, schema: store.schema }));
  } catch (error) {
    throw coerceStoreError(error, 'transaction');
  }
}
