/**
 * Restores: tombstoned records that HubSpot answers again. A restore does not change a record's
 * updatedAt, so no poller sees it; the sweeps find candidates and this brings them back (tombstone
 * lifted and row written in one transaction, which also stamps the restore marker).
 */
import { batchReadObjects } from '../../hubspot/index.js';
import { restoreTombstone, upsertRecords, withTransaction } from '../../store/index.js';
import { sweepCall, type SweepEnv } from './env.js';
import { markRestores } from '../restore-marker.js';
import { propertiesToRead } from '../catalog-object.js';

/** Reads `ids` and restores those that are live; returns the ids HubSpot does not have. */
export async function restoreLive(env: SweepEnv, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const table = env.object.objectType;
  const { results, missing } = await batchReadObjects(
    env.client,
    env.apiType,
    [...ids],
    propertiesToRead(env.object),
    sweepCall(env),
  );
  if (results.length) {
    env.figures.restored += await withTransaction(env.store, async (tx) => {
      const lifted = await restoreTombstone(
        tx,
        table,
        results.map((r) => String(r.id)),
      );
      await upsertRecords(tx, table, results, { notify: true });
      await markRestores(tx, table, lifted, env.now());
      return lifted;
    });
  }
  return missing;
}
