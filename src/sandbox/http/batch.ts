import type { HubSpotErrorBody } from './errors.js';

export type BatchError = Pick<
  HubSpotErrorBody,
  'status' | 'category' | 'message' | 'subCategory' | 'context'
> & {
  status: 'error';
};

/** A batch answer: 200 (or `okStatus`) when clean, 207 with `numErrors`/`errors` otherwise. */
export function buildBatchResponse<T>(
  results: T[],
  errors: BatchError[],
  startedAt: string,
  okStatus = 200,
): { status: number; body: Record<string, unknown> } {
  const body: Record<string, unknown> = {
    status: 'COMPLETE',
    results,
    startedAt,
    completedAt: new Date().toISOString(),
  };
  if (errors.length === 0) return { status: okStatus, body };
  return { status: 207, body: { ...body, numErrors: errors.length, errors } };
}

export function buildIdsError(category: string, message: string, ids: string[]): BatchError {
  return { status: 'error', category, message, context: { ids } };
}

export function describePartialFault(category: string, ids: string[]): BatchError {
  const message =
    category === 'RATE_LIMIT'
      ? 'Some inputs were not processed because of a secondary rate limit; retry them.'
      : 'Some inputs could not be processed because of an internal error; retry them.';
  return buildIdsError(category, message, ids);
}
