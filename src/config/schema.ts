import { z } from 'zod';
import { SETTING_ENTRIES, type Declarations, type SettingDeclaration } from './settings.js';

export {
  API_VERSIONS,
  TIERS,
  LOG_LEVELS,
  MAX_COLUMN_BUDGET,
  MAX_CONCURRENCY,
  type ApiVersion,
  type Tier,
  type LogLevel,
} from './parsers.js';
export type { SettingKey } from './settings.js';

type FieldOf<D> = D extends { parse: infer P extends z.ZodType; default: string }
  ? z.ZodPrefault<P>
  : D extends { parse: infer P extends z.ZodType }
    ? z.ZodOptional<P>
    : never;

type SettingsShape = { [K in keyof Declarations]: FieldOf<Declarations[K]> };

// `prefault` runs a default through the same parsing as a value the user gave.
const fieldOf = (declaration: SettingDeclaration) =>
  declaration.default === undefined
    ? declaration.parse.optional()
    : declaration.parse.prefault(declaration.default);

/** Every setting, flat, with its default: derived from the declarations in settings.ts. */
export const settingsSchema = z.object(
  Object.fromEntries(
    SETTING_ENTRIES.map(([key, declaration]) => [key, fieldOf(declaration)]),
  ) as SettingsShape,
);

export type Settings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

type PortalKey = {
  [K in keyof Declarations]: Declarations[K] extends { perPortal: true } ? K : never;
}[keyof Declarations];

/** Settings a portal entry of the config file may override. */
export const PORTAL_KEYS = SETTING_ENTRIES.flatMap(([key, declaration]) =>
  declaration.perPortal ? [key] : [],
) as PortalKey[];
