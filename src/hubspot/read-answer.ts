/**
 * The boundary: every 2xx body HubSpot sends is read through a schema here before anything
 * else sees it, so a malformed answer is a HubSpotResponseError naming the endpoint and the
 * member at fault, not a database error three layers later.
 */
import type { z } from 'zod';
import { HubSpotResponseError, type AnswerIssue } from './errors.js';

/** The call an answer came from: the method and the path (never the query, which may hold secrets). */
export interface Endpoint {
  method: string;
  path: string;
}

/** `results[3].id` from zod's `['results', 3, 'id']`. */
export function issuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

export function malformedAnswer(
  at: Endpoint,
  issues: AnswerIssue[],
  cause?: unknown,
): HubSpotResponseError {
  const first = issues[0];
  const where = first ? `${first.path === '' ? 'body' : first.path}: ${first.message}` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new HubSpotResponseError(at.method, at.path, `malformed answer: ${where}${more}`, {
    issues,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The body as `schema` reads it, or a HubSpotResponseError naming each issue's path. */
export function readAnswer<S extends z.ZodType>(
  schema: S,
  body: unknown,
  at: Endpoint,
): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw malformedAnswer(
    at,
    parsed.error.issues.map((issue) => ({ path: issuePath(issue.path), message: issue.message })),
    parsed.error,
  );
}
