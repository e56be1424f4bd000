/**
 * A CRM record as hubspot/ hands it on, once its answer passed the boundary: `id` canonical
 * (values/record-id.ts), `createdAt`/`updatedAt` (and `archivedAt`) accepted by the strict
 * date-time parser and in its output form, property values text or null. The stages and the
 * store rely on these guarantees instead of checking again.
 */
export interface HubSpotRecord {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived?: boolean;
  archivedAt?: string;
}
