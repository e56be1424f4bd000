import type { CommandModule } from 'yargs';
import { configOptions } from '../../config/index.js';
import { readStatus } from '../../store/index.js';
import { openContext } from '../context.js';
import { formatStatus } from '../status-format.js';

export const statusCommand: CommandModule<object, Record<string, unknown>> = {
  command: 'status',
  describe: 'per object: rows, backfill state, cursors, last error; API budget used',
  builder: (y) =>
    y.options({
      ...configOptions,
      json: { type: 'boolean', default: false, describe: 'print JSON' },
    }),
  handler: async (argv) => {
    const ctx = await openContext(argv, { hubspot: false });
    try {
      const status = await readStatus(ctx.store);
      process.stdout.write(
        argv.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status),
      );
    } finally {
      await ctx.close();
    }
  },
};
