import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commands } from './commands/index.js';
import { exitCodeFor, formatCliError } from './errors.js';

/** The `replicator` CLI: wires commands; each command lives in its own file under commands/. */
export async function main(argv: string[]): Promise<void> {
  const cli = yargs(argv)
    .scriptName('replicator')
    .usage('$0 <command> [options]')
    .strict()
    .demandCommand(1, 'Name a command; `replicator --help` lists them.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`replicator: ${message}\n`);
      process.stderr.write('Run with --help for usage.\n');
      process.exit(2);
    });
  for (const command of commands) cli.command(command);
  await cli.parseAsync();
}

main(hideBin(process.argv)).catch((error: unknown) => {
  process.stderr.write(`replicator: ${formatCliError(error)}\n`);
  process.exit(exitCodeFor(error));
});
