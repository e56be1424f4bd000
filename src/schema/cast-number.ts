/**
 * Numbers: JSON number syntax with surrounding blanks, written out as a plain decimal string so
 * Postgres' numeric keeps every digit. Postgres rejects numerics past its limits with an error
 * that would fail the whole batch, so those limits are checked here and become rejects.
 */

const JSON_NUMBER =
  /^[ \t\r\n]*(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?[ \t\r\n]*$/;
/** Postgres numeric: up to 131072 digits before the point and 16383 after. */
const MAX_INTEGER_DIGITS = 131_072;
const MAX_FRACTION_DIGITS = 16_383;

/** Already plain decimal, well inside numeric's limits: the common case, returned as it is. */
const PLAIN_DECIMAL = /^(?:0|-?[1-9][0-9]{0,30})(?:\.[0-9]{1,30})?$/;

export type NumberResult = { ok: true; value: string } | { ok: false; error: string };

export function normaliseNumber(raw: string): NumberResult {
  if (PLAIN_DECIMAL.test(raw)) return { ok: true, value: raw };
  const match = JSON_NUMBER.exec(raw);
  if (!match) return { ok: false, error: 'not a number (JSON number syntax expected)' };
  const [, sign = '', integer = '', fraction = '', exponentText = '0'] = match;
  // A long exponent is out of range whatever its digits say; stop before Number() rounds it.
  if (exponentText.replace(/^[+-]?0*/, '').length > 7) {
    return { ok: false, error: 'number out of range for numeric' };
  }
  const exponent = Number(exponentText);
  const digits = integer + fraction;
  const point = integer.length + exponent;
  let whole: string;
  let decimals: string;
  if (point <= 0) {
    whole = '0';
    decimals = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    decimals = '';
  } else {
    whole = digits.slice(0, point);
    decimals = digits.slice(point);
  }
  whole = whole.replace(/^0+(?=[0-9])/, '');
  if (whole.length > MAX_INTEGER_DIGITS || decimals.length > MAX_FRACTION_DIGITS) {
    return { ok: false, error: 'number out of range for numeric' };
  }
  const isZero = /^[0.]*$/.test(whole + decimals);
  const text = decimals ? `${whole}.${decimals}` : whole;
  return { ok: true, value: sign && !isZero ? `-${text}` : text };
}
