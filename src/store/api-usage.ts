/** HubSpot API calls per UTC day, so `status` can show the share of the daily quota used. */
import { sql } from 'kysely';
import type { StoreContext } from './connection.js';

export interface ApiUsage {
  day: string;
  requests: number;
  rateLimited: number;
}

export async function addApiUsage(
  store: StoreContext,
  usage: { requests: number; rateLimited?: number; at?: Date },
): Promise<void> {
  const day = (usage.at ?? new Date()).toISOString().slice(0, 10);
  await sql`insert into ${sql.id(store.schema, '_api_usage')} as u (day, requests, rate_limited)
    values (${day}::date, ${usage.requests}, ${usage.rateLimited ?? 0})
    on conflict (day) do update set requests = u.requests + excluded.requests,
      rate_limited = u.rate_limited + excluded.rate_limited, updated_at = now()`.execute(store.db);
}

export async function readApiUsage(store: StoreContext, day = new Date()): Promise<ApiUsage> {
  const date = day.toISOString().slice(0, 10);
  const { rows } = await sql<{ requests: string; rate_limited: string }>`
    select requests, rate_limited from ${sql.id(store.schema, '_api_usage')} where day = ${date}::date`.execute(
    store.db,
  );
  return {
    day: date,
    requests: Number(rows[0]?.requests ?? 0),
    rateLimited: Number(rows[0]?.rate_limited ?? 0),
  };
}
