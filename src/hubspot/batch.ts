import { HubSpotBatchError, HubSpotCategory } from './errors.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import type { BatchFailure } from './types.js';

/**
 * Re-reads of a 207's failed inputs. The request itself succeeded and each round only carries
 * what failed, so rounds are cheap: shorter waits and more of them than a failed request gets.
 */
export const BATCH_ROUND_POLICY: RetryPolicy = {
  ...DEFAULT_RETRY_POLICY,
  maxAttempts: 12,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
};

/** HubSpot's "this id has no associations" is reported as an error; it is an empty answer. */
const NO_ASSOCIATIONS = /NO_ASSOCIATIONS_FOUND/i;

// Contexts also name object types (`fromObjectType: ["contact"]`); record ids are numeric.
function collectIds(value: unknown, into: Set<string>): void {
  if ((typeof value === 'string' || typeof value === 'number') && /^\d+$/.test(String(value)))
    into.add(String(value));
  else if (Array.isArray(value)) for (const item of value) collectIds(item, into);
}

/** The `errors[]` of a 207 (or batch) body, each with the input ids its context names. */
export function parseBatchErrors(body: unknown): BatchFailure[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((raw: unknown) => {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const ids = new Set<string>();
    const context = entry.context;
    if (context && typeof context === 'object') {
      for (const value of Object.values(context as Record<string, unknown>)) collectIds(value, ids);
    }
    const failure: BatchFailure = {
      status: typeof entry.status === 'string' ? entry.status : 'error',
      category: typeof entry.category === 'string' ? entry.category : 'UNKNOWN',
      message: typeof entry.message === 'string' ? entry.message : '',
      ids: [...ids],
    };
    if (typeof entry.subCategory === 'string') failure.subCategory = entry.subCategory;
    return failure;
  });
}

export interface BatchRound<R> {
  results: R[];
  errors: BatchFailure[];
}

export interface RetryFailedInputsOptions<I, R> {
  inputs: I[];
  idOf: (input: I) => string;
  resultId: (result: R) => string;
  read: (inputs: I[]) => Promise<BatchRound<R>>;
  /** For messages. */
  path: string;
  maxRounds?: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  signal?: AbortSignal;
}

export interface RetryFailedInputsResult<R> {
  results: R[];
  /** Reported OBJECT_NOT_FOUND. */
  missing: string[];
  /** Reported as having no associations (association reads only). */
  empty: string[];
}

/**
 * Reads a batch, then re-reads only the inputs a 207 reported failed (or silently left out),
 * until each has succeeded or was reported OBJECT_NOT_FOUND. Inputs still failing after
 * `maxRounds` rounds throw a HubSpotBatchError naming them.
 */
export async function retryFailedInputs<I, R>(
  options: RetryFailedInputsOptions<I, R>,
): Promise<RetryFailedInputsResult<R>> {
  const maxRounds = options.maxRounds ?? BATCH_ROUND_POLICY.maxAttempts;
  const results: R[] = [];
  const missing = new Set<string>();
  const empty = new Set<string>();
  let pending = options.inputs;
  let lastFailures: BatchFailure[] = [];
  for (let round = 1; pending.length > 0; round += 1) {
    if (round > maxRounds) {
      throw new HubSpotBatchError(options.path, pending.map(options.idOf), lastFailures);
    }
    if (round > 1) {
      const rateLimited = lastFailures.some((failure) => failure.category === 'RATE_LIMIT');
      const delay = backoffDelay(round - 1, BATCH_ROUND_POLICY, options.random);
      await options.sleep(rateLimited ? Math.max(1_000, delay) : delay, options.signal);
    }
    const { results: got, errors } = await options.read(pending);
    const answered = new Set<string>();
    for (const result of got) {
      answered.add(options.resultId(result));
      results.push(result);
    }
    for (const failure of errors) {
      for (const id of failure.ids) {
        if (answered.has(id)) continue;
        if (failure.category === HubSpotCategory.OBJECT_NOT_FOUND) missing.add(id);
        else if (NO_ASSOCIATIONS.test(failure.subCategory ?? '')) empty.add(id);
      }
    }
    lastFailures = errors.filter(
      (failure) =>
        failure.category !== HubSpotCategory.OBJECT_NOT_FOUND &&
        !NO_ASSOCIATIONS.test(failure.subCategory ?? ''),
    );
    pending = pending.filter((input) => {
      const id = options.idOf(input);
      return !answered.has(id) && !missing.has(id) && !empty.has(id);
    });
  }
  return { results, missing: [...missing], empty: [...empty] };
}

/** Splits `items` into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) {
    chunks.push(items.slice(index, index + size));
  }
  return chunks;
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the input order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const output: R[] = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      output[index] = await work(items[index] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return output;
}
