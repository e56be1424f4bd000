import type { z } from 'zod';
import { errorBodySchema } from './answer-schemas.js';
import { HubSpotApiError } from './errors.js';
import { readRetryAfter, type RateLimitHeaders } from './headers.js';
import type { WireResponse } from './transport.js';

type ErrorBody = z.output<typeof errorBodySchema>;

/** The members of an error body that have the documented type; a proxy's page gives none. */
function readErrorBody(text: string, status: number): ErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) || `HTTP ${status}` };
  }
  const read = errorBodySchema.safeParse(parsed);
  return read.success ? read.data : {};
}

/** HubSpot's error body (or whatever a proxy sent instead) as a HubSpotApiError. */
export function readApiError(
  answer: WireResponse,
  method: string,
  path: string,
  rate: RateLimitHeaders,
  now: number,
): HubSpotApiError {
  const body = readErrorBody(answer.text, answer.status);
  const { subCategory, correlationId, policyName } = body;
  const category = body.category ?? body.errorType;
  const retryAfterMs = readRetryAfter(answer.headers, now);
  return new HubSpotApiError({
    status: answer.status,
    method,
    path,
    message: body.message ?? `HTTP ${answer.status}`,
    ...(category !== undefined ? { category } : {}),
    ...(subCategory !== undefined ? { subCategory } : {}),
    ...(correlationId !== undefined ? { correlationId } : {}),
    ...(body.errors ? { errors: body.errors } : {}),
    ...(body.context ? { context: body.context } : {}),
    ...(policyName !== undefined ? { policyName } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(rate.remaining !== undefined ? { rateLimitRemaining: rate.remaining } : {}),
  });
}
