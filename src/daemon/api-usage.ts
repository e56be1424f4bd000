/** Counts HubSpot calls from the client's events into `_api_usage`, flushed every few seconds. */
import type { HubSpotClient } from '../hubspot/index.js';
import { addApiUsage, type StoreContext } from '../store/index.js';

const FLUSH_EVERY_MS = 5_000;

export function recordApiUsage(
  client: HubSpotClient,
  store: StoreContext,
): { stop(): Promise<void> } {
  let requests = 0;
  let rateLimited = 0;
  const onRequest = (event: { status: number | string }) => {
    requests++;
    if (event.status === 429) rateLimited++;
  };
  client.events.on('request', onRequest);
  const flush = async () => {
    if (!requests) return;
    const usage = { requests, rateLimited };
    requests = 0;
    rateLimited = 0;
    await addApiUsage(store, usage).catch(() => {
      requests += usage.requests;
      rateLimited += usage.rateLimited;
    });
  };
  const timer = setInterval(() => void flush(), FLUSH_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      client.events.off('request', onRequest);
      await flush();
    },
  };
}
