import { PAIRS, type PairSpec } from './association-catalog.js';
import { PairGraph, type Direction } from './association-graph.js';
import { objectNotFound, validationError } from './errors.js';
import type { TypeStore } from './type-store.js';
import type { AssociationTarget, AssociationTypeRef, Page } from './types.js';

/** One direction of one pair: `from` sees `to` through these types. */
interface Route {
  graph: PairGraph;
  dir: Direction;
  types: AssociationTypeRef[];
  from: TypeStore;
  to: TypeStore;
}

export const MAX_ASSOCIATION_PAGE = 500;

/** Associations between records: generated compactly, changed through an overlay, read per direction. */
export class AssociationService {
  private readonly routes = new Map<string, Route>();
  readonly graphs: PairGraph[] = [];

  constructor(
    stores: Map<string, TypeStore>,
    seed: number,
    heavyContacts: number,
    pairs: PairSpec[] = PAIRS,
  ) {
    for (const spec of pairs) {
      const a = stores.get(spec.a);
      const b = stores.get(spec.b);
      if (!a || !b) continue;
      const heavy =
        spec.a === 'contacts' && spec.b === 'companies' && heavyContacts > 0 && b.generated > 0
          ? { company: 0, contacts: Math.min(heavyContacts, a.generated) }
          : null;
      const graph = new PairGraph(spec, { a: a.generated, b: b.generated }, seed, heavy);
      this.graphs.push(graph);
      this.routes.set(`${spec.a}|${spec.b}`, {
        graph,
        dir: 'fwd',
        types: spec.aToB,
        from: a,
        to: b,
      });
      this.routes.set(`${spec.b}|${spec.a}`, {
        graph,
        dir: 'rev',
        types: spec.bToA,
        from: b,
        to: a,
      });
    }
  }

  types(from: TypeStore, to: TypeStore): AssociationTypeRef[] {
    return (this.routes.get(`${from.spec.name}|${to.spec.name}`)?.types ?? []).map((t) => ({
      ...t,
    }));
  }

  /** Type names `type` has association types with. */
  partners(type: TypeStore): string[] {
    return [...this.routes.values()].filter((r) => r.from === type).map((r) => r.to.spec.name);
  }

  /** One page of a record's live targets, ascending by id; `after` is the opaque cursor we issued. */
  page(
    from: TypeStore,
    fromIdx: number,
    to: TypeStore,
    limit: number,
    after?: string,
  ): Page<AssociationTarget> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ASSOCIATION_PAGE) {
      throw validationError(`limit must be between 1 and ${MAX_ASSOCIATION_PAGE}`);
    }
    const route = this.routes.get(`${from.spec.name}|${to.spec.name}`);
    if (!route) return { results: [] };
    const startId = after === undefined || after === '' ? -Infinity : decodeAfter(after);
    const { to: targets, masks } = route.graph.list(route.dir, fromIdx);
    const ids = to.table.ids;
    const results: AssociationTarget[] = [];
    let i = lowerBound(targets, ids, startId);
    for (; i < targets.length; i++) {
      const t = targets[i] as number;
      if (!to.isLive(t)) continue;
      if (results.length === limit)
        return { results, paging: { next: { after: encodeAfter(ids[t] as number) } } };
      results.push({
        toObjectId: String(ids[t]),
        associationTypes: typesOf(route.types, masks[i] as number),
      });
    }
    return { results };
  }

  associate(
    from: TypeStore,
    fromIdx: number,
    to: TypeStore,
    toIdx: number,
    opts: { typeId?: number; label?: string } = {},
  ): void {
    const route = this.liveRoute(from, fromIdx, to, toIdx);
    const bit = bitFor(route.types, opts);
    const [aIdx, bIdx] = route.dir === 'fwd' ? [fromIdx, toIdx] : [toIdx, fromIdx];
    const { graph } = route;
    graph.setMask(aIdx, bIdx, graph.mask(aIdx, bIdx) | 1 | (1 << bit));
    if (route.types[bit]?.label === 'Primary') clearOtherPrimaries(graph, bit, aIdx, bIdx);
  }

  dissociate(
    from: TypeStore,
    fromIdx: number,
    to: TypeStore,
    toIdx: number,
    opts: { typeId?: number } = {},
  ): void {
    const route = this.liveRoute(from, fromIdx, to, toIdx);
    const [aIdx, bIdx] = route.dir === 'fwd' ? [fromIdx, toIdx] : [toIdx, fromIdx];
    const { graph } = route;
    if (opts.typeId === undefined) return graph.setMask(aIdx, bIdx, 0);
    const bit = bitFor(route.types, { typeId: opts.typeId });
    // Removing the unlabeled type removes the association; removing a label keeps the rest.
    graph.setMask(aIdx, bIdx, bit === 0 ? 0 : graph.mask(aIdx, bIdx) & ~(1 << bit));
  }

  /** Every live association of the pair, once per (fromId, toId, typeId), from `from`'s side. */
  *truth(
    from: TypeStore,
    to: TypeStore,
  ): Iterable<{
    fromId: string;
    toId: string;
    typeId: number;
    category: string;
    label: string | null;
  }> {
    const route = this.routes.get(`${from.spec.name}|${to.spec.name}`);
    if (!route) return;
    for (let f = 0; f < from.table.length; f++) {
      if (!from.isLive(f)) continue;
      const { to: targets, masks } = route.graph.list(route.dir, f);
      for (let i = 0; i < targets.length; i++) {
        const t = targets[i] as number;
        if (!to.isLive(t)) continue;
        for (const ref of typesOf(route.types, masks[i] as number)) {
          yield {
            fromId: from.idOf(f),
            toId: to.idOf(t),
            typeId: ref.typeId,
            category: ref.category,
            label: ref.label,
          };
        }
      }
    }
  }

  /** A merge moves the merged record's associations to the survivor (keeping its own primary). */
  moveAll(store: TypeStore, mergedIdx: number, survivorIdx: number): void {
    for (const route of this.routes.values()) {
      if (route.from !== store) continue;
      const { graph, dir } = route;
      const spec = graph.spec;
      const primaryBit = route.types.findIndex((t) => t.label === 'Primary');
      const side = dir === 'fwd' ? 'a' : 'b';
      const survivorHasPrimary =
        primaryBit > 0 &&
        spec.primaryOwner === side &&
        hasPrimary(graph, dir, survivorIdx, primaryBit);
      const { to: targets, masks } = graph.list(dir, mergedIdx);
      const moves = Array.from(targets, (t, i) => [t, masks[i] as number] as const);
      for (const [t, m] of moves) {
        const keep = survivorHasPrimary ? m & ~(1 << primaryBit) : m;
        const [sa, sb] = dir === 'fwd' ? [survivorIdx, t] : [t, survivorIdx];
        const [ma, mb] = dir === 'fwd' ? [mergedIdx, t] : [t, mergedIdx];
        graph.setMask(sa, sb, graph.mask(sa, sb) | keep);
        graph.setMask(ma, mb, 0);
      }
    }
  }

  removeAll(store: TypeStore, idx: number): void {
    for (const route of this.routes.values()) {
      if (route.from !== store) continue;
      const { graph, dir } = route;
      for (const t of Array.from(graph.list(dir, idx).to))
        graph.setMask(dir === 'fwd' ? idx : t, dir === 'fwd' ? t : idx, 0);
    }
  }

  private liveRoute(from: TypeStore, fromIdx: number, to: TypeStore, toIdx: number): Route {
    const route = this.routes.get(`${from.spec.name}|${to.spec.name}`);
    if (!route)
      throw validationError(
        `No association types exist between ${from.spec.name} and ${to.spec.name}`,
        'INVALID_ASSOCIATION_PAIR',
      );
    if (!from.isLive(fromIdx))
      throw objectNotFound(from.spec.name, fromIdx < 0 ? '?' : from.idOf(fromIdx));
    if (!to.isLive(toIdx)) throw objectNotFound(to.spec.name, toIdx < 0 ? '?' : to.idOf(toIdx));
    return route;
  }
}

