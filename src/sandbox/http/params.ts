import type { FastifyRequest } from 'fastify';
import type { ObjectTypeDef, Portal } from '../portal/types.js';
import { validationError } from './errors.js';

export function readParam(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string | undefined>)[name] ?? '';
}

export function readQuery(request: FastifyRequest): Record<string, unknown> {
  return (request.query ?? {}) as Record<string, unknown>;
}

/** A query list given as `a,b`, as a repeated parameter, or both; undefined when absent. */
export function readList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

export function readBoolean(value: unknown): boolean {
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' && last.toLowerCase() === 'true';
}

export function readString(value: unknown): string | undefined {
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' && last.length > 0 ? last : undefined;
}

export function readLimit(value: unknown, opts: { fallback: number; max: number }): number {
  const raw = readString(value);
  if (raw === undefined) return opts.fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) {
    throw validationError(`limit must be a positive integer, got "${raw}"`);
  }
  if (limit > opts.max) throw validationError(`limit must be at most ${opts.max}, got ${limit}`);
  return limit;
}

export function requireType(portal: Portal, nameOrId: string): ObjectTypeDef {
  const def = portal.resolveType(nameOrId);
  if (!def) throw validationError(`Unable to infer object type from: ${nameOrId}`);
  return def;
}

export function readBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw validationError('Request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** A batch body's `inputs`, checked against HubSpot's per-endpoint maximum. */
export function readInputs(
  body: Record<string, unknown>,
  max: number,
): Array<Record<string, unknown>> {
  const inputs = body.inputs;
  if (!Array.isArray(inputs)) throw validationError('inputs must be an array');
  if (inputs.length > max) {
    throw validationError(`Too many inputs: got ${inputs.length}, the limit is ${max}.`);
  }
  return inputs.map((input) =>
    typeof input === 'object' && input !== null ? input : { id: input },
  );
}

export function readId(input: Record<string, unknown>): string {
  const id = input.id;
  if (typeof id !== 'string' && typeof id !== 'number')
    throw validationError('every input needs an id');
  return String(id);
}

export function readProperties(value: unknown): Record<string, string | null> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw validationError('properties must be an object');
  const out: Record<string, string | null> = {};
  for (const [name, v] of Object.entries(value)) out[name] = v === null ? null : String(v);
  return out;
}

export function readStringArray(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw validationError(`${field} must be an array of strings`);
  return value.map(String);
}
