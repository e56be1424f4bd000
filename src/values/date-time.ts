/**
 * Dates and datetimes, validated field by field (JavaScript's Date.parse accepts far more than
 * ISO 8601 and guesses local time). Years are kept to 0001–9999: what HubSpot produces, and what
 * both Postgres and ISO strings handle without era or sign rules.
 *
 * Imports nothing: hubspot/ checks HubSpot's record dates with it, schema/ casts columns with it.
 */

export type TimeResult = { ok: true; value: string } | { ok: false; error: string };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH_MS = /^-?\d{1,16}$/;
/** ECMAScript's Date range. */
const MAX_EPOCH_MS = 8.64e15;

interface Civil {
  year: number;
  month: number;
  day: number;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (y: number, m: number): number =>
  m === 2 && isLeap(y) ? 29 : (MONTH_DAYS[m] as number);

const validCivil = ({ year, month, day }: Civil): boolean =>
  year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const formatDate = ({ year, month, day }: Civil): string =>
  `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;

function shiftDay(date: Civil, days: -1 | 0 | 1): Civil {
  let { year, month, day } = date;
  day += days;
  if (day < 1) {
    month -= 1;
    if (month < 1) {
      month = 12;
      year -= 1;
    }
    day = daysIn(year, month);
  } else if (day > daysIn(year, month)) {
    day = 1;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return { year, month, day };
}

/** The digits of raw[from, to) as a number, or -1 if one of them is not a digit. */
function digits(raw: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i += 1) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const DASH = 45;

/** Exactly `YYYY-MM-DD` and a real date, checked without a regex or an allocation. */
function isPlainDate(raw: string): boolean {
  if (raw.length !== 10 || raw.charCodeAt(4) !== DASH || raw.charCodeAt(7) !== DASH) return false;
  const year = digits(raw, 0, 4);
  const month = digits(raw, 5, 7);
  const day = digits(raw, 8, 10);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/**
 * Exactly `YYYY-MM-DDTHH:MM:SS.sssZ`, the form HubSpot sends every datetime in, and valid. The
 * fast path of a backfill's commonest value: Postgres takes it as it is.
 */
function isCanonicalUtc(raw: string): boolean {
  if (
    raw.length !== 24 ||
    raw.charCodeAt(10) !== 84 /* T */ ||
    raw.charCodeAt(13) !== 58 /* : */ ||
    raw.charCodeAt(16) !== 58 ||
    raw.charCodeAt(19) !== 46 /* . */ ||
    raw.charCodeAt(23) !== 90 /* Z */ ||
    !isPlainDate(raw.slice(0, 10))
  )
    return false;
  const hour = digits(raw, 11, 13);
  const minute = digits(raw, 14, 16);
  const second = digits(raw, 17, 19);
  return (
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59 &&
    digits(raw, 20, 23) >= 0
  );
}

interface Parsed {
  /** The value rewritten for Postgres' timestamptz input. */
  iso: string;
  /** Its UTC calendar date. */
  utcDate: Civil;
}

function parseDateTime(raw: string): Parsed | string {
  const m = DATE_TIME.exec(raw);
  if (!m) return 'not an ISO 8601 date-time';
  const [, y, mo, d, h, mi, s = '00', frac, zone = 'Z'] = m as unknown as string[];
  const date = { year: Number(y), month: Number(mo), day: Number(d) };
  const hour = Number(h);
  const minute = Number(mi);
  if (!validCivil(date)) return 'not a valid calendar date (years 0001-9999)';
  if (hour > 23 || minute > 59 || Number(s) > 59) return 'not a valid time of day';
  let offsetMinutes = 0;
  let offset = '+00:00';
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return 'not a valid UTC offset';
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
    offset = `${zone[0]}${pad(oh, 2)}:${pad(om, 2)}`;
  }
  const utcMinutes = hour * 60 + minute - offsetMinutes;
  const utcDate = shiftDay(date, utcMinutes < 0 ? -1 : utcMinutes >= 1440 ? 1 : 0);
  if (!validCivil(utcDate)) return 'date outside years 0001-9999';
  const fraction = frac ? `.${frac}` : '';
  return { iso: `${formatDate(date)}T${h}:${mi}:${s}${fraction}${offset}`, utcDate };
}

function parseEpoch(raw: string): Parsed | string | null {
  if (!EPOCH_MS.test(raw)) return null;
  const ms = Number(raw);
  if (Math.abs(ms) > MAX_EPOCH_MS) return 'epoch milliseconds out of range';
  const iso = new Date(ms).toISOString();
  const year = Number(iso.slice(0, 4));
  if (!/^\d{4}-/.test(iso) || year < 1) return 'date outside years 0001-9999';
  return {
    iso,
    utcDate: { year, month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) },
  };
}

/** `YYYY-MM-DD`, an ISO date-time (its UTC date) or epoch milliseconds (UTC date). */
export function castDate(raw: string): TimeResult {
  if (isPlainDate(raw)) return { ok: true, value: raw };
  const plain = DATE_ONLY.exec(raw);
  if (plain) {
    const date = { year: Number(plain[1]), month: Number(plain[2]), day: Number(plain[3]) };
    if (!validCivil(date))
      return { ok: false, error: 'not a valid calendar date (years 0001-9999)' };
    return { ok: true, value: formatDate(date) };
  }
  const parsed = parseEpoch(raw) ?? parseDateTime(raw);
  if (typeof parsed === 'string') {
    return { ok: false, error: `not a date (YYYY-MM-DD, ISO date-time or epoch ms): ${parsed}` };
  }
  return { ok: true, value: formatDate(parsed.utcDate) };
}

/** ISO 8601 date-time (no offset means UTC), a plain date (UTC midnight) or epoch milliseconds. */
export function castDateTime(raw: string): TimeResult {
  if (isCanonicalUtc(raw)) return { ok: true, value: raw };
  if (DATE_ONLY.test(raw)) return castDateTime(`${raw}T00:00:00Z`);
  const parsed = parseEpoch(raw) ?? parseDateTime(raw);
  if (typeof parsed === 'string') {
    return { ok: false, error: `not a datetime (ISO 8601 or epoch ms): ${parsed}` };
  }
  return { ok: true, value: parsed.iso };
}

/**
 * Epoch milliseconds of a date-time castDateTime accepts, NaN otherwise. Date.parse only ever
 * sees the strict parser's own ISO output, which it reads exactly.
 */
export function dateTimeMs(raw: string): number {
  const cast = castDateTime(raw);
  return cast.ok ? Date.parse(cast.value) : Number.NaN;
}
