import type { CommandModule } from 'yargs';
import { configOptions } from '../../config/index.js';
import { migrate } from '../../store/index.js';
import { openContext } from '../context.js';

export const migrateCommand: CommandModule<object, Record<string, unknown>> = {
  command: 'migrate',
  describe: "create or update the mirror schema's own tables (idempotent)",
  builder: (y) => y.options(configOptions),
  handler: async (argv) => {
    const ctx = await openContext(argv, { hubspot: false, migrate: false });
    try {
      const result = await migrate(ctx.store);
      process.stdout.write(`${JSON.stringify({ schema: ctx.config.schema, ...result })}\n`);
    } finally {
      await ctx.close();
    }
  },
};
