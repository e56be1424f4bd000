import { randomUUID } from 'node:crypto';
import { PortalError } from '../portal/types.js';

/** HubSpot's error body, as every non-2xx API answer carries it. */
export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  errors?: Array<{ message: string; code?: string; context?: Record<string, string[]> }>;
  context?: Record<string, string[]>;
}

/** An error raised by the HTTP layer itself (bad query, unknown type, too many inputs). */
export class SandboxHttpError extends Error {
  readonly code = 'SANDBOX_HTTP';
  constructor(
    readonly status: number,
    readonly category: string,
    message: string,
    readonly extra: Pick<HubSpotErrorBody, 'subCategory' | 'errors' | 'context'> = {},
  ) {
    super(message);
    this.name = 'SandboxHttpError';
  }
}

export function buildErrorBody(
  category: string,
  message: string,
  extra: Pick<HubSpotErrorBody, 'subCategory' | 'errors' | 'context'> = {},
): HubSpotErrorBody {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

export function validationError(
  message: string,
  context?: Record<string, string[]>,
): SandboxHttpError {
  return new SandboxHttpError(400, 'VALIDATION_ERROR', message, context ? { context } : {});
}

export function notFoundError(
  message: string,
  context?: Record<string, string[]>,
): SandboxHttpError {
  return new SandboxHttpError(404, 'OBJECT_NOT_FOUND', message, context ? { context } : {});
}

/** Maps anything a handler threw to a status and HubSpot's error body. */
export function describeError(error: unknown): { status: number; body: HubSpotErrorBody } {
  if (error instanceof PortalError) {
    const extra = error.errors ? { errors: error.errors } : {};
    return { status: error.status, body: buildErrorBody(error.category, error.message, extra) };
  }
  if (error instanceof SandboxHttpError) {
    return {
      status: error.status,
      body: buildErrorBody(error.category, error.message, error.extra),
    };
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own 4xx: malformed JSON, body too large, unsupported media type.
    const message =
      fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
        ? `Invalid input JSON: ${fastifyError.message ?? ''}`
        : (fastifyError.message ?? 'Bad request');
    return { status, body: buildErrorBody('VALIDATION_ERROR', message) };
  }
  return { status: 500, body: buildErrorBody('INTERNAL_ERROR', 'internal error') };
}
