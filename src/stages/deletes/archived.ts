/**
 * The archived sweep: HubSpot's `?archived=true` list (id order, each with archivedAt), read a
 * bounded number of pages per tick from a saved cursor. Archived records still in the mirror are
 * deleted (tombstone deleted_at = archivedAt); records archived before the first backfill were
 * never mirrored and need nothing. Each page also covers an id range: an `archived` tombstone in
 * that range that the page does not list was restored (or purged since), which one batch read
 * tells apart. A type whose list answers 400 has no archived support: the id sweep covers it.
 */
import {
  isHubSpotApiError,
  LIST_PAGE_MAX,
  listObjectsPage,
  type HubSpotRecord,
} from '../../hubspot/index.js';
import {
  readCursor,
  readStoredIds,
  readTombstonedIdsInRange,
  readTombstoneReasons,
  saveCursor,
} from '../../store/index.js';
import { removeRecords, retag, sweepCall, type SweepEnv } from './env.js';
import { restoreLive } from './restore.js';
import { canonicalIdText, isAscending, sortIds } from '../ids.js';
import { advancePass, finishPass, passFrom, startPass, type SweepPass } from './sweep-pass.js';

export const ARCHIVED_CURSOR = 'deletes:archived';
const TOMBSTONE_CHUNK = 500;

interface ArchivedState extends SweepPass {
  /** When the list last answered 400 (no archived support); null when it works. */
  unsupportedAt: string | null;
}

export interface ArchivedSweepOptions {
  pagesPerTick: number;
  /** How long a 400 is believed before the list is tried again. */
  reprobeMs: number;
}

export type ArchivedSweepResult = 'complete' | 'partial' | 'unsupported';

/** `complete` when this call finished a pass; `unsupported` when the type has no archived list. */
export async function sweepArchived(
  env: SweepEnv,
  options: ArchivedSweepOptions,
): Promise<ArchivedSweepResult> {
  const table = env.object.objectType;
  const stored = await readCursor<Partial<ArchivedState>>(env.store, table, ARCHIVED_CURSOR);
  const unsupportedAt = typeof stored?.unsupportedAt === 'string' ? stored.unsupportedAt : null;
  if (unsupportedAt && env.now() - Date.parse(unsupportedAt) < options.reprobeMs) {
    env.figures.archivedPass = 'unsupported';
    return 'unsupported';
  }
  let pass = startPass(passFrom(stored), env.now());
  const save = (state: SweepPass, unsupported: string | null = null) =>
    saveCursor(env.store, table, ARCHIVED_CURSOR, { ...state, unsupportedAt: unsupported });
  env.figures.archivedPass = 'partial';
  for (let pages = 0; pages < options.pagesPerTick && !env.signal.aborted; pages++) {
    let page;
    try {
      page = await listObjectsPage(env.client, env.apiType, {
        archived: true,
        limit: LIST_PAGE_MAX,
        properties: ['hs_object_id'],
        ...(pass.after !== null ? { after: pass.after } : {}),
        ...sweepCall(env),
      });
    } catch (error) {
      if (!isHubSpotApiError(error) || error.status !== 400) throw error;
      env.logger.info({ object: table, err: error.message }, 'no archived list: id sweep only');
      await save(passFrom(null), new Date(env.now()).toISOString());
      env.figures.archivedPass = 'unsupported';
      return 'unsupported';
    }
    env.figures.archivedPages++;
    await removeArchived(env, page.results);
    const inOrder = page.results.map((r) => canonicalIdText(r.id));
    const ids = sortIds(inOrder);
    const next = page.paging?.next?.after ?? null;
    const upTo = next === null ? null : (ids.at(-1) ?? pass.lastId);
    const ordered = pass.ordered && isAscending(inOrder, pass.lastId);
    if (ordered) await restoreInRange(env, pass.lastId, upTo, new Set(ids));
    else if (pass.ordered) {
      // Range comparisons need id order; the id sweep still finds restores in this case.
      env.logger.warn(
        { object: table },
        'archived list out of id order: restores left to the id sweep',
      );
    }
    pass = advancePass(pass, { after: next, lastId: upTo, ordered });
    if (next === null) {
      await save(finishPass(pass, env.now()));
      env.figures.archivedPass = 'complete';
      return 'complete';
    }
    await save(pass);
  }
  return 'partial';
}

/** Deletes the listed records the mirror still has; corrects tombstones that said otherwise. */
async function removeArchived(env: SweepEnv, results: HubSpotRecord[]): Promise<void> {
  if (!results.length) return;
  const table = env.object.objectType;
  const entries = results.map((r) => ({
    id: canonicalIdText(r.id),
    reason: 'archived' as const,
    deletedAt: r.archivedAt ?? new Date(env.now()).toISOString(),
  }));
  const stored = await readStoredIds(
    env.store,
    table,
    entries.map((e) => e.id),
  );
  const absent = entries.filter((e) => !stored.has(e.id));
  const reasons = await readTombstoneReasons(
    env.store,
    table,
    absent.map((e) => e.id),
  );
  await removeRecords(
    env,
    entries.filter((e) => stored.has(e.id)),
  );
  // A sweep that found the record gone before this list showed it called it purged.
  await retag(
    env,
    absent.filter((e) => {
      const reason = reasons.get(e.id);
      return reason !== undefined && reason !== 'archived';
    }),
  );
}

/** `archived` tombstones in (after, upTo] the page did not list: restored, or purged since. */
async function restoreInRange(
  env: SweepEnv,
  after: string,
  upTo: string | null,
  listed: ReadonlySet<string>,
): Promise<void> {
  const table = env.object.objectType;
  for (let cursor = after; !env.signal.aborted;) {
    const tombstoned = await readTombstonedIdsInRange(
      env.store,
      table,
      'archived',
      cursor,
      upTo,
      TOMBSTONE_CHUNK,
    );
    const missing = await restoreLive(
      env,
      tombstoned.filter((id) => !listed.has(id)),
    );
    // Gone from the archived list and from the live one: purged, or past HubSpot's 90 days.
    const at = new Date(env.now()).toISOString();
    await retag(
      env,
      missing.map((id) => ({ id, reason: 'purged' as const, deletedAt: at })),
    );
    if (tombstoned.length < TOMBSTONE_CHUNK) return;
    cursor = tombstoned.at(-1)!;
  }
}
