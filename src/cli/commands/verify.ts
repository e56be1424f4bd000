import type { CommandModule } from 'yargs';
import { configOptions } from '../../config/index.js';
import { readCatalog } from '../../store/index.js';
import { introspectOptionsOf, selectMirrored } from '../../stages/schema/introspect.js';
import { hasDrift, verifyObject, type VerifyReport } from '../../stages/verify/verify.js';
import { openContext } from '../context.js';

export const verifyCommand: CommandModule<object, Record<string, unknown>> = {
  command: 'verify',
  describe:
    'compare the mirror with the portal (ids, counts, updatedAt) and report drift; --repair fixes it',
  builder: (y) =>
    y.options({
      ...configOptions,
      repair: {
        type: 'boolean',
        default: false,
        describe: 're-read drifting records and fix the mirror',
      },
      json: { type: 'boolean', default: false, describe: 'print JSON' },
    }),
  handler: async (argv) => {
    const ctx = await openContext(argv, { hubspot: true });
    try {
      const catalog = [...(await readCatalog(ctx.store)).objects.values()];
      if (!catalog.length)
        throw new Error('the mirror has no tables yet: run `replicator backfill` first');
      const reports: VerifyReport[] = [];
      for (const object of selectMirrored(catalog, introspectOptionsOf(ctx.config))) {
        reports.push(
          await verifyObject({ store: ctx.store, client: ctx.client }, object, {
            repair: argv.repair === true,
          }),
        );
      }
      process.stdout.write(
        argv.json ? `${JSON.stringify(reports, null, 2)}\n` : formatReports(reports),
      );
      const drifting = reports.filter((r) => hasDrift(r) && !r.repaired);
      if (drifting.length) {
        process.stderr.write(
          `replicator: drift in ${drifting.map((r) => r.object).join(', ')}; run with --repair to fix it\n`,
        );
        process.exitCode = 1;
      }
    } finally {
      await ctx.close();
    }
  },
};

function formatReports(reports: VerifyReport[]): string {
  return `${reports
    .map((r) => {
      const head = `${r.object}: portal ${r.portal}, mirror ${r.mirror}, missing ${r.missing}, extra ${r.extra}, differs ${r.differs}`;
      const repaired = r.repaired
        ? ` — repaired: ${r.repaired.written} written, ${r.repaired.deleted} deleted`
        : '';
      const samples = (['missing', 'extra', 'differs'] as const)
        .filter((k) => r.samples[k].length)
        .map((k) => `\n  ${k}: ${r.samples[k].join(', ')}`)
        .join('');
      return head + repaired + samples;
    })
    .join('\n')}\n`;
}
