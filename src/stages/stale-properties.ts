/**
 * A poller page is fetched with the property list of its moment. If the schema stage adds a
 * property between that fetch and the page's write, the page carries no value for it, yet its
 * cursor would pass those records: their values would then arrive only if they changed again.
 * So the page's write checks, under the same DDL lock the schema change takes, that no live
 * property is missing from what was asked for; if one is, the write is rolled back and the page
 * is read again with the new list.
 */
import { readColumnMapping, type StoreContext } from '../store/index.js';

export class StalePropertiesError extends Error {
  readonly code = 'STAGE_STALE_PROPERTIES';

  constructor(
    readonly objectType: string,
    /** Every live property of the object now: the list to read the page again with. */
    readonly properties: string[],
    readonly missing: string[],
  ) {
    super(
      `${objectType}: ${missing.length} new propert${missing.length === 1 ? 'y' : 'ies'} (${missing.slice(0, 5).join(', ')}) appeared while a page was read`,
    );
    this.name = 'StalePropertiesError';
  }
}

/** The error itself, or as the cause of the StoreError the page's transaction wrapped it in. */
export function findStalePropertiesError(error: unknown): StalePropertiesError | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof StalePropertiesError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Live properties of `mapping` that `requested` lacks. Pure. */
export function missingProperties(
  mapping: ReadonlyArray<{ property: string; archived: boolean }>,
  requested: readonly string[],
): string[] {
  const asked = new Set(requested);
  return mapping.filter((m) => !m.archived && !asked.has(m.property)).map((m) => m.property);
}

/**
 * Call inside the page's transaction, after upsertRecords (which holds the DDL lock shared until
 * commit, so the mapping read here is the one the rows were written with).
 */
export async function assertPropertiesCurrent(
  tx: StoreContext,
  objectType: string,
  requested: readonly string[],
): Promise<void> {
  const mapping = await readColumnMapping(tx, objectType);
  const missing = missingProperties(mapping, requested);
  if (missing.length) {
    throw new StalePropertiesError(
      objectType,
      mapping.filter((m) => !m.archived).map((m) => m.property),
      missing,
    );
  }
}
