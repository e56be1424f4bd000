/**
 * The one driver of a keyset date walk against HubSpot search, shared by the backfill slices
 * (create date) and both pollers (last-modified date): it starts from the stage's saved cursor,
 * walks pages (date-walk.ts) read through one search adapter, and when a page's write finds its
 * property list stale, walks again from the committed cursor with the object's new list.
 * What is the caller's own stays with the caller: how a page is written (notify or not, flagged
 * records, the cursor it stores), progress, and where a walk with no cursor starts.
 */
import {
  searchObjects,
  type HubSpotClient,
  type HubSpotRecord,
  type Priority,
} from '../../hubspot/index.js';
import type { CatalogObject } from '../../schema/index.js';
import { findStalePropertiesError, type StoreContext } from '../../store/index.js';
import type { StageContext } from '../stage.js';
import { apiTypeOf, propertiesToRead } from '../catalog-object.js';
import { boundSearchBody, type SearchBody, type WalkCursor } from './cursor.js';
import { walkDates, type SearchPage } from './date-walk.js';
import { readWalkCursor } from './saved-cursor.js';

/**
 * How often one walk reads again with a new property list before it gives up. Each refresh
 * follows a property added while a page was read; a backfill running for hours may meet several.
 */
export const MAX_PROPERTY_REFRESHES = 5;

export interface SearchPageOptions {
  dateProperty: string;
  /** Only records dated before this (exclusive); undefined: no bound. */
  before?: number | undefined;
  priority: Priority;
  signal?: AbortSignal | undefined;
}

/** Reads one walk page: the walk's search body, bounded, through `searchObjects`. */
export function searchPages(
  client: HubSpotClient,
  object: CatalogObject,
  options: SearchPageOptions,
): (body: SearchBody) => Promise<SearchPage<HubSpotRecord>> {
  const { dateProperty, before, priority, signal } = options;
  const apiType = apiTypeOf(object);
  return async (body) => {
    const bounded = before === undefined ? body : boundSearchBody(body, dateProperty, before);
    const page = await searchObjects(client, apiType, bounded, {
      priority,
      ...(signal ? { signal } : {}),
    });
    return { total: page.total, results: page.results, hasMore: page.paging?.next !== undefined };
  };
}

/** A page to store: its records and `cursor` in one transaction, with `readWith` as the list. */
export interface WalkedPage {
  records: HubSpotRecord[];
  cursor: WalkCursor;
  exhausted: boolean;
  /** The property list the records were read with (upsertRecords' `readWith`). */
  readWith: string[];
}

export interface SearchWalk extends SearchPageOptions {
  store: StoreContext;
  client: HubSpotClient;
  object: CatalogObject;
  /** The `_cursors` stage name. */
  stage: string;
  /** Where to start when the stage has no cursor (or one that is not a walk cursor). */
  initial: WalkCursor;
  /** Told once per refresh; a walk without one refreshes silently. */
  logger?: Pick<StageContext['logger'], 'info'> | undefined;
  /**
   * When the signal stops the walk mid-page: true returns what was committed (a stopping poller
   * tick is not a failure); false throws what stopped it.
   */
  returnWhenAborted?: boolean;
  writePage(page: WalkedPage): Promise<void>;
  onPage?(info: { stored: number; remaining: number; cursor: WalkCursor }): void;
}

export interface SearchWalkResult {
  /** Pages written, over every attempt. */
  pages: number;
  records: number;
  /** Walks started again because a property appeared while a page was read. */
  propertyRefreshes: number;
  /** The walk reached the end of what search shows now (false when aborted). */
  finished: boolean;
}

/** Walks from the stage's cursor to the end of what search shows now (or `before`). */
export async function walkSearch(walk: SearchWalk): Promise<SearchWalkResult> {
  const { store, object, stage, signal } = walk;
  const table = object.objectType;
  const search = searchPages(walk.client, object, walk);
  const result: SearchWalkResult = { pages: 0, records: 0, propertyRefreshes: 0, finished: false };
  let properties = propertiesToRead(object);
  for (;;) {
    const cursor = await readWalkCursor(store, table, stage, walk.initial);
    const readWith = properties;
    try {
      const walked = await walkDates(walk.dateProperty, readWith, cursor, {
        search,
        writePage: async (records, next, exhausted) => {
          await walk.writePage({ records, cursor: next, exhausted, readWith });
          result.pages += 1;
          result.records += records.length;
        },
        ...(walk.onPage ? { onPage: walk.onPage } : {}),
        ...(signal ? { signal } : {}),
      });
      result.finished = walked.finished;
      return result;
    } catch (error) {
      // Stopping: what was committed stays committed, and the cursor says where it was.
      if (walk.returnWhenAborted && signal?.aborted) return result;
      const stale = findStalePropertiesError(error);
      if (!stale || result.propertyRefreshes >= MAX_PROPERTY_REFRESHES) throw error;
      walk.logger?.info(
        { stage, object: table, added: stale.missing },
        'properties changed while a page was read; reading it again',
      );
      properties = stale.properties;
      result.propertyRefreshes += 1;
    }
  }
}
