/**
 * Ids that reach the store from elsewhere than a HubSpot answer (delete sweeps, control paths,
 * association rows) are canonicalised here, with values/record-id.ts, the one canonicaliser;
 * records' own ids arrive canonical from the hubspot/ boundary.
 */
import { canonicalRecordId } from '../values/record-id.js';
import { StoreError } from './errors.js';

export const isRecordId = (id: unknown): id is string =>
  typeof id === 'string' && canonicalRecordId(id) !== undefined;

/** The id in canonical form; throws STORE_RECORD_SHAPE when it is not a bigint. */
export function canonicalId(id: unknown, context: string): string {
  const canonical = typeof id === 'string' ? canonicalRecordId(id) : undefined;
  if (canonical === undefined) {
    throw new StoreError(
      'STORE_RECORD_SHAPE',
      `${context}: id ${JSON.stringify(id)} is not a bigint`,
    );
  }
  return canonical;
}
