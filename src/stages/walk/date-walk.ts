import { advanceWalk, searchBodyFor, type SearchBody, type WalkCursor } from './cursor.js';

/** One search answer as the walk needs it: `hasMore` is whether it carried `paging.next`. */
export interface SearchPage<R> {
  total: number;
  results: R[];
  hasMore: boolean;
}

export interface DateWalkDeps<R> {
  search(body: SearchBody): Promise<SearchPage<R>>;
  /** Stores the records and the cursor in one transaction. */
  writePage(records: R[], cursor: WalkCursor, exhausted: boolean): Promise<void>;
  onPage?(info: { stored: number; remaining: number; cursor: WalkCursor }): void;
  signal?: AbortSignal;
}

/**
 * Walks one object by a date property (create date for the backfill, last-modified for the
 * pollers) from `cursor` to the end, storing each page with its cursor. Returns whether it
 * reached the end (false when the signal stopped it).
 * The next page is fetched while the current one is written, so HubSpot and Postgres work at
 * the same time; a crash between the two loses nothing because the cursor moves with the rows.
 */
export async function walkDates<
  R extends { id: string; properties: Record<string, string | null> },
>(
  dateProperty: string,
  properties: string[],
  cursor: WalkCursor,
  deps: DateWalkDeps<R>,
): Promise<{ finished: boolean }> {
  let current = cursor;
  const fetchPage = (c: WalkCursor) => {
    const pending = deps.search(searchBodyFor(c, dateProperty, properties));
    pending.catch(() => {}); // awaited below; avoid an unhandled rejection while we write
    return pending;
  };
  let pending = fetchPage(current);
  while (true) {
    const page = await pending;
    const step = advanceWalk(current, page, dateProperty);
    const stop = step.exhausted || deps.signal?.aborted === true;
    if (!stop) pending = fetchPage(step.cursor);
    await deps.writePage(step.complete, step.cursor, step.exhausted);
    current = step.cursor;
    deps.onPage?.({
      stored: step.complete.length,
      remaining: Math.max(0, page.total - step.complete.length),
      cursor: current,
    });
    if (stop) return { finished: step.exhausted };
  }
}
