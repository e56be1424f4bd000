import { readSchemasPage } from './answer-readers.js';
import type { HubSpotClient } from './client.js';
import { HubSpotResponseError } from './errors.js';
import type { HubSpotSchema, Priority } from './types.js';

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
    const { body } = await client.request<unknown>({
      method: 'GET',
      path,
      qs: { after, archived: opts.archived === undefined ? undefined : String(opts.archived) },
      priority: opts.priority ?? 'sweep',
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const page = readSchemasPage(body, { method: 'GET', path });
    schemas.push(...page.results);
    after = page.paging?.next.after;
    if (after !== undefined && seen.has(after)) {
      throw new HubSpotResponseError('GET', path, `paging cursor ${after} repeated`);
    }
    if (after !== undefined) seen.add(after);
  } while (after !== undefined);
  return schemas;
}
