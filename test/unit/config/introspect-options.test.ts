import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/resolve.js';
import { introspectOptionsOf } from '../../../src/stages/schema/introspect.js';

describe('introspectOptionsOf', () => {
  it('carries --objects and --column-budget, and what the run adds', () => {
    const config = resolveConfig({
      argv: { objects: 'contacts,deals', 'column-budget': '200' },
      env: {},
    });
    const signal = new AbortController().signal;
    expect(introspectOptionsOf(config, { planOnly: true, signal })).toEqual({
      objects: ['contacts', 'deals'],
      columnBudget: 200,
      planOnly: true,
      signal,
    });
  });

  it('leaves objects out when none are named, so every default object is mirrored', () => {
    const options = introspectOptionsOf(resolveConfig({ argv: {}, env: {} }));
    expect(options).toEqual({ columnBudget: 1000 });
    expect('objects' in options).toBe(false);
  });
});
