/** Stable codes of the HubSpot layer's errors, for logs, status output and `switch`. */
export const HubSpotErrorCode = {
  API: 'HUBSPOT_API',
  DAILY_LIMIT: 'HUBSPOT_DAILY_LIMIT',
  NETWORK: 'HUBSPOT_NETWORK',
  TIMEOUT: 'HUBSPOT_TIMEOUT',
  AUTH: 'HUBSPOT_AUTH',
  BATCH: 'HUBSPOT_BATCH',
  BAD_RESPONSE: 'HUBSPOT_BAD_RESPONSE',
  URL_TOO_LONG: 'HUBSPOT_URL_TOO_LONG',
} as const;
export type HubSpotErrorCode = (typeof HubSpotErrorCode)[keyof typeof HubSpotErrorCode];

/** HubSpot `category` values the replicator acts on. */
export const HubSpotCategory = {
  OBJECT_NOT_FOUND: 'OBJECT_NOT_FOUND',
  VALIDATION_ERROR: 'VALIDATION_ERROR',
  RATE_LIMITS: 'RATE_LIMITS',
  EXPIRED_AUTHENTICATION: 'EXPIRED_AUTHENTICATION',
  INVALID_AUTHENTICATION: 'INVALID_AUTHENTICATION',
  MISSING_SCOPES: 'MISSING_SCOPES',
} as const;

/** `policyName` of a 429 body. */
export const RatePolicy = {
  TEN_SECONDLY_ROLLING: 'TEN_SECONDLY_ROLLING',
  SECONDLY: 'SECONDLY',
  DAILY: 'DAILY',
} as const;
export type RatePolicy = (typeof RatePolicy)[keyof typeof RatePolicy];

export class HubSpotError extends Error {
  readonly code: HubSpotErrorCode;

  constructor(code: HubSpotErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubSpotError';
    this.code = code;
  }
}

export interface HubSpotErrorDetail {
  message: string;
  code?: string;
  context?: Record<string, unknown>;
}

export interface HubSpotApiErrorInit {
  status: number;
  method: string;
  path: string;
  message: string;
  category?: string;
  subCategory?: string;
  correlationId?: string;
  errors?: HubSpotErrorDetail[];
  context?: Record<string, unknown>;
  policyName?: string;
  /** From a Retry-After header, in ms. */
  retryAfterMs?: number;
  /** X-HubSpot-RateLimit-Remaining of this response, when sent. */
  rateLimitRemaining?: number;
}

/** A non-2xx answer from HubSpot, with what its error body said. */
export class HubSpotApiError extends HubSpotError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly category?: string;
  readonly subCategory?: string;
  readonly correlationId?: string;
  readonly errors?: HubSpotErrorDetail[];
  readonly context?: Record<string, unknown>;
  readonly policyName?: string;
  readonly retryAfterMs?: number;
  readonly rateLimitRemaining?: number;

  constructor(init: HubSpotApiErrorInit, options?: { cause?: unknown }) {
    const label = init.category ? `${init.status} ${init.category}` : String(init.status);
    const correlation = init.correlationId ? ` (correlationId ${init.correlationId})` : '';
    super(
      HubSpotErrorCode.API,
      `HubSpot ${init.method} ${init.path} failed: ${label}: ${init.message}${correlation}`,
      options,
    );
    this.name = 'HubSpotApiError';
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    if (init.category !== undefined) this.category = init.category;
    if (init.subCategory !== undefined) this.subCategory = init.subCategory;
    if (init.correlationId !== undefined) this.correlationId = init.correlationId;
    if (init.errors !== undefined) this.errors = init.errors;
    if (init.context !== undefined) this.context = init.context;
    if (init.policyName !== undefined) this.policyName = init.policyName;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.rateLimitRemaining !== undefined) this.rateLimitRemaining = init.rateLimitRemaining;
  }
}

/**
 * The daily quota is spent: either this process's `--budget-share` of it (`share`) or the
 * portal's whole quota (`portal`, a 429 DAILY). Not retried; calls fail fast until the reset.
 */
export class DailyLimitError extends HubSpotError {
  readonly reason: 'share' | 'portal';
  readonly used: number;
  readonly allowed: number | null;

