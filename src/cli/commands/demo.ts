import type { CommandModule } from 'yargs';
import { configOptions, parseDuration, resolveConfig, UsageError } from '../../config/index.js';
import { listenForChanges } from '../../store/change-listener.js';
import { formatDemoBanner } from '../../demo/banner.js';
import type { EmbeddedPostgres } from '../../demo/embedded-postgres.js';
import { abortOnSignals, exitAfterClose } from '../../daemon/signals.js';
import { Supervisor } from '../../daemon/supervisor.js';
import type { Sandbox } from '../../sandbox/index.js';
import { openContext, type HubSpotCommandContext } from '../context.js';

/** Livelier than the production defaults, so changes show up while someone watches. */
const DEMO_SETTINGS: Record<string, string> = {
  'poll-interval': '1s',
  'straggler-lag': '30s',
  'delete-interval': '10s',
  'association-interval': '15s',
  'schema-interval': '1m',
  'log-level': 'warn',
};

const print = (line: string) => process.stdout.write(`${line}\n`);

export const demoCommand: CommandModule<object, Record<string, unknown>> = {
  command: 'demo',
  describe:
    'start a sandbox portal and the replicator against it (DATABASE_URL, else an embedded Postgres)',
  builder: (y) =>
    y.options({
      ...configOptions,
      'pg-port': {
        type: 'number',
        default: 55432,
        describe: 'port of the embedded Postgres (0 = any free port); unused with DATABASE_URL',
      },
      'sandbox-port': { type: 'number', default: 0, describe: 'sandbox port (0 = any free port)' },
      seed: { type: 'number', default: 1, describe: 'sandbox data seed' },
      scale: { type: 'number', default: 1, describe: "multiplies the sandbox's default counts" },
      'write-every': {
        type: 'string',
        default: '3s',
        describe: 'how often the background writer changes the portal (0 = never)',
      },
    }),
  handler: async (argv) => {
    const writeEvery = argv['write-every'] === '0' ? 0 : parseWriteEvery(argv['write-every']);
    const scale = Number(argv.scale);
    if (!(scale >= 0)) throw new UsageError('--scale: must be a non-negative number');
    const given = resolveConfig({ argv, requireDatabase: false, requireHubSpot: false });
    const controller = new AbortController();
    const release = abortOnSignals(controller, (_signal, forced) =>
      print(forced ? 'exiting now' : '\nstopping…'),
    );
    let sandbox: Sandbox | undefined;
    let embedded: EmbeddedPostgres | undefined;
    let ctx: HubSpotCommandContext | undefined;
    try {
      // Loaded here, not at the top: every other command would pay for fastify and the rest.
      const [{ startSandbox }, { DEFAULT_COUNTS }, { startEmbeddedPostgres }, { startDemoWriter }] =
        await Promise.all([
          import('../../sandbox/index.js'),
          import('../../sandbox/portal/options.js'),
          import('../../demo/embedded-postgres.js'),
          import('../../demo/writer.js'),
        ]);
      const counts = Object.fromEntries(
        Object.entries(DEFAULT_COUNTS).map(([type, n]) => [type, Math.round(n * scale)]),
      );
      sandbox = await startSandbox({
        port: Number(argv['sandbox-port']),
        seed: Number(argv.seed),
        portal: { counts },
      });
      if (!given.databaseUrl) {
        print('starting the embedded Postgres…');
        const port = Number(argv['pg-port']);
        // A fresh temporary cluster, removed at stop; fsync off since its data dies with it.
        const settings = { fsync: 'off', synchronous_commit: 'off' };
        embedded = await startEmbeddedPostgres({ port, settings }).catch((error: unknown) => {
          if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
          throw new UsageError(`--pg-port: port ${port} is in use (pass another, or 0 for any)`);
        });
      }
      const databaseUrl = embedded?.url ?? given.databaseUrl;
      ctx = await openContext(
        {
          ...DEMO_SETTINGS,
          ...argv,
          'database-url': databaseUrl,
          'base-url': sandbox.url,
          token: sandbox.token,
          pacing: 'off',
        },
        { hubspot: true },
      );
      const supervisor = new Supervisor({
        config: ctx.config,
        logger: ctx.logger,
        store: ctx.store,
        client: ctx.client,
        close: () => ctx!.close(),
      });
      if (controller.signal.aborted) return;
      print(
        formatDemoBanner({
          sandboxUrl: sandbox.url,
          sandboxToken: sandbox.token,
          databaseUrl: ctx.config.databaseUrl,
          embedded: embedded !== undefined,
          schema: ctx.config.schema,
        }),
      );
      const listener = await listenForChanges(
        ctx.config.databaseUrl,
        ctx.config.schema,
        (e) =>
          print(
            e.op === 'backfill_complete'
              ? `  backfilled ${e.table} (${e.rows} rows)`
              : `  notified: ${e.table} ${e.op} ${e.id ?? ''}`,
          ),
        (error) => ctx!.logger.warn({ err: error.message }, 'change listener'),
      );
      controller.signal.addEventListener('abort', () => void supervisor.stop(), { once: true });
      try {
        await supervisor.start();
      } catch (error) {
        await supervisor.stop();
        await listener.close();
        ctx = undefined;
        throw error;
      }
      const writer =
        writeEvery > 0 && !controller.signal.aborted
          ? startDemoWriter(sandbox.control, {
              everyMs: writeEvery,
              onWrite: (w) => print(`sandbox: ${w.action} ${w.type} ${w.id} (${w.detail})`),
              onError: (error) => print(`sandbox write failed: ${error.message}`),
            })
          : undefined;
      await supervisor.stopped;
      writer?.stop();
      await listener.close();
      ctx = undefined; // closed by the supervisor
    } finally {
      await ctx?.close();
      await sandbox?.close();
      await embedded?.stop();
      release();
    }
    print('demo stopped');
    exitAfterClose();
  },
};

function parseWriteEvery(value: unknown): number {
  try {
    return parseDuration(String(value));
  } catch (error) {
    throw new UsageError(`--write-every: ${(error as Error).message}`);
  }
}
