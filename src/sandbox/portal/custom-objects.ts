/**
 * Generated custom object types (`customObjects` in the portal options, `--custom-objects` on the
 * command line): N schemas beside the default ones, each with a handful of properties of mixed
 * types and association types with one or two standard objects and maybe an earlier generated
 * type. Everything is a pure function of the seed and the portal id.
 */
import type { PairSpec } from './association-catalog.js';
import { createRng, hashInts } from './hash.js';
import type { ObjectTypeSpec } from './object-types.js';
import { datetime, number, select, spec, text, type PropSpec } from './property-spec.js';
import type { AssociationTypeRef } from './types.js';
import { ADJECTIVES, WORDS } from './word-lists.js';

/** Records per generated type when neither `counts` nor `customObjectRecords` says otherwise. */
export const DEFAULT_CUSTOM_OBJECT_RECORDS = 100;

/** Association type ids of generated pairs start here (the `car` object's end at 1013). */
const FIRST_TYPE_ID = 2001;

const STANDARD_PARTNERS = ['contacts', 'companies', 'deals', 'tickets'] as const;
const LABELS = ['Owner', 'Supplier', 'Reviewer', 'Sponsor', 'Installer', 'Primary contact'];

export interface GeneratedCustomObjects {
  types: ObjectTypeSpec[];
  pairs: PairSpec[];
}

/**
 * `count` custom object types numbered after `firstTypeNumber` (their objectTypeIds are
 * `2-<firstTypeNumber + 1>` …), with their association pairs.
 */
export function generateCustomObjects(input: {
  seed: number;
  portalId: number;
  count: number;
  firstTypeNumber: number;
}): GeneratedCustomObjects {
  const rng = createRng(hashInts(input.seed, 0xc0570b));
  const names = shuffledNames(rng);
  const types: ObjectTypeSpec[] = [];
  const pairs: PairSpec[] = [];
  let typeId = FIRST_TYPE_ID;
  for (let i = 0; i < input.count; i++) {
    const base = names[i % names.length] as string;
    const round = Math.floor(i / names.length);
    const name = round === 0 ? base : `${base}_${round + 1}`;
    const words = name.split('_').filter((w) => !/^\d+$/.test(w));
    const title = words.map(capitalise).join(' ') + (round === 0 ? '' : ` ${round + 1}`);
    const properties = propertiesFor(rng);
    const display = (properties[0] as PropSpec).name;
    types.push({
      name,
      objectTypeId: `2-${input.firstTypeNumber + 1 + i}`,
      fullyQualifiedName: `p${input.portalId}_${name}`,
      custom: true,
      labels: { singular: title, plural: `${title}s` },
      createdProperty: 'hs_createdate',
      modifiedProperty: 'hs_lastmodifieddate',
      primaryDisplayProperty: display,
      supportsArchived: true,
      defaultProperties: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
      queryProperties: properties
        .filter((p) => p.type === 'string' && p.fieldType === 'text')
        .map((p) => p.name),
      propertySpecs: properties,
    });

    const partners: string[] = [pickFrom(STANDARD_PARTNERS, rng)];
    if (rng() < 0.5) {
      const second = pickFrom(STANDARD_PARTNERS, rng);
      if (!partners.includes(second)) partners.push(second);
    }
    if (i > 0 && rng() < 0.5) partners.push((types[Math.floor(rng() * i)] as ObjectTypeSpec).name);
    for (const partner of partners) {
      const label = rng() < 0.5 ? pickFrom(LABELS, rng) : null;
      const aToB = [hs(typeId)];
      const bToA = [hs(typeId + 1)];
      if (label) {
        aToB.push(user(typeId + 2, label));
        bToA.push(user(typeId + 3, label));
      }
      typeId += 4;
      pairs.push({
        a: name,
        b: partner,
        aToB,
        bToA,
        primaryOwner: null,
        gen: {
          from: 'a',
          weights: partner === 'contacts' ? [0.2, 0.5, 0.3] : [0.3, 0.6, 0.1],
          labelRate: label ? 0.25 : 0,
        },
      });
    }
  }
  return { types, pairs };
}

/** Every adjective_word name in an order drawn from the seed. */
function shuffledNames(rng: () => number): string[] {
  const names = ADJECTIVES.flatMap((adjective) => WORDS.map((word) => `${adjective}_${word}`));
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [names[i], names[j]] = [names[j] as string, names[i] as string];
  }
  return names;
}

// One pool per role, names disjoint across pools, so a type's property names never collide.
const DISPLAY = ['name', 'title', 'label', 'reference'];
const NUMBERS: Array<[string, 'money' | 'int' | 'decimal' | 'count']> = [
  ['amount', 'money'],
  ['quantity', 'int'],
  ['score', 'decimal'],
  ['seats', 'count'],
];
const ENUMS: Array<[string, string[]]> = [
  ['status', ['draft', 'active', 'paused', 'retired']],
  ['tier', ['bronze', 'silver', 'gold', 'platinum']],
  ['region', ['emea', 'amer', 'apac']],
  ['category', ['hardware', 'software', 'service', 'other']],
];
const DATETIMES = ['due_date', 'renewal_date', 'start_time', 'last_checked_at'];
const BOOLS = ['is_active', 'verified', 'needs_review', 'is_billable'];
const EXTRAS: PropSpec[] = [
  spec('notes', 'string', 'textarea', 'textarea'),
  spec('tags', 'enumeration', 'checkbox', 'multi', { options: ['red', 'green', 'blue', 'gold'] }),
  spec('effective_date', 'date', 'date', 'date'),
  spec('contact_phone', 'phone_number', 'phonenumber', 'phone'),
  text('external_id', 'sku', { stable: true, unique: true, clean: true }),
  number('rating', 'int'),
];

/** The display property first, then a number, an enumeration, a datetime, a bool and 0-3 extras. */
function propertiesFor(rng: () => number): PropSpec[] {
  const [numberName, numberKind] = pickFrom(NUMBERS, rng);
  const [enumName, options] = pickFrom(ENUMS, rng);
  const extras = EXTRAS.filter(() => rng() < 0.35).slice(0, 3);
  const specs: PropSpec[] = [
    text(pickFrom(DISPLAY, rng), 'subject', { stable: true, fill: 1 }),
    number(numberName, numberKind),
    select(enumName, options),
    datetime(pickFrom(DATETIMES, rng)),
    spec(pickFrom(BOOLS, rng), 'bool', 'booleancheckbox', 'bool'),
    ...extras,
  ];
  return specs.map((s) => ({ ...s, hubspotDefined: false }));
}

function pickFrom<T>(items: readonly T[], rng: () => number): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const hs = (typeId: number): AssociationTypeRef => ({
  category: 'HUBSPOT_DEFINED',
  typeId,
  label: null,
});
const user = (typeId: number, label: string): AssociationTypeRef => ({
  category: 'USER_DEFINED',
  typeId,
  label,
});
