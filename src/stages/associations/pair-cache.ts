/**
 * Which object pairs the portal can associate, and by which association types, learned at most
 * once per max age (the sweeper passes `--schema-interval`) and shared by every pair's sweeper
 * and the backfill's initial load in the process.
 *
 * A pair with a custom object is answered from the custom object schemas' `associations` (one
 * listing, every page, answers every custom pair); a pair of standard objects, or one whose
 * custom side the listing does not have, from the pair's labels endpoint (400/404 or an empty
 * list: not defined). Answers are kept in memory, per process and per mirror schema: a restarted
 * process learns them again (one labels call per standard pair, one schema listing), which one
 * expiry costs anyway. Concurrent lookups of one key share one request; a failed request is not
 * remembered.
 */
import {
  isHubSpotApiError,
  listAssociationLabels,
  listCustomSchemas,
  type CallOptions,
  type HubSpotClient,
  type HubSpotSchema,
} from '../../hubspot/index.js';
import type { CatalogObject } from '../../schema/index.js';
import { apiTypeOf } from '../catalog-object.js';

/** An association type of the pair in the stored direction. */
export interface PairType {
  typeId: number;
  /** Null for the unlabeled type, and for types learned from a schema (it names no label). */
  label: string | null;
  /** Null for types learned from a schema. */
  category: string | null;
}

export interface PairAnswer {
  /** False when the portal defines no association type between the two. */
  defined: boolean;
  /** The stored direction's types (may be empty for a defined pair learned from a schema). */
  types: PairType[];
  source: 'labels' | 'schemas';
  /** When the answer was learned (`now()` of the lookup that asked). */
  learnedAt: number;
}

export interface PairLookup {
  client: HubSpotClient;
  call: CallOptions;
  now(): number;
  /** An answer older than this is learned again. */
  maxAgeMs: number;
  /** Keeps the answers of different mirrors apart (the mirror's Postgres schema). */
  scope: string;
}

export interface PairCache {
  lookup(from: CatalogObject, to: CatalogObject, env: PairLookup): Promise<PairAnswer>;
  /** Forgets every answer (tests; a caller that knows the definitions changed). */
  clear(): void;
}

/** The max age the backfill's load uses: the default `--schema-interval`. */
export const DEFAULT_PAIR_MAX_AGE_MS = 300_000;

const isCustom = (object: CatalogObject): boolean => object.objectTypeId.startsWith('2-');

interface Entry<T> {
  at: number;
  value: Promise<T>;
}

export function createPairCache(): PairCache {
  const pairs = new Map<string, Entry<PairAnswer>>();
  const schemas = new Map<string, Entry<HubSpotSchema[]>>();

  /** The entry of `key`, learned again when absent or older than the max age. */
  function remember<T>(
    map: Map<string, Entry<T>>,
    key: string,
    env: PairLookup,
    learn: (at: number) => Promise<T>,
  ): Entry<T> {
    const held = map.get(key);
    const now = env.now();
    if (held && now - held.at < env.maxAgeMs) return held;
    const entry: Entry<T> = { at: now, value: learn(now) };
    map.set(key, entry);
    entry.value.catch(() => {
      if (map.get(key) === entry) map.delete(key);
    });
    return entry;
  }

  async function learn(
    from: CatalogObject,
    to: CatalogObject,
    env: PairLookup,
    at: number,
  ): Promise<PairAnswer> {
    if (isCustom(from) || isCustom(to)) {
      const listed = await remember(schemas, env.scope, env, () =>
        listCustomSchemas(env.client, env.call),
      ).value;
      const answer = fromSchemas(listed, from, to);
      if (answer) return { ...answer, source: 'schemas', learnedAt: at };
    }
    const types = await readLabels(env.client, from, to, env.call);
    return {
      defined: types !== undefined && types.length > 0,
      types: types ?? [],
      source: 'labels',
      learnedAt: at,
    };
  }

  return {
    lookup: (from, to, env) =>
      remember(pairs, `${env.scope}|${from.objectTypeId}|${to.objectTypeId}`, env, (at) =>
        learn(from, to, env, at),
      ).value,
    clear() {
      pairs.clear();
      schemas.clear();
    },
  };
}

/** The labels of the pair; undefined when HubSpot says it cannot be associated (400/404). */
async function readLabels(
  client: HubSpotClient,
  from: CatalogObject,
  to: CatalogObject,
  call: CallOptions,
): Promise<PairType[] | undefined> {
  try {
    const labels = await listAssociationLabels(client, apiTypeOf(from), apiTypeOf(to), call);
    return labels.map(({ typeId, label, category }) => ({ typeId, label, category }));
  } catch (error) {
    if (isHubSpotApiError(error) && (error.status === 400 || error.status === 404))
      return undefined;
    throw error;
  }
}

interface SchemaLink {
  from: string;
  to: string;
  typeId: number;
}

function linksOf(schema: HubSpotSchema): SchemaLink[] {
  const links: SchemaLink[] = [];
  for (const raw of schema.associations ?? []) {
    const { fromObjectTypeId: from, toObjectTypeId: to, id } = raw;
    const typeId = typeof id === 'string' || typeof id === 'number' ? Number(id) : NaN;
    if (typeof from === 'string' && typeof to === 'string' && Number.isInteger(typeId)) {
      links.push({ from, to, typeId });
    }
  }
  return links;
}

/**
 * The pair's answer from the custom object schemas, or undefined when a custom side is not
 * listed (its labels are asked instead). Defined when either side's schema links the two in
 * either direction; the types are the links in the stored direction.
 */
export function fromSchemas(
  listed: readonly HubSpotSchema[],
  from: CatalogObject,
  to: CatalogObject,
): Pick<PairAnswer, 'defined' | 'types'> | undefined {
  const sides = [from, to].filter(isCustom);
  const found = sides.map((side) => listed.find((s) => s.objectTypeId === side.objectTypeId));
  if (!sides.length || found.some((s) => s === undefined)) return undefined;
  const ids = new Set([from.objectTypeId, to.objectTypeId]);
  const between = found
    .flatMap((schema) => linksOf(schema!))
    .filter((link) => link.from !== link.to && ids.has(link.from) && ids.has(link.to));
  const stored = new Map<number, PairType>();
  for (const link of between) {
    if (link.from === from.objectTypeId)
      stored.set(link.typeId, { typeId: link.typeId, label: null, category: null });
  }
  return { defined: between.length > 0, types: [...stored.values()] };
}

let shared: PairCache | undefined;

/** The process's pair cache, shared by the sweepers and the backfill's load. */
export const sharedPairCache = (): PairCache => (shared ??= createPairCache());
