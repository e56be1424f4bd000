import { readCursor, type StoreContext } from '../../store/index.js';
import { isWalkCursor, type WalkCursor } from './cursor.js';

/**
 * The stage's saved walk cursor, or `initial` when there is none or what `_cursors` holds is not
 * a walk cursor (a hand edit, an older shape): starting over from `initial` re-reads records,
 * which is safe because every write is an idempotent upsert.
 */
export async function readWalkCursor(
  store: StoreContext,
  objectType: string,
  stage: string,
  initial: WalkCursor,
): Promise<WalkCursor> {
  const saved = await readCursor(store, objectType, stage);
  return isWalkCursor(saved) ? saved : initial;
}
