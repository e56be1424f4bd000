import {
  datetime,
  number,
  select,
  spec,
  systemSpecs,
  text,
  type PropSpec,
} from './property-spec.js';
import type { ObjectTypeSpec } from './object-types.js';

const LIFECYCLE = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
];
const DEAL_STAGES = [
  'appointmentscheduled',
  'qualifiedtobuy',
  'presentationscheduled',
  'decisionmakerboughtin',
  'contractsent',
  'closedwon',
  'closedlost',
];
const BOOL_OPTIONS = ['true', 'false'];

const STANDARD: Record<string, PropSpec[]> = {
  contacts: [
    text('email', 'email', { unique: true, stable: true, clean: true, fill: 0.97 }),
    text('firstname', 'firstname', { stable: true, fill: 0.95 }),
    text('lastname', 'lastname', { stable: true, fill: 0.95 }),
    spec('phone', 'string', 'phonenumber', 'phone'),
    spec('mobilephone', 'phone_number', 'phonenumber', 'phone', { fill: 0.4 }),
    text('company', 'companyname'),
    text('jobtitle', 'jobtitle', { fill: 0.6 }),
    text('city', 'city'),
    text('country', 'country'),
    text('website', 'website', { fill: 0.5 }),
    select('lifecyclestage', LIFECYCLE, { fill: 0.95 }),
    spec('hs_lead_status', 'enumeration', 'radio', 'option', {
      options: [
        'NEW',
        'OPEN',
        'IN_PROGRESS',
        'OPEN_DEAL',
        'UNQUALIFIED',
        'CONNECTED',
        'BAD_TIMING',
      ],
      fill: 0.6,
    }),
    spec('hs_email_optout', 'bool', 'booleancheckbox', 'bool', { fill: 0.7 }),
    datetime('notes_last_updated', { fill: 0.5 }),
  ],
  companies: [
    text('name', 'companyname', { stable: true, fill: 0.98 }),
    text('domain', 'domain', { stable: true, fill: 0.9 }),
    select('industry', [
      'COMPUTER_SOFTWARE',
      'RETAIL',
      'HOSPITALITY',
      'MARKETING_AND_ADVERTISING',
      'FINANCIAL_SERVICES',
      'CONSTRUCTION',
    ]),
    spec('phone', 'string', 'phonenumber', 'phone'),
    text('city', 'city'),
    text('country', 'country'),
    number('numberofemployees', 'count'),
    number('annualrevenue', 'money', { fill: 0.6 }),
    select('lifecyclestage', LIFECYCLE),
    spec('description', 'string', 'textarea', 'textarea', { fill: 0.5 }),
    text('founded_year', 'year', { fill: 0.5 }),
    spec('is_public', 'bool', 'booleancheckbox', 'bool', { fill: 0.7 }),
  ],
  deals: [
    text('dealname', 'dealname', { stable: true, fill: 1 }),
    number('amount', 'money', { fill: 0.9 }),
    spec('dealstage', 'enumeration', 'radio', 'option', { options: DEAL_STAGES, fill: 1 }),
    select('pipeline', ['default'], { fill: 1 }),
    datetime('closedate', { fill: 0.8 }),
    select('dealtype', ['newbusiness', 'existingbusiness'], { fill: 0.7 }),
    select('hs_priority', ['low', 'medium', 'high'], { fill: 0.5 }),
    spec('description', 'string', 'textarea', 'textarea', { fill: 0.3 }),
  ],
  tickets: [
    text('subject', 'subject', { stable: true, fill: 1 }),
    spec('content', 'string', 'textarea', 'textarea', { fill: 0.9 }),
    select('hs_pipeline', ['0'], { fill: 1 }),
    select('hs_pipeline_stage', ['1', '2', '3', '4'], { fill: 1 }),
    select('hs_ticket_priority', ['LOW', 'MEDIUM', 'HIGH', 'URGENT']),
    spec('hs_ticket_category', 'enumeration', 'checkbox', 'multi', {
      options: ['PRODUCT_ISSUE', 'BILLING_ISSUE', 'FEATURE_REQUEST', 'GENERAL_INQUIRY'],
      fill: 0.7,
    }),
    datetime('closed_date', { fill: 0.4 }),
  ],
  products: [
    text('name', 'word', { stable: true, fill: 1 }),
    spec('description', 'string', 'textarea', 'textarea', { fill: 0.7 }),
    number('price', 'money', { fill: 1 }),
    text('hs_sku', 'sku', { stable: true }),
    number('hs_cost_of_goods_sold', 'money', { fill: 0.5 }),
    select('hs_recurring_billing_period', ['P1M', 'P3M', 'P12M'], { fill: 0.3 }),
  ],
  line_items: [
    text('name', 'word', { stable: true, fill: 1 }),
    number('quantity', 'int', { fill: 1 }),
    number('price', 'money', { fill: 1 }),
    number('amount', 'money', { fill: 1, calculated: true }),
    number('hs_product_id', 'ref', { fill: 0.9 }),
    number('discount', 'money', { fill: 0.2 }),
  ],
  quotes: [
    text('hs_title', 'subject', { stable: true, fill: 1 }),
    datetime('hs_expiration_date', { fill: 1 }),
    select(
      'hs_status',
      ['DRAFT', 'APPROVAL_NOT_NEEDED', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED'],
      { fill: 1 },
    ),
    text('hs_public_url_key', 'urlkey', { stable: true }),
    number('hs_quote_amount', 'money'),
    select('hs_language', ['en', 'de', 'fr', 'es']),
  ],
  car: [
    text('model', 'model', { stable: true, hubspotDefined: false, fill: 1 }),
    text('vin', 'vin', { stable: true, unique: true, clean: true, hubspotDefined: false, fill: 1 }),
    select('make', ['Toyota', 'Ford', 'Volkswagen', 'Tesla', 'Honda', 'BMW'], {
      hubspotDefined: false,
    }),
    number('year', 'year', { hubspotDefined: false }),
    select('color', ['red', 'blue', 'black', 'white', 'silver'], { hubspotDefined: false }),
    number('price', 'money', { hubspotDefined: false }),
    spec('purchase_date', 'date', 'date', 'date', { hubspotDefined: false }),
  ],
  calls: engagement('hs_call_title', 'hs_call_body', [
    select('hs_call_direction', ['INBOUND', 'OUTBOUND']),
    number('hs_call_duration', 'count'),
  ]),
  emails: engagement('hs_email_subject', 'hs_email_text', [
    select('hs_email_direction', ['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL']),
    select('hs_email_status', ['SENT', 'BOUNCED', 'FAILED']),
  ]),
  meetings: engagement('hs_meeting_title', 'hs_meeting_body', [
    datetime('hs_meeting_start_time'),
    datetime('hs_meeting_end_time'),
    select('hs_meeting_outcome', ['SCHEDULED', 'COMPLETED', 'NO_SHOW', 'CANCELED']),
  ]),
  notes: engagement('hs_note_body', null, []),
  tasks: engagement('hs_task_subject', 'hs_task_body', [
    select('hs_task_status', ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED']),
    select('hs_task_priority', ['LOW', 'MEDIUM', 'HIGH']),
  ]),
};

function engagement(title: string, body: string | null, more: PropSpec[]): PropSpec[] {
  const specs = [
    datetime('hs_timestamp', { fill: 1 }),
    spec(
      title,
      'string',
      title === 'hs_note_body' ? 'html' : 'text',
      title === 'hs_note_body' ? 'html' : 'subject',
      { fill: 1 },
    ),
  ];
  if (body) specs.push(spec(body, 'string', 'textarea', 'textarea'));
  return [...specs, ...more];
}

/**
 * Every HubSpot property type × sensible fieldType (docs/BEHAVIOR.md), plus names the column-naming rules must handle:
 * over 63 bytes, two that collide when cut to 54 bytes, uppercase and dashes, a leading digit, `id`.
 */
export const COVERAGE: PropSpec[] = [
  text('sbx_text', 'sentence'),
  spec('sbx_textarea', 'string', 'textarea', 'textarea'),
  spec('sbx_html', 'string', 'html', 'html'),
  spec('sbx_file', 'string', 'file', 'file'),
  spec('sbx_phone', 'phone_number', 'phonenumber', 'phone'),
  number('sbx_number', 'decimal'),
  spec('sbx_calculated', 'number', 'calculation_equation', 'int', { calculated: true }),
  spec('sbx_date', 'date', 'date', 'date'),
  datetime('sbx_datetime'),
  select('sbx_select', ['alpha', 'beta', 'gamma', 'delta']),
  spec('sbx_radio', 'enumeration', 'radio', 'option', { options: ['yes', 'no', 'maybe'] }),
  spec('sbx_multi', 'enumeration', 'checkbox', 'multi', {
    options: ['red', 'green', 'blue', 'yellow', 'purple'],
  }),
  spec('sbx_consent', 'enumeration', 'booleancheckbox', 'option', { options: BOOL_OPTIONS }),
  spec('sbx_flag', 'bool', 'booleancheckbox', 'bool'),
  spec('sbx_payload', 'json', 'text', 'json'),
  spec('sbx_location', 'object_coordinates', 'text', 'coordinates'),
  text('sbx_this_property_name_is_deliberately_longer_than_sixty_three_bytes', 'word'),
  text('sbx_two_long_names_share_their_first_fifty_four_bytes_x_alpha_variant', 'word'),
  text('sbx_two_long_names_share_their_first_fifty_four_bytes_x_beta_variant', 'word'),
  number('Legacy-Score', 'int'),
  spec('2fa_enabled', 'bool', 'booleancheckbox', 'bool'),
  text('id', 'word', { label: 'Legacy ID' }),
].map((s) => ({ ...s, hubspotDefined: false }));

const EXTRA_CYCLE: Array<Pick<PropSpec, 'type' | 'fieldType' | 'kind' | 'options'>> = [
  { type: 'string', fieldType: 'text', kind: 'sentence' },
  { type: 'number', fieldType: 'number', kind: 'decimal' },
  { type: 'datetime', fieldType: 'date', kind: 'datetime' },
  {
    type: 'enumeration',
    fieldType: 'select',
    kind: 'option',
    options: ['one', 'two', 'three', 'four'],
  },
  { type: 'bool', fieldType: 'booleancheckbox', kind: 'bool' },
  { type: 'date', fieldType: 'date', kind: 'date' },
  { type: 'string', fieldType: 'textarea', kind: 'textarea' },
  { type: 'enumeration', fieldType: 'checkbox', kind: 'multi', options: ['a', 'b', 'c', 'd', 'e'] },
  { type: 'phone_number', fieldType: 'phonenumber', kind: 'phone' },
  { type: 'json', fieldType: 'text', kind: 'json' },
];

/** `count` generated properties of mixed types, so benchmarks can ask for 50 properties. */
export function extraSpecs(count: number): PropSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    ...(EXTRA_CYCLE[i % EXTRA_CYCLE.length] as PropSpec),
    name: `sbx_extra_${String(i + 1).padStart(3, '0')}`,
    hubspotDefined: false,
  }));
}

/** The property list of one object type at portal start, in display order. */
export function catalogFor(type: ObjectTypeSpec, extraProperties: number): PropSpec[] {
  const merges = ['contacts', 'companies', 'deals', 'tickets'].includes(type.name);
  const own = type.propertySpecs ?? STANDARD[type.name] ?? [];
  const standard = own.map((s) => ({ hubspotDefined: true, ...s }));
  // The coverage set sits on contacts and `car`; generated custom objects keep to their handful.
  const coverage = type.name === 'contacts' || (type.custom && !type.propertySpecs) ? COVERAGE : [];
  const system = systemSpecs(type.createdProperty, type.modifiedProperty, merges).map((s) => ({
    ...s,
    hubspotDefined: true,
  }));
  return [...system, ...standard, ...coverage, ...extraSpecs(extraProperties)];
}
