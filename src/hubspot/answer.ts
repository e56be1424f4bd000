import { HubSpotApiError, type HubSpotErrorDetail } from './errors.js';
import { readRetryAfter, type RateLimitHeaders } from './headers.js';
import type { WireResponse } from './transport.js';

interface ErrorBody {
  message?: unknown;
  category?: unknown;
  subCategory?: unknown;
  correlationId?: unknown;
  errors?: unknown;
  context?: unknown;
  policyName?: unknown;
  errorType?: unknown;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** HubSpot's error body (or whatever a proxy sent instead) as a HubSpotApiError. */
export function readApiError(
  answer: WireResponse,
  method: string,
  path: string,
  rate: RateLimitHeaders,
  now: number,
): HubSpotApiError {
  let body: ErrorBody = {};
  try {
    const parsed: unknown = JSON.parse(answer.text);
    if (parsed && typeof parsed === 'object') body = parsed as ErrorBody;
  } catch {
    body = { message: answer.text.slice(0, 200) || `HTTP ${answer.status}` };
  }
  const category = text(body.category) ?? text(body.errorType);
  const subCategory = text(body.subCategory);
  const correlationId = text(body.correlationId);
  const policyName = text(body.policyName);
  const retryAfterMs = readRetryAfter(answer.headers, now);
  return new HubSpotApiError({
    status: answer.status,
    method,
    path,
    message: text(body.message) ?? `HTTP ${answer.status}`,
    ...(category !== undefined ? { category } : {}),
    ...(subCategory !== undefined ? { subCategory } : {}),
    ...(correlationId !== undefined ? { correlationId } : {}),
    ...(Array.isArray(body.errors) ? { errors: body.errors as HubSpotErrorDetail[] } : {}),
    ...(body.context && typeof body.context === 'object'
      ? { context: body.context as Record<string, unknown> }
      : {}),
    ...(policyName !== undefined ? { policyName } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(rate.remaining !== undefined ? { rateLimitRemaining: rate.remaining } : {}),
  });
}
