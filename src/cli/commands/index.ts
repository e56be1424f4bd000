import type { CommandModule } from 'yargs';
import { backfillCommand } from './backfill.js';
import { demoCommand } from './demo.js';
import { introspectCommand } from './introspect.js';
import { migrateCommand } from './migrate.js';
import { sandboxCommand } from './sandbox.js';
import { runCommand } from './run.js';
import { statusCommand } from './status.js';
import { verifyCommand } from './verify.js';

// Every command of the CLI, in the order `--help` lists them. One file per command.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: Array<CommandModule<any, any>> = [
  sandboxCommand,
  migrateCommand,
  introspectCommand,
  backfillCommand,
  runCommand,
  demoCommand,
  statusCommand,
  verifyCommand,
];
