/** What `X-HubSpot-RateLimit-*` headers of one response said; absent headers stay undefined. */
export interface RateLimitHeaders {
  max?: number;
  remaining?: number;
  intervalMs?: number;
  daily?: number;
  dailyRemaining?: number;
}

interface HeaderSource {
  get(name: string): string | null;
}

function readNumber(headers: HeaderSource, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function readRateLimitHeaders(headers: HeaderSource): RateLimitHeaders {
  const parsed: RateLimitHeaders = {};
  const max = readNumber(headers, 'x-hubspot-ratelimit-max');
  const remaining = readNumber(headers, 'x-hubspot-ratelimit-remaining');
  const intervalMs = readNumber(headers, 'x-hubspot-ratelimit-interval-milliseconds');
  const daily = readNumber(headers, 'x-hubspot-ratelimit-daily');
  const dailyRemaining = readNumber(headers, 'x-hubspot-ratelimit-daily-remaining');
  if (max !== undefined) parsed.max = max;
  if (remaining !== undefined) parsed.remaining = remaining;
  if (intervalMs !== undefined && intervalMs > 0) parsed.intervalMs = intervalMs;
  if (daily !== undefined) parsed.daily = daily;
  if (dailyRemaining !== undefined) parsed.dailyRemaining = dailyRemaining;
  return parsed;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function readRetryAfter(headers: HeaderSource, now: number): number | undefined {
  const raw = headers.get('retry-after');
  if (raw === null || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
