/**
 * A page is read from HubSpot with the property list of its moment. If the schema stage adds a
 * property between that read and the page's write, the page carries no value for it, yet its
 * cursor would pass those records: their values would then arrive only if they changed again.
 * So a write told the list its records were read with (`UpsertOptions.readWith`) compares it,
 * under the DDL lock the schema change takes, with the live mapping; if a property is missing,
 * nothing is written and the caller reads the page again with the new list.
 */
export class StalePropertiesError extends Error {
  readonly code = 'STORE_STALE_PROPERTIES';

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

/** Live properties of `mapping` that `requested` lacks. Pure. */
export function missingProperties(
  mapping: ReadonlyArray<{ property: string; archived: boolean }>,
  requested: readonly string[],
): string[] {
  const asked = new Set(requested);
  return mapping.filter((m) => !m.archived && !asked.has(m.property)).map((m) => m.property);
}

/** The error itself, or as the cause of an error a transaction wrapped it in. */
export function findStalePropertiesError(error: unknown): StalePropertiesError | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof StalePropertiesError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function assertReadWithCurrent(
  objectType: string,
  mapping: ReadonlyArray<{ property: string; archived: boolean }>,
  readWith: readonly string[],
): void {
  const missing = missingProperties(mapping, readWith);
  if (missing.length) {
    throw new StalePropertiesError(
      objectType,
      mapping.filter((m) => !m.archived).map((m) => m.property),
      missing,
    );
  }
}