  constructor(
    reason: 'share' | 'portal',
    used: number,
    allowed: number | null,
    options?: { cause?: unknown },
  ) {
    const message =
      reason === 'share'
        ? `this process's share of the portal's daily API quota is spent (${used} of ${allowed} calls; raise --budget-share or wait for the daily reset)`
        : `the portal's daily API quota is spent (HubSpot answered 429 DAILY); calls resume after the daily reset`;
    super(HubSpotErrorCode.DAILY_LIMIT, message, options);
    this.name = 'DailyLimitError';
    this.reason = reason;
    this.used = used;
    this.allowed = allowed;
  }
}

/** The connection failed: reset, refused, dropped, or the fetch itself failed. */
export class HubSpotNetworkError extends HubSpotError {
  readonly method: string;
  readonly path: string;

  constructor(
    method: string,
    path: string,
    detail: string,
    options?: { cause?: unknown; code?: HubSpotErrorCode },
  ) {
    super(
      options?.code ?? HubSpotErrorCode.NETWORK,
      `HubSpot ${method} ${path}: ${detail}`,
      options,
    );
    this.name = 'HubSpotNetworkError';
    this.method = method;
    this.path = path;
  }
}

/** No answer within the per-request timeout. */
export class HubSpotTimeoutError extends HubSpotNetworkError {
  readonly timeoutMs: number;

  constructor(method: string, path: string, timeoutMs: number) {
    super(method, path, `no answer within ${timeoutMs} ms`, { code: HubSpotErrorCode.TIMEOUT });
    this.name = 'HubSpotTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** OAuth refresh failed for a reason retrying will not fix (bad refresh token, client id). */
export class HubSpotAuthError extends HubSpotError {
  readonly status?: number;

  constructor(message: string, options?: { cause?: unknown; status?: number }) {
    super(HubSpotErrorCode.AUTH, message, options);
    this.name = 'HubSpotAuthError';
    if (options?.status !== undefined) this.status = options.status;
  }
}

/** A batch whose failed inputs still failed after every retry round. */
export class HubSpotBatchError extends HubSpotError {
  readonly failedIds: string[];
  readonly failures: Array<{ category: string; message: string; ids: string[] }>;

  constructor(
    path: string,
    failedIds: string[],
    failures: Array<{ category: string; message: string; ids: string[] }>,
  ) {
    const first = failures[0];
    super(
      HubSpotErrorCode.BATCH,
      `HubSpot ${path}: ${failedIds.length} input(s) still failing after retries` +
        (first ? ` (${first.category}: ${first.message})` : ''),
    );
    this.name = 'HubSpotBatchError';
    this.failedIds = failedIds;
    this.failures = failures;
  }
}

/** What was wrong in a malformed answer, and where (`results[3].id`; '' for the body). */
export interface AnswerIssue {
  path: string;
  message: string;
}

/**
 * A 2xx answer whose body is not what the endpoint documents (not JSON, a missing or mistyped
 * member, a non-numeric id, an unparseable date). Never retried: asking again gets the same body.
 */
export class HubSpotResponseError extends HubSpotError {
  readonly method: string;
  readonly path: string;
  readonly issues: AnswerIssue[];

  constructor(
    method: string,
    path: string,
    detail: string,
    options?: { cause?: unknown; issues?: AnswerIssue[] },
  ) {
    super(HubSpotErrorCode.BAD_RESPONSE, `HubSpot ${method} ${path}: ${detail}`, options);
    this.name = 'HubSpotResponseError';
    this.method = method;
    this.path = path;
    this.issues = options?.issues ?? [];
  }
}

export function isHubSpotError(error: unknown): error is HubSpotError {
  return error instanceof HubSpotError;
}

export function isHubSpotApiError(error: unknown): error is HubSpotApiError {
  return error instanceof HubSpotApiError;
}

export function isDailyLimitError(error: unknown): error is DailyLimitError {
  return error instanceof DailyLimitError;
}

export function isHubSpotNetworkError(error: unknown): error is HubSpotNetworkError {
  return error instanceof HubSpotNetworkError;
}

export function isHubSpotAuthError(error: unknown): error is HubSpotAuthError {
  return error instanceof HubSpotAuthError;
}

export function isHubSpotResponseError(error: unknown): error is HubSpotResponseError {
  return error instanceof HubSpotResponseError;
}

export function isHubSpotBatchError(error: unknown): error is HubSpotBatchError {
  return error instanceof HubSpotBatchError;
}
