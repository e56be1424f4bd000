import {
  createPortal,
  type Portal,
  type PortalInit,
  type RecordView,
  type SearchRequest,
} from '../../../src/sandbox/portal/index.js';

export const START = Date.UTC(2026, 10, 15, 12, 0, 0);

/** A clock tests move by hand. */
export function fakeClock(start = START) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

export function makePortal(
  opts: PortalInit = {},
  clock = fakeClock(),
): { portal: Portal; clock: ReturnType<typeof fakeClock> } {
  const portal = createPortal({
    now: clock.now,
    ...opts,
    knobs: { tieOrder: 'id', ...opts.knobs },
  });
  return { portal, clock };
}

/** Every result of a search, paging with `after` until the end (or the 10,000 cap). */
export function searchAll(
  portal: Portal,
  type: string,
  req: SearchRequest,
): { ids: string[]; total: number; records: RecordView[] } {
  const records: RecordView[] = [];
  let after: string | undefined;
  let total = 0;
  do {
    const page = portal.search(type, {
      ...req,
      limit: req.limit ?? 200,
      ...(after ? { after } : {}),
    });
    total = page.total;
    records.push(...page.results);
    after = page.paging?.next.after;
  } while (after);
  return { ids: records.map((r) => r.id), total, records };
}

export function listAll(
  portal: Portal,
  type: string,
  opts: { archived?: boolean; properties?: string[] } = {},
): RecordView[] {
  const out: RecordView[] = [];
  let after: string | undefined;
  do {
    const page = portal.list(type, { limit: 100, ...opts, ...(after ? { after } : {}) });
    out.push(...page.results);
    after = page.paging?.next.after;
  } while (after);
  return out;
}

/** Runs `fn` and returns the PortalError it throws (fails the test if it does not). */
export function portalError(fn: () => unknown): {
  status: number;
  category: string;
  message: string;
} {
  try {
    fn();
  } catch (error) {
    return error as { status: number; category: string; message: string };
  }
  throw new Error('expected a PortalError');
}

export const ms = (iso: string | null | undefined): number => Date.parse(String(iso));
