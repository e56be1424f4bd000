/** What `demo` prints once it is up: where things are and what to try. */
import { channelFor } from '../store/index.js';

export function formatDemoBanner(info: {
  sandboxUrl: string;
  sandboxToken: string;
  databaseUrl: string;
  embedded: boolean;
  schema: string;
}): string {
  const { schema } = info;
  const psqlUrl = info.embedded ? info.databaseUrl : '<your DATABASE_URL>';
  return [
    '',
    'hubspot-replicator demo',
    `  sandbox portal  ${info.sandboxUrl}  (token ${info.sandboxToken})`,
    info.embedded
      ? `  Postgres        ${info.databaseUrl}  (embedded Postgres, temporary: gone when the demo stops)`
      : '  Postgres        DATABASE_URL',
    `  mirror schema   ${schema}`,
    '',
    'Query the mirror:',
    /* eslint-disable no-restricted-syntax -- queries printed for the user to try, never run here */
    `  psql "${psqlUrl}"`,
    `  select count(*) from ${schema}.contacts;`,
    `  select id, firstname, lastname, jobtitle, _updated_at from ${schema}.contacts order by _updated_at desc limit 5;`,
    `  select c.name, count(*) from ${schema}.companies c join ${schema}.associations a`,
    `    on a.from_type = 'companies' and a.from_id = c.id and a.to_type = 'contacts'`,
    `    group by c.name order by 2 desc limit 5;`,
    `  select * from ${schema}._deleted order by deleted_at desc limit 5;`,
    /* eslint-enable no-restricted-syntax */
    '',
    'Watch changes arrive (psql shows them after your next command):',
    `  listen ${channelFor(schema)};`,
    '',
    'A background writer changes the portal every few seconds; each change notification is',
    'printed below. More queries: sql/examples.sql. Stop with Ctrl-C.',
    '',
  ].join('\n');
}
