import { conflict, validationError } from './errors.js';
import { hashString } from './hash.js';
import type { ObjectTypeSpec } from './object-types.js';
import type { PropSpec } from './property-spec.js';
import { PortalError, type FieldType, type PropertyDef, type PropertyType } from './types.js';
import type { GenSpec } from './values.js';

export const PROPERTY_TYPES: PropertyType[] = [
  'string',
  'number',
  'date',
  'datetime',
  'enumeration',
  'bool',
  'phone_number',
  'json',
  'object_coordinates',
];
export const FIELD_TYPES: FieldType[] = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'radio',
  'checkbox',
  'booleancheckbox',
  'phonenumber',
  'calculation_equation',
  'html',
  'file',
];

/** A property plus where its values come from. */
export interface PropState {
  def: PropertyDef;
  /** Generated values for records that existed at start; null for properties added later. */
  gen: GenSpec | null;
  role: PropSpec['role'] | null;
}

/** The properties of one object type: the catalog at start, then property CRUD. */
export class PropertyRegistry {
  private readonly byName = new Map<string, PropState>();

  constructor(
    private readonly type: ObjectTypeSpec,
    specs: PropSpec[],
    seed: number,
    startMs: number,
  ) {
    const iso = new Date(startMs - 3 * 365 * 86_400_000).toISOString();
    specs.forEach((s, i) => {
      const def = buildDef(type, s, i, iso);
      const gen: GenSpec | null =
        s.kind && !s.role
          ? {
              kind: s.kind,
              salt: hashString(`${type.name}\u0000${s.name}`, seed),
              fill: s.fill ?? 0.85,
              options: s.options ?? [],
              stable: s.stable ?? false,
              badable: !s.clean,
              type: s.type,
            }
          : null;
      this.byName.set(s.name, { def, gen, role: s.role ?? null });
    });
  }

  /** A non-archived property. */
  live(name: string): PropState | undefined {
    const state = this.byName.get(name);
    return state && !state.def.archived ? state : undefined;
  }

  /** Non-archived properties in display order (archived ones are not returned or written). */
  liveStates(): PropState[] {
    return [...this.byName.values()].filter((s) => !s.def.archived);
  }

  list(archived = false): PropertyDef[] {
    return [...this.byName.values()]
      .filter((s) => s.def.archived === archived)
      .map((s) => copyDef(s.def));
  }

  get(name: string): PropertyDef | undefined {
    const state = this.byName.get(name);
    return state ? copyDef(state.def) : undefined;
  }

  create(
    input: Partial<PropertyDef> & { name: string; type: PropertyType; fieldType: FieldType },
    nowMs: number,
  ): PropertyDef {
    if (!input.name || typeof input.name !== 'string')
      throw validationError('Property name is required');
    checkTypes(input.type, input.fieldType);
    if (this.byName.has(input.name)) {
      throw conflict(`A property named '${input.name}' already exists on ${this.type.name}.`);
    }
    const iso = new Date(nowMs).toISOString();
    const def: PropertyDef = {
      ...buildDef(
        this.type,
        {
          name: input.name,
          type: input.type,
          fieldType: input.fieldType,
          kind: null,
          hubspotDefined: false,
        },
        this.byName.size,
        iso,
      ),
      ...pickEditable(input),
    };
    this.byName.set(def.name, { def, gen: null, role: null });
    return copyDef(def);
  }

  update(name: string, patch: Partial<PropertyDef>, nowMs: number): PropertyDef {
    const state = this.live(name);
    if (!state)
      throw new PortalError(
        404,
        'OBJECT_NOT_FOUND',
        `Unable to find property ${name} on ${this.type.name}`,
      );
    const type = patch.type ?? state.def.type;
    const fieldType = patch.fieldType ?? state.def.fieldType;
    checkTypes(type, fieldType);
    if (
      (type !== state.def.type || fieldType !== state.def.fieldType) &&
      state.def.modificationMetadata.readOnlyDefinition
    ) {
      throw validationError(
        `The definition of HubSpot property ${name} cannot be changed`,
        'READ_ONLY_DEFINITION',
      );
    }
    // Values keep their strings across a type change, as in HubSpot: old values may then not cast.
    state.def = {
      ...state.def,
      ...pickEditable(patch),
      type,
      fieldType,
      updatedAt: new Date(nowMs).toISOString(),
    };
    return copyDef(state.def);
  }

  archive(name: string, nowMs: number): void {
    const state = this.live(name);
    if (!state)
      throw new PortalError(
        404,
        'OBJECT_NOT_FOUND',
        `Unable to find property ${name} on ${this.type.name}`,
      );
    if (!state.def.modificationMetadata.archivable) {
      throw validationError(`HubSpot property ${name} cannot be archived`, 'NOT_ARCHIVABLE');
    }
    const iso = new Date(nowMs).toISOString();
    state.def = { ...state.def, archived: true, archivedAt: iso, updatedAt: iso };
  }
}

const EDITABLE = [
  'label',
  'description',
  'groupName',
  'options',
  'displayOrder',
  'hidden',
  'formField',
  'hasUniqueValue',
  'calculated',
  'externalOptions',
] as const;

function pickEditable(patch: Partial<PropertyDef>): Partial<PropertyDef> {
  const out: Partial<PropertyDef> = {};
  for (const key of EDITABLE)
    if (patch[key] !== undefined) (out as Record<string, unknown>)[key] = patch[key];
  if (out.options)
    out.options = out.options.map((o, i) => ({
      label: o.label ?? o.value,
      value: o.value,
      displayOrder: o.displayOrder ?? i,
      hidden: o.hidden ?? false,
    }));
  return out;
}

function checkTypes(type: unknown, fieldType: unknown): void {
  if (!PROPERTY_TYPES.includes(type as PropertyType))
    throw validationError(`Unknown property type: ${String(type)}`, 'INVALID_TYPE');
  if (!FIELD_TYPES.includes(fieldType as FieldType))
    throw validationError(`Unknown fieldType: ${String(fieldType)}`, 'INVALID_FIELD_TYPE');
}

function buildDef(type: ObjectTypeSpec, s: PropSpec, order: number, iso: string): PropertyDef {
  const hubspotDefined = s.hubspotDefined ?? false;
  return {
    name: s.name,
    label: s.label ?? labelFor(s.name),
    type: s.type,
    fieldType: s.fieldType,
    groupName: `${type.labels.singular.toLowerCase().replace(/\s+/g, '')}information`,
    description: '',
    options: (s.options ?? []).map((value, i) => ({
      label: labelFor(value),
      value,
      displayOrder: i,
      hidden: false,
    })),
    displayOrder: order,
    calculated: s.calculated ?? false,
    externalOptions: false,
    hasUniqueValue: s.unique ?? false,
    hidden: false,
    hubspotDefined,
    formField:
      !hubspotDefined || s.name === 'email' || s.name === 'firstname' || s.name === 'lastname',
    archived: false,
    createdAt: iso,
    updatedAt: iso,
    modificationMetadata: {
      archivable: !hubspotDefined,
      readOnlyDefinition: hubspotDefined,
      readOnlyValue: s.readOnlyValue ?? false,
    },
  };
}

function labelFor(name: string): string {
  return name
    .replace(/^hs_/, '')
    .split(/[_-]/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

function copyDef(def: PropertyDef): PropertyDef {
  return {
    ...def,
    options: def.options.map((o) => ({ ...o })),
    modificationMetadata: { ...def.modificationMetadata },
  };
}
