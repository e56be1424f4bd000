import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { configOptions } from '../../../src/config/options.js';
import { resolveConfig } from '../../../src/config/resolve.js';
import { SETTING_SOURCES } from '../../../src/config/sources.js';

async function parse(args: string[]): Promise<Record<string, unknown>> {
  return yargs(args).options(configOptions).strict().exitProcess(false).fail(false).parseAsync();
}

describe('configOptions', () => {
  it('declares every flag the settings table reads, plus --config', () => {
    const flags = SETTING_SOURCES.flatMap((source) => (source.flag ? [source.flag] : []));
    expect(Object.keys(configOptions).sort()).toEqual([...flags, 'config'].sort());
  });

  it('has a description and no yargs default, so env and the file can still apply', () => {
    for (const option of Object.values(configOptions)) {
      expect(option.describe).toBeTruthy();
      expect('default' in option).toBe(false);
    }
  });

  it('feeds yargs output straight into resolveConfig, flags over env', async () => {
    const argv = await parse([
      '--poll-interval',
      '2s',
      '--budget-share',
      '0.3',
      '--objects',
      'contacts,deals',
      '--tier',
      'starter',
    ]);
    const config = resolveConfig({
      argv,
      env: { REPLICATOR_POLL_INTERVAL: '9s', REPLICATOR_CONCURRENCY: '5' },
    });
    expect(config.pollIntervalMs).toBe(2000);
    expect(config.budgetShare).toBe(0.3);
    expect(config.objects).toEqual(['contacts', 'deals']);
    expect(config.hubspot.tier).toBe('starter');
    expect(config.concurrency).toBe(5);
  });

  it('leaves numeric flags as strings so a bad number is our error, not NaN', async () => {
    const argv = await parse(['--concurrency', 'many']);
    expect(() => resolveConfig({ argv, env: {} })).toThrow(
      '--concurrency: "many" must be a whole number from 1 to 64',
    );
  });

  it('joins a repeated --objects flag', async () => {
    const argv = await parse(['--objects', 'contacts', '--objects', 'car']);
    expect(resolveConfig({ argv, env: {} }).objects).toEqual(['contacts', 'car']);
  });
});
