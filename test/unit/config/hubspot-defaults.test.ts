import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/resolve.js';

// The HubSpot client has no defaults of its own: config hands it every value resolved.
describe('the HubSpot settings config resolves for the client', () => {
  it('paces a token at professional limits, with a 30 s request deadline', () => {
    const { hubspot } = resolveConfig({ argv: {}, env: { HUBSPOT_ACCESS_TOKEN: 'pat' } });
    expect(hubspot).toMatchObject({ tier: 'professional', requestTimeoutMs: 30_000, pacing: true });
  });

  it("paces OAuth at the OAuth app's limits unless a tier is given", () => {
    const env = {
      HUBSPOT_REFRESH_TOKEN: 'r',
      HUBSPOT_CLIENT_ID: 'c',
      HUBSPOT_CLIENT_SECRET: 's',
    };
    expect(resolveConfig({ argv: {}, env }).hubspot.tier).toBe('oauth');
    expect(resolveConfig({ argv: { tier: 'enterprise' }, env }).hubspot.tier).toBe('enterprise');
  });

  it('gives each portal of the config file the tier of its own auth', () => {
    const config = join(mkdtempSync(join(tmpdir(), 'replicator-tier-')), 'replicator.json');
    writeFileSync(
      config,
      JSON.stringify({
        portals: [
          { name: 'acme', token: 'pat' },
          { name: 'globex', refreshToken: 'r', clientId: 'c', clientSecret: 's' },
        ],
      }),
    );
    const { portals } = resolveConfig({ argv: { config }, env: {} });
    expect(portals?.map((p) => p.hubspot.tier)).toEqual(['professional', 'oauth']);
  });
});
