import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import type { OAuthAuth } from '../../../src/config/types.js';
import { createHubSpotClient } from '../../../src/hubspot/client.js';
import { listObjectsPage } from '../../../src/hubspot/objects.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';

const oauth = { clientId: 'client-7', clientSecret: 'secret-7', refreshToken: 'refresh-7' };
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 3, oauth, knobs: { oauthTokenTtlSec: 2 } });
});
afterAll(() => sandbox.close());

function clientWith(accessToken?: string) {
  const auth: OAuthAuth = {
    kind: 'oauth',
    refreshToken: new Secret(oauth.refreshToken),
    clientId: oauth.clientId,
    clientSecret: new Secret(oauth.clientSecret),
    ...(accessToken ? { accessToken: new Secret(accessToken) } : {}),
  };
  return createHubSpotClient(
    {
      baseUrl: sandbox.url,
      apiVersion: '2026-03',
      auth,
      budgetShare: 1,
      tier: 'oauth',
      requestTimeoutMs: 30_000,
      pacing: true,
    },
    { limits: 'off' },
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('OAuth against the sandbox', () => {
  it('refreshes ahead of expiry through a stream of calls, with no 401 at all', async () => {
    sandbox.control.resetStats();
    const client = clientWith();
    for (let i = 0; i < 25; i += 1) {
      const page = await listObjectsPage(client, 'contacts', { priority: 'live', limit: 1 });
      expect(page.results).toHaveLength(1);
      await pause(200);
    }
    expect(client.stats().tokenRefreshes).toBeGreaterThanOrEqual(4);
    expect(sandbox.control.stats().byStatus['401']).toBeUndefined();
    await client.close();
  });

  it('refreshes once and retries when a token of unknown age expires mid-stream', async () => {
    sandbox.control.setKnobs({ oauthTokenTtlSec: 1 });
    const { access_token: given } = sandbox.control.issueAccessToken();
    sandbox.control.setKnobs({ oauthTokenTtlSec: 30 });
    sandbox.control.resetStats();
    const client = clientWith(given);
    await listObjectsPage(client, 'contacts', { priority: 'live', limit: 1 });
    await pause(1_200);
    const page = await listObjectsPage(client, 'contacts', { priority: 'live', limit: 1 });
    expect(page.results).toHaveLength(1);
    expect(sandbox.control.stats().byStatus['401']).toBe(1);
    expect(client.stats().tokenRefreshes).toBe(1);
    await client.close();
  });
});
