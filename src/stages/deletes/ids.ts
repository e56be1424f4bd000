/**
 * The id mark-and-sweep: HubSpot's live list (id order) compared, page by page, with the same
 * id range in Postgres — never more than a page of HubSpot's ids and a chunk of ours in memory.
 * A stored id the list lacks is a candidate, confirmed gone by a batch read (so a list that lags
 * or skips can never delete a live record): `merged` when a stored survivor lists it, else
 * `purged`. A listed id with a tombstone was restored. This is how GDPR deletes and merged-away
 * records are found, and every delete of a type without an archived list.
 */
import { batchReadObjects, LIST_PAGE_MAX, listObjectsPage } from '../../hubspot/index.js';
import {
  readCursor,
  readIdsInRange,
  readSurvivors,
  readTombstoneReasons,
  saveCursor,
} from '../../store/index.js';
import { removeRecords, sweepCall, type SweepEnv } from './env.js';
import { mergedIdsColumn } from './merges.js';
import { restoreLive } from './restore.js';
import { canonicalIdText, compareIds, diffSortedIds, isAscending } from '../ids.js';
import {
  advancePass,
  finishPass,
  passFrom,
  passInProgress,
  passIsDue,
  startPass,
  type SweepPass,
} from './sweep-pass.js';

export const IDS_CURSOR = 'deletes:ids';
const STORED_CHUNK = 1_000;

export interface IdSweepOptions {
  pagesPerTick: number;
  /**
   * False while the archived sweep is mid-pass: a new id pass would find records archived but
   * not yet swept and call them purged (the archived sweep corrects the tombstone later, but
   * the figures would have said purged). A pass in progress goes on regardless.
   */
  mayStart: boolean;
  /** The wait after a finished pass, from the pages it read. */
  gapMs(lastPages: number | null): number;
  /** False for types without an archived list: everything gone is purged. */
  archivedList: boolean;
}

export async function sweepIds(env: SweepEnv, options: IdSweepOptions): Promise<void> {
  const table = env.object.objectType;
  let pass = passFrom(await readCursor(env.store, table, IDS_CURSOR));
  const due = passIsDue(pass, env.now(), options.gapMs(pass.lastPages));
  if (!due || (!passInProgress(pass) && !options.mayStart)) {
    env.figures.idPass = 'idle';
    return;
  }
  pass = startPass(pass, env.now());
  const save = (state: SweepPass) => saveCursor(env.store, table, IDS_CURSOR, state);
  env.figures.idPass = 'partial';
  for (let pages = 0; pages < options.pagesPerTick && !env.signal.aborted; pages++) {
    const page = await listObjectsPage(env.client, env.apiType, {
      limit: LIST_PAGE_MAX,
      properties: ['hs_object_id'],
      ...(pass.after !== null ? { after: pass.after } : {}),
      ...sweepCall(env),
    });
    env.figures.idPages++;
    const live = page.results.map((r) => canonicalIdText(r.id));
    if (!isAscending(live, pass.lastId)) {
      // Comparing ranges needs id order; without it nothing here can be trusted.
      env.logger.warn({ object: table }, 'live list out of id order: id sweep abandoned');
      await save(finishPass(pass, env.now()));
      env.figures.idPass = 'unordered';
      return;
    }
    const next = page.paging?.next?.after ?? null;
    const upTo = next === null ? null : (live.at(-1) ?? pass.lastId);
    await compareRange(env, pass.lastId, upTo, live, options.archivedList);
    pass = advancePass(pass, { after: next, lastId: upTo, ordered: true });
    if (next === null) {
      await save(finishPass(pass, env.now()));
      env.figures.idPass = 'complete';
      return;
    }
    await save(pass);
  }
}

/** Stored ids in (after, upTo] against `live` (ascending, all inside that range). */
async function compareRange(
  env: SweepEnv,
  after: string,
  upTo: string | null,
  live: readonly string[],
  archivedList: boolean,
): Promise<void> {
  const table = env.object.objectType;
  let cursor = after;
  let rest = live;
  for (;;) {
    const stored = await readIdsInRange(env.store, table, cursor, upTo, STORED_CHUNK);
    // A full chunk covers ids up to its last one; a short one reaches the end of the range.
    const end = stored.length === STORED_CHUNK ? stored.at(-1)! : upTo;
    const inSpan = end === null ? rest.length : countUpTo(rest, end);
    const { onlyA: gone, onlyB: unknown } = diffSortedIds(stored, rest.slice(0, inSpan));
    rest = rest.slice(inSpan);
    await removeGone(env, gone, archivedList);
    await restoreTombstoned(env, unknown);
    if (end === upTo || stored.length < STORED_CHUNK) return;
    cursor = end!;
  }
}

function countUpTo(ids: readonly string[], end: string): number {
  let n = 0;
  while (n < ids.length && compareIds(ids[n]!, end) <= 0) n++;
  return n;
}

async function removeGone(
  env: SweepEnv,
  candidates: readonly string[],
  archivedList: boolean,
): Promise<void> {
  if (!candidates.length) return;
  const { missing } = await batchReadObjects(
    env.client,
    env.apiType,
    [...candidates],
    ['hs_object_id'],
    sweepCall(env),
  );
  if (!missing.length) return;
  const column = mergedIdsColumn(env.object);
  const survivors = column
    ? await readSurvivors(env.store, env.object.objectType, column, missing)
    : new Map<string, { survivorId: string; mergedAt: Date }>();
  const unexplained = missing.filter((id) => !survivors.has(canonicalIdText(id)));
  // A record archived after this tick's archived sweep went past its id is missing here too.
  // Called purged, a quick restore would wait for the next id pass (an hour or more); tagged
  // archived, the next archived sweep sees it come back.
  const archivedAt = archivedList
    ? await readArchivedAt(env, unexplained)
    : new Map<string, string>();
  const at = new Date(env.now()).toISOString();
  await removeRecords(
    env,
    missing.map((id) => {
      const survivor = survivors.get(canonicalIdText(id));
      if (survivor) {
        return {
          id,
          reason: 'merged' as const,
          mergedInto: survivor.survivorId,
          deletedAt: survivor.mergedAt,
        };
      }
      const archived = archivedAt.get(canonicalIdText(id));
      return archived
        ? { id, reason: 'archived' as const, deletedAt: archived }
        : { id, reason: 'purged' as const, deletedAt: at };
    }),
  );
}

/** When each of `ids` was archived, for those HubSpot lists among the archived. */
async function readArchivedAt(env: SweepEnv, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const { results } = await batchReadObjects(env.client, env.apiType, [...ids], ['hs_object_id'], {
    ...sweepCall(env),
    archived: true,
  });
  const at = new Date(env.now()).toISOString();
  return new Map(results.map((r) => [canonicalIdText(r.id), r.archivedAt ?? at]));
}

/** Listed ids the mirror lacks: those with a tombstone were restored; the rest are new (pollers). */
async function restoreTombstoned(env: SweepEnv, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const reasons = await readTombstoneReasons(env.store, env.object.objectType, ids);
  await restoreLive(env, [...reasons.keys()]);
}
