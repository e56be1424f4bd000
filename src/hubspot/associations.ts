import {
  readAssociationBatch,
  readAssociationLabels,
  readObjectAssociationsPage,
} from './answer-readers.js';
import { chunk, mapConcurrent, retryFailedInputs } from './batch.js';
import type { HubSpotClient } from './client.js';
import { HubSpotResponseError } from './errors.js';
import type {
  AssociationBatchResult,
  AssociationTarget,
  AssociationType,
  CallOptions,
  Paging,
  Priority,
} from './types.js';

/** Association batch/read takes at most 1,000 inputs. */
export const ASSOCIATION_BATCH_MAX = 1_000;

export interface AssociationInput {
  id: string;
  /** Continues this id's targets from a previous answer's `paging.next.after`. */
  after?: string;
}

/**
 * `POST …/associations/{from}/{to}/batch/read` in chunks of 1,000. Inputs a 207 reports failed
 * are re-read; OBJECT_NOT_FOUND ids come back in `missing`; ids HubSpot reports as having no
 * associations come back as results with no targets.
 */
export async function batchReadAssociations(
  client: HubSpotClient,
  fromType: string,
  toType: string,
  inputs: AssociationInput[],
  opts: CallOptions,
): Promise<{ results: AssociationBatchResult[]; missing: string[] }> {
  const path = client.paths.associationsBatchRead(fromType, toType);
  const byId = new Map<string, AssociationInput>();
  for (const input of inputs) {
    const id = String(input.id);
    if (!byId.has(id)) byId.set(id, input.after ? { id, after: input.after } : { id });
  }
  const parts = await mapConcurrent(chunk([...byId.values()], ASSOCIATION_BATCH_MAX), 1, (part) =>
    retryFailedInputs<AssociationInput, AssociationBatchResult>({
      inputs: part,
      idOf: (input) => input.id,
      resultId: (result) => String(result.from.id),
      path,
      sleep: client.clock.sleep,
      random: client.clock.random,
      ...(opts.signal ? { signal: opts.signal } : {}),
      read: async (pending) => {
        const { body } = await client.request<unknown>({
          method: 'POST',
          path,
          body: { inputs: pending },
          priority: opts.priority,
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
        return readAssociationBatch(body, { method: 'POST', path });
      },
    }),
  );
  return {
    results: parts.flatMap((part) => [
      ...part.results,
      ...part.empty.map((id) => ({ from: { id }, to: [] })),
    ]),
    missing: parts.flatMap((part) => part.missing),
  };
}

export interface AssociationSet {
  fromId: string;
  /** Every target over every page, one entry per target id with all its types. */
  targets: AssociationTarget[];
  /** HubSpot reported the "from" record OBJECT_NOT_FOUND. */
  missing?: boolean;
}

function mergeTargets(into: Map<string, AssociationTarget>, targets: AssociationTarget[]): void {
  for (const target of targets) {
    const key = String(target.toObjectId);
    const known = into.get(key);
    if (!known) {
      into.set(key, {
        toObjectId: target.toObjectId,
        associationTypes: [...target.associationTypes],
      });
      continue;
    }
    for (const type of target.associationTypes) {
      const dup = known.associationTypes.some(
        (seen) => seen.typeId === type.typeId && seen.category === type.category,
      );
      if (!dup) known.associationTypes.push(type);
    }
  }
}

/**
 * Every association from each of `ids` to `toType`: batches of ≤ 1,000 ids, then each id's
 * further pages (`after`) until none is left. Yields each id once, when it is complete.
 */
export async function* readAllAssociations(
  client: HubSpotClient,
  fromType: string,
  toType: string,
  ids: string[],
  opts: CallOptions,
): AsyncIterable<AssociationSet> {
  const unique = [...new Set(ids.map(String))];
  for (const part of chunk(unique, ASSOCIATION_BATCH_MAX)) {
    const collected = new Map<string, Map<string, AssociationTarget>>();
    const cursors = new Map<string, Set<string>>();
    let pending: AssociationInput[] = part.map((id) => ({ id }));
    while (pending.length > 0) {
      const { results, missing } = await batchReadAssociations(
        client,
        fromType,
        toType,
        pending,
        opts,
      );
      const nextAfter = new Map<string, string | undefined>();
      for (const result of results) {
        const id = result.from.id;
        let targets = collected.get(id);
        if (!targets) collected.set(id, (targets = new Map()));
        mergeTargets(targets, result.to);
        const after = result.paging?.next?.after;
        if (after !== undefined || !nextAfter.has(id)) nextAfter.set(id, after);
      }
      pending = [];
      for (const [id, after] of nextAfter) {
        if (after === undefined) {
          yield { fromId: id, targets: [...(collected.get(id)?.values() ?? [])] };
          collected.delete(id);
          continue;
        }
        let seen = cursors.get(id);
        if (!seen) cursors.set(id, (seen = new Set()));
        if (seen.has(after)) {
          throw new HubSpotResponseError(
            'POST',
            client.paths.associationsBatchRead(fromType, toType),
            `paging cursor ${after} of id ${id} repeated`,
          );
        }
        seen.add(after);
        pending.push({ id, after });
      }
      for (const id of missing) yield { fromId: id, targets: [], missing: true };
    }
  }
}

/** `GET …/associations/{from}/{to}/labels`: the association types of a pair, this direction. */
export async function listAssociationLabels(
  client: HubSpotClient,
  fromType: string,
  toType: string,
  opts: { priority?: Priority; signal?: AbortSignal } = {},
): Promise<AssociationType[]> {
  const path = client.paths.associationLabels(fromType, toType);
  const { body } = await client.request<unknown>({
    method: 'GET',
    path,
    priority: opts.priority ?? 'sweep',
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return readAssociationLabels(body, { method: 'GET', path });
}

/** The per-record endpoint allows 500 per page. */
export const OBJECT_ASSOCIATIONS_PAGE_MAX = 500;

/** One page of `GET …/objects/{type}/{id}/associations/{to}`. */
export async function listObjectAssociations(
  client: HubSpotClient,
  objectType: string,
  id: string,
  toType: string,
  opts: CallOptions & { after?: string; limit?: number },
): Promise<{ results: AssociationTarget[]; paging?: Paging }> {
  const path = client.paths.objectAssociations(objectType, id, toType);
  const { body } = await client.request<unknown>({
    method: 'GET',
    path,
    qs: {
      limit: Math.min(opts.limit ?? OBJECT_ASSOCIATIONS_PAGE_MAX, OBJECT_ASSOCIATIONS_PAGE_MAX),
      after: opts.after,
    },
    priority: opts.priority,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return readObjectAssociationsPage(body, { method: 'GET', path });
}
