export { parseDuration, formatDuration, DURATION_HINT } from './duration.js';
export { Secret, isSecret } from './secret.js';
export { UsageError, ConfigError, isConfigError, coerceError } from './errors.js';
export { resolveConfig, selectPortal, type ResolveConfigInput } from './resolve.js';
export { configOptions } from './options.js';
export { createLogger, redactSensitive, type Logger } from './logger.js';
export {
  API_VERSIONS,
  TIERS,
  LOG_LEVELS,
  MAX_COLUMN_BUDGET,
  settingsSchema,
  type ApiVersion,
  type Tier,
  type LogLevel,
} from './schema.js';
export { SETTING_SOURCES, describeSetting } from './sources.js';
export { SETTINGS, CONFIG_FILE, type SettingDeclaration, type SettingKey } from './settings.js';
export type {
  Config,
  DatabaseConfig,
  HubSpotConfig,
  HubSpotAuth,
  StaticAuth,
  OAuthAuth,
  NoAuth,
  PortalConfig,
  SettingFields,
} from './types.js';
