/** HubSpot ids are numeric strings; rows are keyed by bigint, so `007` and `7` are one id. */
import { StoreError } from './errors.js';

const MAX_BIGINT = 9223372036854775807n;

export const isRecordId = (id: unknown): id is string =>
  typeof id === 'string' && /^\d{1,19}$/.test(id) && BigInt(id) <= MAX_BIGINT;

/** Up to 18 digits, no leading zero: canonical and within bigint, whatever the digits. */
const PLAIN_ID = /^[1-9][0-9]{0,17}$/;

/** The id in canonical form; throws STORE_RECORD_SHAPE when it is not a bigint. */
export function canonicalId(id: unknown, context: string): string {
  if (typeof id === 'string' && PLAIN_ID.test(id)) return id;
  if (!isRecordId(id)) {
    throw new StoreError(
      'STORE_RECORD_SHAPE',
      `${context}: id ${JSON.stringify(id)} is not a bigint`,
    );
  }
  return BigInt(id).toString();
}
