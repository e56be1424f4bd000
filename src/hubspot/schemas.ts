import type { HubSpotClient } from './client.js';
import { HubSpotResponseError } from './errors.js';
import type { HubSpotSchema, Paging, Priority } from './types.js';

/** `GET /crm-object-schemas/{v}/schemas`: the portal's custom object types, every page. */
export async function listCustomSchemas(
  client: HubSpotClient,
  opts: { priority?: Priority; signal?: AbortSignal; archived?: boolean } = {},
): Promise<HubSpotSchema[]> {
  const path = client.paths.schemas();
  const schemas: HubSpotSchema[] = [];
  let after: string | undefined;
  const seen = new Set<string>();
  do {
    const { body } = await client.request<{ results?: HubSpotSchema[]; paging?: Paging }>({
      method: 'GET',
      path,
      qs: { after, archived: opts.archived === undefined ? undefined : String(opts.archived) },
      priority: opts.priority ?? 'sweep',
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (!body || !Array.isArray(body.results)) {
      throw new HubSpotResponseError('GET', path, 'schemas answer has no results array');
    }
    schemas.push(...body.results);
    after = body.paging?.next?.after;
    if (after !== undefined && seen.has(after)) {
      throw new HubSpotResponseError('GET', path, `paging cursor ${after} repeated`);
    }
    if (after !== undefined) seen.add(after);
  } while (after !== undefined);
  return schemas;
}
