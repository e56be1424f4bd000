/**
 * Restores put a record's associations back in HubSpot, but the mirror deleted them with the
 * record, and the association sweeper's fingerprint cache still says "unchanged". The delete
 * stage stamps this marker (in `_cursors`) with every restore; the sweeper drops its cached
 * fingerprints of a pair when the marker of either side moved.
 */
import { randomUUID } from 'node:crypto';
import { readCursor, saveCursor, type StoreContext } from '../store/index.js';

export const RESTORE_MARKER = 'deletes:restores';

export async function markRestores(
  store: StoreContext,
  objectType: string,
  restored: number,
  now: number,
): Promise<void> {
  await saveCursor(store, objectType, RESTORE_MARKER, {
    at: new Date(now).toISOString(),
    restored,
    stamp: randomUUID(),
  });
}

/** The marker as a comparable string ('' when the object never had a restore). */
export async function readRestoreMarker(store: StoreContext, objectType: string): Promise<string> {
  const value = await readCursor(store, objectType, RESTORE_MARKER);
  return value === undefined ? '' : JSON.stringify(value);
}
