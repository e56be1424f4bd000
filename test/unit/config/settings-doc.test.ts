import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configOptions } from '../../../src/config/options.js';
import { settingsSchema } from '../../../src/config/schema.js';
import {
  TABLE_END,
  TABLE_START,
  renderSettingsTable,
  withSettingsTable,
} from '../../../src/config/settings-doc.js';
import { SETTINGS } from '../../../src/config/settings.js';

const doc = readFileSync(new URL('../../../docs/CONFIGURATION.md', import.meta.url), 'utf8');

describe('the settings table of docs/CONFIGURATION.md', () => {
  it('is the one rendered from src/config/settings.ts (run `npm run docs:config` to update it)', () => {
    expect(doc).toContain(TABLE_START);
    expect(withSettingsTable(doc)).toBe(doc);
  });

  it('has a row per setting, with its flag, variable and default', () => {
    const table = renderSettingsTable();
    for (const [key, declaration] of Object.entries(SETTINGS)) {
      const row = table.split('\n').find((line) => line.startsWith(`| \`${key}\` `));
      expect(row, key).toBeDefined();
      if ('flag' in declaration) expect(row).toContain(`\`--${declaration.flag}\``);
      expect(row).toContain(`\`${declaration.env}\``);
      if ('default' in declaration) expect(row).toContain(`\`${declaration.default}\``);
    }
  });

  it('fails loudly on a document without the markers', () => {
    expect(() => withSettingsTable('# no table')).toThrow(TABLE_END);
  });
});

describe('the declarations', () => {
  it('derive the schema: every default parses, every key is a schema field', () => {
    expect(Object.keys(settingsSchema.shape)).toEqual(Object.keys(SETTINGS));
    expect(() => settingsSchema.parse({})).not.toThrow();
  });

  it('derive --help: each flag shows its default and its variable', () => {
    for (const declaration of Object.values(SETTINGS)) {
      if (!('flag' in declaration)) continue;
      const { describe: help } = configOptions[declaration.flag];
      expect(help).toContain(`[env ${declaration.env}]`);
      if ('default' in declaration) expect(help).toContain(`(${declaration.default})`);
    }
  });
});
