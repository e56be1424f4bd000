/**
 * The one record-id canonicaliser. HubSpot ids are numeric and rows are keyed by Postgres
 * bigint, so `007` and `7` are one record: every layer compares and stores the decimal text of
 * the bigint, without leading zeros. Imports nothing, so hubspot/, store/ and stages/ share it.
 */

/** Postgres bigint's largest value. */
export const MAX_RECORD_ID = 9223372036854775807n;
const MAX_DIGITS = 19;

/** Up to 18 digits, no leading zero: canonical and within bigint, whatever the digits. */
const PLAIN_ID = /^[1-9][0-9]{0,17}$/;
const DIGITS = /^[0-9]+$/;

/**
 * The canonical text of a record id (a string of digits or a non-negative safe integer), or
 * undefined when it is not one or lies past bigint. Callers turn undefined into their own error.
 */
export function canonicalRecordId(id: unknown): string | undefined {
  if (typeof id === 'string') {
    if (PLAIN_ID.test(id)) return id;
    if (!DIGITS.test(id)) return undefined;
    const text = id.replace(/^0+(?=[0-9])/, '');
    if (text.length > MAX_DIGITS || BigInt(text) > MAX_RECORD_ID) return undefined;
    return text;
  }
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return String(id);
  return undefined;
}
