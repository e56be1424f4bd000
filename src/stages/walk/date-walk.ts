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

export interface DateWalkResult {
  pages: number;
  records: number;
  finished: boolean;
}

/**
 * Walks one object by a date property (create date for the backfill, last-modified for the
 * pollers) from `cursor` to the end, storing each page with its cursor.
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
): Promise<DateWalkResult> {
  let current = cursor;
  const fetchPage = (c: WalkCursor) => {
    const pending = deps.search(searchBodyFor(c, dateProperty, properties));
    pending.catch(() => {}); // awaited below; avoid an unhandled rejection while we write
    return pending;
  };
  let pending = fetchPage(current);
  let pages = 0;
  let records = 0;
  while (true) {
    const page = await pending;
    const step = advanceWalk(current, page, dateProperty);
    const stop = step.exhausted || deps.signal?.aborted === true;
    if (!stop) pending = fetchPage(step.cursor);
    await deps.writePage(step.complete, step.cursor, step.exhausted);
    pages++;
    records += step.complete.length;
    current = step.cursor;
    deps.onPage?.({
      stored: step.complete.length,
      remaining: Math.max(0, page.total - step.complete.length),
      cursor: current,
    });
    if (stop) return { pages, records, finished: step.exhausted };
  }
}
