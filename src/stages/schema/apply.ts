/**
 * Applying a DDL plan to a live mirror: the plan, and the refetch of every property it added to a
 * table that already had rows, in one transaction, so a crash cannot leave a new column whose
 * values nobody fetches. Every path that applies a plan to a mirror with rows (the schema stage,
 * and the daemon's or CLI's introspection) should come through here rather than applyDdlPlan.
 */
import type { DdlPlan } from '../../schema/index.js';
import {
  applyDdlPlan,
  readCursor,
  saveCursor,
  withTransaction,
  type ApplyResult,
  type StoreContext,
} from '../../store/index.js';
import {
  enqueueRefetch,
  isRefetchCursor,
  propertiesToRefetch,
  REFETCH_STAGE,
} from './refetch-plan.js';

export async function applySchemaChanges(store: StoreContext, plan: DdlPlan): Promise<ApplyResult> {
  if (!plan.steps.length) return { steps: [], replanned: false };
  return withTransaction(store, async (tx) => {
    const applied = await applyDdlPlan(tx, plan);
    for (const [table, properties] of propertiesToRefetch(applied.steps)) {
      const saved = await readCursor(tx, table, REFETCH_STAGE);
      const queued = enqueueRefetch(isRefetchCursor(saved) ? saved : undefined, properties);
      await saveCursor(tx, table, REFETCH_STAGE, queued);
    }
    return applied;
  });
}
