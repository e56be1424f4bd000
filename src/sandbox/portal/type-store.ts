import { generateHistory } from './history.js';
import { isoString } from './iso.js';
import type { ObjectTypeSpec } from './object-types.js';
import { catalogFor } from './property-catalog.js';
import { PropertyRegistry, type PropState } from './property-registry.js';
import { ARCHIVED, LIVE, type RecordTable } from './record-table.js';
import type { RecordView } from './types.js';
import { generateValue, type GenContext } from './values.js';

export type Values = Map<string, string | null>;

/** Where a record's values are read from: the truth, or a search-view snapshot. */
export interface ValueSource {
  created: number;
  updated: number;
  /** Values set through the API; generated values fill in the rest. */
  explicit: Values | undefined;
}

export interface TypeStoreInput {
  spec: ObjectTypeSpec;
  count: number;
  seed: number;
  nowMs: number;
  extraProperties: number;
  bulkImportSize: number;
  archivedRate: number;
  ctx: GenContext;
}

/** The ground truth of one object type: compact record columns plus an overlay of written values. */
export class TypeStore {
  readonly spec: ObjectTypeSpec;
  readonly props: PropertyRegistry;
  readonly table: RecordTable;
  /** Records [0, generated) were generated at start; later ones were created through the API. */
  readonly generated: number;
  readonly genVersion: Uint8Array;
  readonly explicit = new Map<number, Values>();
  readonly archivedAt: Map<number, number>;
  readonly bulk: { start: number; size: number } | null;
  readonly ctx: GenContext;
  /** Indices of archived (not merged, not purged) records, ascending: the archived list. */
  archivedSorted: number[];
  liveCount = 0;

  constructor(input: TypeStoreInput) {
    this.spec = input.spec;
    this.ctx = input.ctx;
    this.props = new PropertyRegistry(
      input.spec,
      catalogFor(input.spec, input.extraProperties),
      input.seed,
      input.nowMs,
    );
    const history = generateHistory({
      seed: input.seed,
      typeName: input.spec.name,
      count: input.count,
      bulkImportSize: input.spec.name === 'contacts' ? input.bulkImportSize : 0,
      archivedRate: input.archivedRate,
      nowMs: input.nowMs,
    });
    this.table = history.table;
    this.generated = input.count;
    this.genVersion = history.genVersion;
    this.archivedAt = history.archivedAt;
    this.bulk = history.bulk;
    this.archivedSorted = [...history.archivedAt.keys()].sort((a, b) => a - b);
    this.liveCount = input.count - this.archivedSorted.length;
  }

  isLive(idx: number): boolean {
    return idx >= 0 && idx < this.table.length && this.table.state[idx] === LIVE;
  }

  isArchived(idx: number): boolean {
    return idx >= 0 && idx < this.table.length && this.table.state[idx] === ARCHIVED;
  }

  idOf(idx: number): string {
    return String(this.table.ids[idx]);
  }

  truthSource(idx: number): ValueSource {
    return {
      created: this.table.created[idx] as number,
      updated: this.table.updated[idx] as number,
      explicit: this.explicit.get(idx),
    };
  }

  /** One property value as the API returns it. */
  readValue(idx: number, prop: PropState, src: ValueSource): string | null {
    switch (prop.role) {
      case 'id':
        return this.idOf(idx);
      case 'created':
        return isoString(src.created);
      case 'modified':
        return isoString(src.updated);
      default:
    }
    const name = prop.def.name;
    if (src.explicit?.has(name)) return src.explicit.get(name) ?? null;
    if (prop.gen && idx < this.generated)
      return generateValue(prop.gen, this.ctx, idx, this.genVersion[idx] as number);
    return null;
  }

  /** The properties a read returns: the requested ones that exist, plus id and dates; or the defaults. */
  selectProps(requested: string[] | undefined): PropState[] {
    const names = requested?.filter((n) => typeof n === 'string' && n !== '');
    const wanted =
      names && names.length
        ? [...names, 'hs_object_id', this.spec.createdProperty, this.spec.modifiedProperty]
        : this.spec.defaultProperties;
    const out: PropState[] = [];
    const seen = new Set<string>();
    for (const name of wanted) {
      if (seen.has(name)) continue;
      seen.add(name);
      const prop = this.props.live(name);
      if (prop) out.push(prop);
    }
    return out;
  }

  /** A record as the API shows it; search passes `archived: false` (its view may lag the truth). */
  buildView(idx: number, props: PropState[], src: ValueSource, archived: boolean): RecordView {
    const properties: Record<string, string | null> = { ...propertiesTemplate(props) };
    for (const prop of props) properties[prop.def.name] = this.readValue(idx, prop, src);
    const view: RecordView = {
      id: this.idOf(idx),
      properties,
      createdAt: isoString(src.created),
      updatedAt: isoString(src.updated),
      archived,
    };
    const archivedAt = archived ? this.archivedAt.get(idx) : undefined;
    if (archivedAt !== undefined) view.archivedAt = isoString(archivedAt);
    return view;
  }

  truthView(idx: number, props: PropState[]): RecordView {
    return this.buildView(idx, props, this.truthSource(idx), this.table.state[idx] !== LIVE);
  }
}

const templates = new WeakMap<readonly PropState[], Record<string, null>>();

/**
 * An all-null object with the names of `props`, in order. Cloned for each record it keeps one
 * V8 shape, where a 50-key object filled key by key turns into a dictionary: building and
 * serialising a page of 200 records took 2.6 ms that way and 1.7 ms this way.
 */
function propertiesTemplate(props: readonly PropState[]): Record<string, null> {
  let template = templates.get(props);
  if (!template) {
    const names = Object.fromEntries(props.map((p) => [p.def.name, null]));
    template = JSON.parse(JSON.stringify(names)) as Record<string, null>;
    templates.set(props, template);
  }
  return template;
}
