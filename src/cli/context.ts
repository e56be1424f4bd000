/** What every command that talks to Postgres and HubSpot opens first, and closes last. */
import { createLogger, resolveConfig, type DatabaseConfig, type Logger } from '../config/index.js';
import { createHubSpotClient, type HubSpotClient } from '../hubspot/index.js';
import { migrate, openStore, pingStore, type Store } from '../store/index.js';
import { recordApiUsage } from '../daemon/api-usage.js';

export interface CommandContext {
  config: DatabaseConfig;
  logger: Logger;
  store: Store;
  client?: HubSpotClient;
  close(): Promise<void>;
}

/** The context of a command that calls HubSpot: its client is there. */
export interface HubSpotCommandContext extends CommandContext {
  client: HubSpotClient;
}

export async function openContext(
  argv: Record<string, unknown>,
  needs: { hubspot: true; migrate?: boolean },
): Promise<HubSpotCommandContext>;
export async function openContext(
  argv: Record<string, unknown>,
  needs: { hubspot: boolean; migrate?: boolean },
): Promise<CommandContext>;
export async function openContext(
  argv: Record<string, unknown>,
  needs: { hubspot: boolean; migrate?: boolean },
): Promise<CommandContext> {
  const config = resolveConfig({ argv, requireDatabase: true, requireHubSpot: needs.hubspot });
  const logger = createLogger(config);
  const store = openStore({
    databaseUrl: config.databaseUrl,
    schema: config.schema,
    onError: (error) =>
      logger.warn({ err: error.message }, 'postgres connection lost; reconnecting'),
  });
  try {
    await pingStore(store);
    if (needs.migrate !== false) await migrate(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  const client = needs.hubspot
    ? createHubSpotClient({ ...config.hubspot, budgetShare: config.budgetShare })
    : undefined;
  const usage = client ? recordApiUsage(client, store) : undefined;
  return {
    config,
    logger,
    store,
    ...(client ? { client } : {}),
    async close() {
      await usage?.stop();
      await client?.close();
      await store.close();
    },
  };
}
