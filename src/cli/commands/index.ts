import type { CommandModule } from 'yargs';
import { sandboxCommand } from './sandbox.js';

// Every command of the CLI, in the order `--help` lists them. One file per command.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: Array<CommandModule<any, any>> = [sandboxCommand];
