import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../src/cli/errors.js';
import { ConfigError } from '../../../src/config/errors.js';
import { resolveConfig } from '../../../src/config/resolve.js';
import { channelFor } from '../../../src/store/notify.js';

// The store derives the channel `<schema>_changes` from the schema name, and Postgres identifiers
// stop at 63 bytes: a name of 56-63 bytes is a valid identifier but not a usable schema.
describe('the mirror schema name', () => {
  const longest = 'a'.repeat(55);

  it('accepts the longest name the store can use', () => {
    const { schema } = resolveConfig({ argv: { schema: longest }, env: {} });
    expect(schema).toBe(longest);
    expect(() => channelFor(schema)).not.toThrow();
  });

  for (const length of [56, 60, 63]) {
    const name = 's'.repeat(length);
    it(`rejects ${length} bytes as a usage error naming the flag or the variable`, () => {
      const viaFlag = () => resolveConfig({ argv: { schema: name }, env: {} });
      expect(viaFlag).toThrow(ConfigError);
      expect(viaFlag).toThrow(/^--schema: .*at most 55 bytes\)$/);
      const viaEnv = () => resolveConfig({ argv: {}, env: { REPLICATOR_SCHEMA: name } });
      expect(viaEnv).toThrow(/^REPLICATOR_SCHEMA: .*at most 55 bytes\)$/);
      try {
        viaEnv();
      } catch (error) {
        expect(exitCodeFor(error)).toBe(2);
      }
    });
  }

  it('holds a portal of the config file to the same limit', () => {
    const config = join(mkdtempSync(join(tmpdir(), 'replicator-schema-')), 'replicator.json');
    writeFileSync(config, JSON.stringify({ portals: [{ name: 'p'.repeat(60) }] }));
    expect(() => resolveConfig({ argv: { config }, env: {} })).toThrow(
      /^replicator\.json: portals\[0\]\.name: .*at most 55 bytes\)$/,
    );
  });
});