function typesOf(types: AssociationTypeRef[], mask: number): AssociationTypeRef[] {
  const out: AssociationTypeRef[] = [];
  // HubSpot lists labeled types before the unlabeled default.
  for (let bit = types.length - 1; bit >= 0; bit--)
    if (mask & (1 << bit)) out.push({ ...(types[bit] as AssociationTypeRef) });
  return out;
}

function bitFor(types: AssociationTypeRef[], opts: { typeId?: number; label?: string }): number {
  if (opts.typeId !== undefined) {
    const bit = types.findIndex((t) => t.typeId === Number(opts.typeId));
    if (bit < 0)
      throw validationError(
        `Association type ${opts.typeId} is not valid for this pair`,
        'INVALID_ASSOCIATION_TYPE',
      );
    return bit;
  }
  if (opts.label !== undefined && opts.label !== null) {
    const bit = types.findIndex(
      (t) => t.label !== null && t.label.toLowerCase() === String(opts.label).toLowerCase(),
    );
    if (bit < 0)
      throw validationError(
        `No association label '${opts.label}' for this pair`,
        'INVALID_ASSOCIATION_LABEL',
      );
    return bit;
  }
  return 0;
}

/** A record has at most one primary of a pair: setting one clears the owner's others. */
function clearOtherPrimaries(graph: PairGraph, bit: number, aIdx: number, bIdx: number): void {
  const owner = graph.spec.primaryOwner;
  if (!owner) return;
  const dir: Direction = owner === 'a' ? 'fwd' : 'rev';
  const ownerIdx = owner === 'a' ? aIdx : bIdx;
  const other = owner === 'a' ? bIdx : aIdx;
  const { to, masks } = graph.list(dir, ownerIdx);
  const clear = Array.from(to, (t, i) => [t, masks[i] as number] as const).filter(
    ([t, m]) => t !== other && m & (1 << bit),
  );
  for (const [t, m] of clear) {
    if (owner === 'a') graph.setMask(ownerIdx, t, m & ~(1 << bit));
    else graph.setMask(t, ownerIdx, m & ~(1 << bit));
  }
}

function hasPrimary(graph: PairGraph, dir: Direction, idx: number, bit: number): boolean {
  const { masks } = graph.list(dir, idx);
  for (let i = 0; i < masks.length; i++) if ((masks[i] as number) & (1 << bit)) return true;
  return false;
}

function lowerBound(targets: ArrayLike<number>, ids: Float64Array, id: number): number {
  let lo = 0;
  let hi = targets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[targets[mid] as number] as number) < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Association cursors are opaque to callers, as HubSpot's are. */
function encodeAfter(id: number): string {
  return Buffer.from(`assoc:${id}`).toString('base64url');
}

function decodeAfter(after: string): number {
  const text = Buffer.from(after, 'base64url').toString();
  const id = text.startsWith('assoc:') ? Number(text.slice(6)) : NaN;
  if (!Number.isFinite(id))
    throw validationError(`Invalid after cursor: ${after}`, 'INVALID_AFTER');
  return id;
}

export type { PairSpec };
