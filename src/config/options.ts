import type { Options } from 'yargs';
import { CONFIG_FILE, SETTINGS, type Declarations, type SettingDeclaration } from './settings.js';

/** What `--help` shows for a setting: its help, its default and its variable. */
export function helpLine(declaration: Omit<SettingDeclaration, 'parse' | 'accepts'>): string {
  const fallback = declaration.default ?? declaration.unset?.replaceAll('`', '');
  const shown = fallback === undefined ? '' : ` (${fallback})`;
  const env = declaration.env === undefined ? '' : ` [env ${declaration.env}]`;
  return `${declaration.help}${shown}${env}`;
}

// Every option is a string with no yargs default: the zod schema owns defaults and parsing, so
// the environment and the config file can still supply a value the flag did not.
function option(declaration: Omit<SettingDeclaration, 'parse' | 'accepts'>): Options {
  return { type: 'string', describe: helpLine(declaration), requiresArg: true };
}

type Flag = {
  [K in keyof Declarations]: Declarations[K] extends { flag: infer F extends string } ? F : never;
}[keyof Declarations];

/** Flags every command that reads configuration spreads into its builder. */
export const configOptions = Object.fromEntries([
  [CONFIG_FILE.flag, option(CONFIG_FILE)],
  ...Object.values<SettingDeclaration>(SETTINGS).flatMap((declaration) =>
    declaration.flag === undefined ? [] : [[declaration.flag, option(declaration)]],
  ),
]) as Record<Flag | typeof CONFIG_FILE.flag, Options>;
