import { describe, expect, expectTypeOf, it } from 'vitest';
import { resolveConfig, selectPortal } from '../../../src/config/resolve.js';
import type { DatabaseConfig } from '../../../src/config/types.js';

// Checked by `tsc --noEmit`: a required value reaches its user as a plain string, no `as string`.
describe('required values are narrowed in the types', () => {
  const env = { DATABASE_URL: 'postgres://db/crm' };

  it('types databaseUrl as a string when the command requires a database', () => {
    const config = resolveConfig({ argv: {}, env, requireDatabase: true });
    expectTypeOf(config.databaseUrl).toEqualTypeOf<string>();
    expect(config.databaseUrl).toBe('postgres://db/crm');
  });

  it('leaves it optional otherwise', () => {
    const config = resolveConfig({ argv: {}, env: {} });
    expectTypeOf(config.databaseUrl).toEqualTypeOf<string | undefined>();
    expect(config.databaseUrl).toBeUndefined();
  });

  it('keeps the narrowing through selectPortal', () => {
    const select = (config: DatabaseConfig) => selectPortal(config, 'acme');
    expectTypeOf(select).returns.toEqualTypeOf<DatabaseConfig>();
  });
});
