/**
 * A pass over one of HubSpot's id-ordered lists (the archived list, the live list), spread over
 * as many ticks as its page budget needs and resumable after a restart: its state is a cursor.
 * Pure: the delete sweeps keep it in `_cursors` and decide here when the next pass is due.
 */

export interface SweepPass {
  /** The list's paging cursor for the next page; null before the first page of a pass. */
  after: string | null;
  /** The highest id compared so far in this pass ('0' at its start). */
  lastId: string;
  /** Pages read in this pass so far. */
  pages: number;
  /** When the pass in progress started (ISO); null between passes. */
  startedAt: string | null;
  /** False once a page came back out of id order: range comparisons stop for this pass. */
  ordered: boolean;
  lastFinishedAt: string | null;
  /** Pages the last finished pass read: its cost, which spaces out the next one. */
  lastPages: number | null;
}

export const newPass = (): SweepPass => ({
  after: null,
  lastId: '0',
  pages: 0,
  startedAt: null,
  ordered: true,
  lastFinishedAt: null,
  lastPages: null,
});

/** A stored cursor value, or a new pass when it is absent or not a pass. */
export function passFrom(value: unknown): SweepPass {
  const fresh = newPass();
  if (!value || typeof value !== 'object') return fresh;
  const v = value as Partial<SweepPass>;
  return {
    after: typeof v.after === 'string' ? v.after : null,
    lastId: typeof v.lastId === 'string' && /^\d+$/.test(v.lastId) ? v.lastId : '0',
    pages: typeof v.pages === 'number' ? v.pages : 0,
    startedAt: typeof v.startedAt === 'string' ? v.startedAt : null,
    ordered: v.ordered !== false,
    lastFinishedAt: typeof v.lastFinishedAt === 'string' ? v.lastFinishedAt : null,
    lastPages: typeof v.lastPages === 'number' ? v.lastPages : null,
  };
}

export const passInProgress = (pass: SweepPass): boolean => pass.startedAt !== null;

/** A pass in progress always goes on; a new one starts `gapMs` after the last one finished. */
export function passIsDue(pass: SweepPass, now: number, gapMs: number): boolean {
  if (passInProgress(pass) || pass.lastFinishedAt === null) return true;
  return now - Date.parse(pass.lastFinishedAt) >= gapMs;
}

export function startPass(pass: SweepPass, now: number): SweepPass {
  if (passInProgress(pass)) return pass;
  return { ...pass, after: null, lastId: '0', pages: 0, ordered: true, startedAt: iso(now) };
}

/** One page read: the next paging cursor (null at the end) and the highest id it covered. */
export function advancePass(
  pass: SweepPass,
  page: { after: string | null; lastId: string | null; ordered: boolean },
): SweepPass {
  return {
    ...pass,
    after: page.after,
    lastId: page.lastId ?? pass.lastId,
    pages: pass.pages + 1,
    ordered: pass.ordered && page.ordered,
  };
}

export function finishPass(pass: SweepPass, now: number): SweepPass {
  return { ...newPass(), lastFinishedAt: iso(now), lastPages: pass.pages };
}

export interface PassSpacing {
  /** Average time allowed per page of the last pass: the pass's API cost sets its period. */
  perPageMs: number;
  minGapMs: number;
  maxGapMs: number;
}

/**
 * The wait between two passes of a list: `perPageMs` per page the last pass read, within
 * [minGapMs, maxGapMs]. A portal ten times bigger is swept ten times less often, so the calls a
 * day the sweep costs stay flat until the ceiling.
 */
export function passGapMs(lastPages: number | null, spacing: PassSpacing): number {
  const wanted = (lastPages ?? 0) * spacing.perPageMs;
  return Math.min(spacing.maxGapMs, Math.max(spacing.minGapMs, wanted));
}

const iso = (ms: number): string => new Date(ms).toISOString();
