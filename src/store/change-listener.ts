/** LISTENs on a mirror's change channel and hands each notification over, parsed. */
import pg from 'pg';
import { channelFor } from './index.js';
import { coerceError } from '../config/index.js';

export interface ChangeEvent {
  table: string;
  op: string;
  id?: string;
  rows?: number;
}

export async function listenForChanges(
  databaseUrl: string,
  schema: string,
  onChange: (event: ChangeEvent) => void,
  onError: (error: Error) => void,
): Promise<{ close(): Promise<void> }> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    application_name: 'hubspot-replicator:listen',
  });
  client.on('error', onError);
  const channel = channelFor(schema);
  client.on('notification', (message) => {
    if (message.channel !== channel || !message.payload) return;
    try {
      onChange(JSON.parse(message.payload) as ChangeEvent);
    } catch (error) {
      onError(coerceError(error));
    }
  });
  await client.connect();
  await client.query(`listen ${client.escapeIdentifier(channel)}`);
  return { close: () => client.end().catch(() => {}) };
}
