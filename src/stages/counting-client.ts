/**
 * A view of the shared HubSpot client that counts the calls made through it, so a stage can
 * report its own API cost while other stages use the same client.
 */
import type { HubSpotClient } from '../hubspot/index.js';

export interface CountingClient {
  client: HubSpotClient;
  /** Calls made through `client` so far (each call once, whatever its retries). */
  calls(): number;
}

export function countCalls(client: HubSpotClient): CountingClient {
  let calls = 0;
  const counted: HubSpotClient = Object.create(client, {
    request: {
      value: <T>(request: Parameters<HubSpotClient['request']>[0]) => {
        calls++;
        return client.request<T>(request);
      },
    },
  });
  return { client: counted, calls: () => calls };
}
