/**
 * `verify`: compares the mirror with the portal by id and updatedAt, and with `repair` fixes what
 * differs. HubSpot's list endpoint gives every live id with its updatedAt (100 per call); the
 * mirror is read in id pages, so only the portal's side is held in memory.
 */
import {
  batchReadObjects,
  BATCH_READ_MAX,
  listObjectsPage,
  type HubSpotClient,
} from '../../hubspot/index.js';
import type { CatalogObject } from '../../schema/index.js';
import {
  deleteRecords,
  readUpdatedAtAfter,
  restoreTombstone,
  upsertRecords,
  withTransaction,
  type StoreContext,
} from '../../store/index.js';
import { apiTypeOf, propertiesToRead } from '../catalog-object.js';
import { dateTimeMs } from '../../values/date-time.js';

const SAMPLES = 10;
const MIRROR_PAGE = 5_000;

export interface VerifyReport {
  object: string;
  portal: number;
  mirror: number;
  /** Live in the portal, absent from the mirror. */
  missing: number;
  /** In the mirror, not live in the portal. */
  extra: number;
  /** In both, with a different updatedAt. */
  differs: number;
  samples: { missing: string[]; extra: string[]; differs: string[] };
  repaired?: { written: number; deleted: number };
}

export const hasDrift = (r: VerifyReport): boolean => r.missing + r.extra + r.differs > 0;

export async function verifyObject(
  deps: { store: StoreContext; client: HubSpotClient; signal?: AbortSignal },
  object: CatalogObject,
  options: { repair: boolean },
): Promise<VerifyReport> {
  const call = { priority: 'sweep' as const, ...(deps.signal ? { signal: deps.signal } : {}) };
  const portal = new Map<string, number>();
  let after: string | undefined;
  do {
    const page = await listObjectsPage(deps.client, apiTypeOf(object), {
      ...call,
      limit: 100,
      properties: [object.modifiedProperty],
      ...(after ? { after } : {}),
    });
    for (const r of page.results) portal.set(r.id, dateTimeMs(r.updatedAt));
    after = page.paging?.next?.after;
  } while (after && !deps.signal?.aborted);

  const missing = new Set(portal.keys());
  const extra: string[] = [];
  const differs: string[] = [];
  let mirror = 0;
  for (let afterId = '0'; ;) {
    const rows = await readUpdatedAtAfter(deps.store, object.objectType, afterId, MIRROR_PAGE);
    if (!rows.length) break;
    mirror += rows.length;
    for (const row of rows) {
      const updatedAt = portal.get(row.id);
      if (updatedAt === undefined) extra.push(row.id);
      else if (updatedAt !== row.updatedAtMs) differs.push(row.id);
      missing.delete(row.id);
    }
    afterId = rows[rows.length - 1]!.id;
  }
  const report: VerifyReport = {
    object: object.objectType,
    portal: portal.size,
    mirror,
    missing: missing.size,
    extra: extra.length,
    differs: differs.length,
    samples: {
      missing: [...missing].slice(0, SAMPLES),
      extra: extra.slice(0, SAMPLES),
      differs: differs.slice(0, SAMPLES),
    },
  };
  if (options.repair && hasDrift(report)) {
    report.repaired = await repair(deps, object, [...missing, ...differs, ...extra], call);
  }
  return report;
}

/** Re-reads every drifting id: live ones are written, the ones HubSpot does not have deleted. */
async function repair(
  deps: { store: StoreContext; client: HubSpotClient },
  object: CatalogObject,
  ids: string[],
  call: { priority: 'sweep'; signal?: AbortSignal },
): Promise<{ written: number; deleted: number }> {
  let written = 0;
  let deleted = 0;
  for (let i = 0; i < ids.length; i += BATCH_READ_MAX) {
    const chunk = ids.slice(i, i + BATCH_READ_MAX);
    const read = await batchReadObjects(
      deps.client,
      apiTypeOf(object),
      chunk,
      propertiesToRead(object),
      call,
    );
    // A live record may still carry a tombstone (a restore the sweeps have not seen yet), and a
    // tombstone blocks older copies: lift it with the write.
    const summary = await withTransaction(deps.store, async (tx) => {
      await restoreTombstone(
        tx,
        object.objectType,
        read.results.map((r) => r.id),
      );
      return upsertRecords(tx, object.objectType, read.results, { notify: true });
    });
    written += summary.inserted + summary.updated;
    if (read.missing.length) {
      const gone = await deleteRecords(
        deps.store,
        object.objectType,
        read.missing.map((id) => ({
          id,
          reason: 'purged' as const,
          deletedAt: new Date().toISOString(),
        })),
        { notify: true },
      );
      deleted += gone.deleted;
    }
  }
  return { written, deleted };
}
