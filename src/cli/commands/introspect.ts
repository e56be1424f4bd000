import type { CommandModule } from 'yargs';
import { configOptions } from '../../config/index.js';
import { renderDdl } from '../../store/render-ddl.js';
import { introspect, introspectOptionsOf } from '../../stages/schema/introspect.js';
import { openContext } from '../context.js';

export const introspectCommand: CommandModule<object, Record<string, unknown>> = {
  command: 'introspect',
  describe:
    "read the portal's object schemas and properties; apply (or with --plan, print) the DDL plan",
  builder: (y) =>
    y.options({
      ...configOptions,
      plan: { type: 'boolean', default: false, describe: 'print the DDL plan without applying it' },
    }),
  handler: async (argv) => {
    const ctx = await openContext(argv, { hubspot: true });
    try {
      const { plan, applied } = await introspect(
        ctx.store,
        ctx.client,
        introspectOptionsOf(ctx.config, { planOnly: argv.plan === true }),
      );
      const statements = renderDdl(plan);
      if (argv.plan) {
        process.stdout.write(
          statements.length ? `${statements.join(';\n')};\n` : '-- the mirror is up to date\n',
        );
      } else {
        ctx.logger.info(
          { steps: applied?.steps.length ?? 0, replanned: applied?.replanned },
          'schema applied',
        );
        process.stdout.write(`applied ${applied?.steps.length ?? 0} schema change(s)\n`);
      }
    } finally {
      await ctx.close();
    }
  },
};
