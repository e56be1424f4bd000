import { hashInts, pick, rehash, unit } from './hash.js';
import { isoDate, isoString } from './iso.js';
import type { ValueKind } from './property-spec.js';
import type { PropertyType } from './types.js';
import * as W from './word-lists.js';

/** A property's compiled generator (fixed at portal start; a later type change keeps it). */
export interface GenSpec {
  kind: ValueKind;
  salt: number;
  fill: number;
  options: string[];
  stable: boolean;
  badable: boolean;
  /** The property's type at start, which decides what a bad value looks like. */
  type: PropertyType;
}

export interface GenContext {
  badValueRate: number;
  /** The portal's start time: generated dates spread around it. */
  epochMs: number;
  portalId: number;
  /** Salt for a person's name, shared by firstname, lastname and email so they agree. */
  nameSalt: number;
}

const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** The generated value of one property of one record, or null when the record has none. */
export function generateValue(
  g: GenSpec,
  ctx: GenContext,
  index: number,
  version: number,
): string | null {
  const v = g.stable ? 0 : version;
  const h = hashInts(g.salt, index, v);
  if (unit(h) >= g.fill) return null;
  if (g.badable && ctx.badValueRate > 0 && unit(rehash(h, 2)) < ctx.badValueRate) {
    return badValue(g.type, rehash(h, 3), ctx);
  }
  return goodValue(g, ctx, index, rehash(h, 4));
}

function goodValue(g: GenSpec, ctx: GenContext, index: number, h: number): string {
  const h2 = rehash(h, 7);
  switch (g.kind) {
    case 'email':
      // The record index inside the address lets idProperty=email lookups find it without a scan.
      return `${firstName(ctx, index)}.${lastName(ctx, index)}.${index}@${pick(W.COMPANY_WORDS, h)}.example.com`;
    case 'firstname':
      return capitalise(firstName(ctx, index));
    case 'lastname':
      return capitalise(lastName(ctx, index));
    case 'phone':
      return `+1 ${200 + (h % 800)}-555-${String(h2 % 10000).padStart(4, '0')}`;
    case 'companyname':
      return `${capitalise(pick(W.COMPANY_WORDS, h))} ${pick(W.COMPANY_SUFFIXES, h2)}`;
    case 'domain':
      return `${pick(W.COMPANY_WORDS, h)}${index}.example.com`;
    case 'website':
      return `https://www.${pick(W.COMPANY_WORDS, h)}.example.com/${pick(W.WORDS, h2)}`;
    case 'city':
      return pick(W.CITIES, h);
    case 'country':
      return pick(W.COUNTRIES, h);
    case 'jobtitle':
      return pick(W.JOB_TITLES, h);
    case 'word':
      return `${pick(W.ADJECTIVES, h)} ${pick(W.WORDS, h2)}`;
    case 'sentence':
      return `The ${pick(W.ADJECTIVES, h)} ${pick(W.WORDS, h2)} from ${pick(W.CITIES, h >>> 4)}`;
    case 'textarea':
      return `Line one about the ${pick(W.WORDS, h)}.\nLine two, ${pick(W.ADJECTIVES, h2)} and "quoted".`;
    case 'html':
      return `<p>Call about the <b>${pick(W.WORDS, h)}</b> &amp; ${pick(W.WORDS, h2)}</p>`;
    case 'file':
      return `https://f.hubspotusercontent-na1.net/hubfs/${ctx.portalId}/${pick(W.WORDS, h)}-${h2 % 1000}.pdf`;
    case 'int':
      return String(h % 1000);
    case 'count':
      return String(1 + (h % 10000));
    case 'money':
      return (h % 1_000_000) % 7 === 0
        ? String(h % 100_000)
        : `${h % 100_000}.${String(h2 % 100).padStart(2, '0')}`;
    case 'decimal':
      return String(((h % 2_000_000) - 1_000_000) / 1000);
    case 'year':
      return String(1950 + (h % 76));
    case 'date':
      return isoDate(dateMs(ctx, h));
    case 'datetime':
      return isoString(dateMs(ctx, h));
    case 'option':
      return pick(g.options, h);
    case 'multi':
      return pickSome(g.options, h).join(';');
    case 'bool':
      return h % 2 === 0 ? 'true' : 'false';
    case 'json':
      return JSON.stringify({ score: h % 100, tags: pickSome(W.WORDS, h2) });
    case 'coordinates':
      return `0-1/${10_000 + (h % 100_000)}`;
    case 'sku':
      return `SKU-${String(index).padStart(6, '0')}`;
    case 'vin':
      return `1SBX${String(index).padStart(9, '0')}${(h % 36 ** 4).toString(36).toUpperCase().padStart(4, '0')}`;
    case 'urlkey':
      return `${h.toString(16)}${h2.toString(16)}`;
    case 'ref':
      return String(10_000 + (h % 1000));
    case 'dealname':
      return `${capitalise(pick(W.COMPANY_WORDS, h))} - ${pick(W.ADJECTIVES, h2)} ${pick(W.WORDS, h >>> 5)}`;
    case 'subject':
      return `${capitalise(pick(W.ADJECTIVES, h))} ${pick(W.WORDS, h2)} #${index}`;
    case 'model':
      return pick(W.CAR_MODELS, h);
  }
}

/** Values real portals hold that do not match their type: the replicator must reject them. */
function badValue(type: PropertyType, h: number, ctx: GenContext): string {
  const choice = h % 3;
  switch (type) {
    case 'number':
      return ['n/a', '1,5', ''][choice] as string;
    case 'date':
    case 'datetime':
      // Epoch milliseconds instead of ISO: legal for HubSpot, a format the replicator must parse.
      return choice === 2 ? '' : String(dateMs(ctx, h));
    case 'json':
      return choice === 2 ? '' : '{"unterminated": ';
    case 'bool':
      return choice === 2 ? '' : 'yes';
    default:
      return '';
  }
}

function dateMs(ctx: GenContext, h: number): number {
  return ctx.epochMs - 4 * YEAR + Math.floor(unit(h) * 5 * YEAR);
}

function firstName(ctx: GenContext, index: number): string {
  return pick(W.FIRST_NAMES, hashInts(ctx.nameSalt, index, 1));
}

function lastName(ctx: GenContext, index: number): string {
  return pick(W.LAST_NAMES, hashInts(ctx.nameSalt, index, 2));
}

function pickSome<T>(items: readonly T[], h: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) if ((h >>> i) & 1) out.push(items[i] as T);
  return out.length ? out : [items[h % items.length] as T];
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
