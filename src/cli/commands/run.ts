import type { CommandModule } from 'yargs';
import { configOptions } from '../../config/index.js';
import { abortOnSignals, exitAfterClose } from '../../daemon/signals.js';
import { Supervisor } from '../../daemon/supervisor.js';
import { openContext } from '../context.js';

export const runCommand: CommandModule<object, Record<string, unknown>> = {
  command: 'run',
  describe:
    'backfill what is not yet complete, then follow every change until SIGTERM/SIGINT (exit 0)',
  builder: (y) => y.options(configOptions),
  handler: async (argv) => {
    // Listening before anything is opened: a signal during start-up is a clean stop too.
    const controller = new AbortController();
    let onSignal: (signal: NodeJS.Signals, forced: boolean) => void = () => {};
    const release = abortOnSignals(controller, (signal, forced) => onSignal(signal, forced));
    let ctx;
    try {
      ctx = await openContext(argv, { hubspot: true });
    } catch (error) {
      release();
      throw error;
    }
    const { logger } = ctx;
    onSignal = (signal, forced) =>
      logger.warn({ signal, forced }, forced ? 'exiting now' : 'stopping');
    const supervisor = new Supervisor({
      config: ctx.config,
      logger,
      store: ctx.store,
      client: ctx.client,
      close: () => ctx.close(),
    });
    const stop = () => void supervisor.stop();
    if (controller.signal.aborted) stop();
    else controller.signal.addEventListener('abort', stop, { once: true });
    try {
      await supervisor.start();
    } catch (error) {
      await supervisor.stop();
      throw error;
    } finally {
      // Until stop() has finished, a second signal must still force the exit.
      void supervisor.stopped.then(release);
    }
    await supervisor.stopped;
    exitAfterClose();
  },
};
