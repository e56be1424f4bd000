/**
 * Backfills every selected object type, `concurrency` at a time. One object's failure is recorded
 * on it (`_objects.last_error`) and the others go on; the caller reports what did not finish.
 */
import { isDailyLimitError } from '../../hubspot/index.js';
import { isStoredDirection, type CatalogObject } from '../../schema/index.js';
import { setObjectState } from '../../store/index.js';
import { backfillObject, type BackfillDeps, type ObjectBackfillResult } from './backfill.js';
import { coerceError } from '../../config/index.js';

export interface BackfillFailure {
  object: string;
  error: Error;
}

export interface BackfillRunResult {
  results: ObjectBackfillResult[];
  failures: BackfillFailure[];
  /** Every object's records and associations are complete. */
  complete: boolean;
}

/** The partners whose associations `object` owns: those it sorts before. */
export const ownedPartners = (
  object: CatalogObject,
  all: readonly CatalogObject[],
): CatalogObject[] =>
  all.filter(
    (o) => o.objectType !== object.objectType && isStoredDirection(object.objectType, o.objectType),
  );

export async function backfillAll(
  deps: BackfillDeps & { onError?: (object: string, error: Error) => void },
  objects: readonly CatalogObject[],
  options: { restart?: boolean; concurrency: number },
): Promise<BackfillRunResult> {
  const results: ObjectBackfillResult[] = [];
  const failures: BackfillFailure[] = [];
  const queue = [...objects];
  let stopAll = false;
  const worker = async () => {
    for (let object = queue.shift(); object && !stopAll; object = queue.shift()) {
      try {
        results.push(await backfillObject(deps, object, ownedPartners(object, objects), options));
      } catch (cause) {
        const error = coerceError(cause);
        failures.push({ object: object.objectType, error });
        deps.onError?.(object.objectType, error);
        await setObjectState(deps.store, object.objectType, { lastError: error.message }).catch(
          () => {},
        );
        if (isDailyLimitError(error)) stopAll = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  const complete =
    failures.length === 0 && results.length === objects.length && results.every((r) => r.finished);
  return { results, failures, complete };
}
