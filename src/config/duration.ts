const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;
const UNIT_ORDER: readonly Unit[] = ['h', 'm', 's', 'ms'];
const PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;

/** The hint every duration error ends with, so users see the accepted forms. */
export const DURATION_HINT = 'use 500ms, 30s, 5m, 1h';

/**
 * Parses `500ms`, `30s`, `5m`, `1h` and combinations with units in descending order (`1m30s`,
 * `1h0m5s`) into milliseconds. A bare number is rejected: without a unit it is ambiguous.
 */
export function parseDuration(text: string): number {
  const source = text.trim();
  if (source === '') throw new RangeError(`"${text}" is not a duration (${DURATION_HINT})`);
  let total = 0;
  let lastUnit = -1;
  PART.lastIndex = 0;
  while (PART.lastIndex < source.length) {
    const start = PART.lastIndex;
    const match = PART.exec(source);
    if (!match || match.index !== start) {
      throw new RangeError(`"${text}" is not a duration (${DURATION_HINT})`);
    }
    const unitIndex = UNIT_ORDER.indexOf(match[2] as Unit);
    if (unitIndex <= lastUnit) {
      throw new RangeError(`"${text}" is not a duration (${DURATION_HINT})`);
    }
    lastUnit = unitIndex;
    total += Number(match[1]) * UNIT_MS[match[2] as Unit];
  }
  if (!Number.isFinite(total))
    throw new RangeError(`"${text}" is not a duration (${DURATION_HINT})`);
  return Math.round(total);
}

/** Formats milliseconds the way parseDuration reads them (`90000` → `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0ms';
  let rest = Math.round(ms);
  let text = '';
  for (const unit of UNIT_ORDER) {
    const size = UNIT_MS[unit];
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}
