import type { CommandModule } from 'yargs';
import { configOptions } from '../../config/index.js';
import { abortOnSignals } from '../../daemon/signals.js';
import { readCatalog } from '../../store/index.js';
import { backfillAll } from '../../stages/backfill/backfill-all.js';
import { introspect, introspectOptionsOf } from '../../stages/schema/introspect.js';
import { openContext } from '../context.js';
import { createProgressReporter } from '../progress.js';

export const backfillCommand: CommandModule<object, Record<string, unknown>> = {
  command: 'backfill',
  describe: 'introspect, then load every record and association; resumable; exit 0 when complete',
  builder: (y) =>
    y.options({
      ...configOptions,
      restart: {
        type: 'boolean',
        default: false,
        describe: 'walk every object again from the start',
      },
    }),
  handler: async (argv) => {
    const ctx = await openContext(argv, { hubspot: true });
    const controller = new AbortController();
    const release = abortOnSignals(controller, (signal, forced) =>
      ctx.logger.warn(
        { signal, forced },
        forced ? 'exiting now' : 'stopping after the current page',
      ),
    );
    const progress = createProgressReporter(ctx.logger);
    try {
      const { plan } = await introspect(
        ctx.store,
        ctx.client,
        introspectOptionsOf(ctx.config, { signal: controller.signal }),
      );
      const wanted = new Set(plan.desired.objects.map((o) => o.tableName));
      const catalog = await readCatalog(ctx.store);
      const objects = [...catalog.objects.values()].filter((o) => wanted.has(o.objectType));
      const run = await backfillAll(
        {
          store: ctx.store,
          client: ctx.client,
          signal: controller.signal,
          logger: ctx.logger,
          onProgress: (p) => progress.update(p),
          onError: (object, error) =>
            ctx.logger.error({ object, err: error.message }, 'backfill failed'),
        },
        objects,
        { restart: argv.restart === true, concurrency: ctx.config.concurrency },
      );
      progress.stop();
      for (const r of run.results) {
        ctx.logger.info(
          {
            object: r.object,
            skipped: r.skipped,
            finished: r.finished,
            pages: r.pages,
            ...r.records,
          },
          'backfill',
        );
      }
      if (!run.complete) {
        const reasons = run.failures.map((f) => `${f.object}: ${f.error.message}`);
        if (controller.signal.aborted) reasons.push('interrupted');
        throw new Error(
          `backfill incomplete (${reasons.join('; ') || 'stopped'}); run it again to resume`,
        );
      }
      process.stdout.write(`backfill complete: ${objects.map((o) => o.objectType).join(', ')}\n`);
    } finally {
      progress.stop();
      release();
      await ctx.close();
    }
  },
};
