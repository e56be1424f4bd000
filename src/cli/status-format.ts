import type { StoreStatus } from '../store/index.js';

const cell = (value: unknown): string =>
  value === null || value === undefined ? '-' : String(value);

/** `replicator status` as a table a person reads; `--json` prints the same data. */
export function formatStatus(status: StoreStatus): string {
  const header = [
    'object',
    'rows',
    'backfill',
    'latest change',
    'rejects',
    'deleted',
    'last error',
  ];
  const rows = status.objects.map((o) => [
    o.objectType,
    `${o.rowsExact ? '' : '~'}${o.rows}`,
    o.backfillState,
    cell(o.latestUpdatedAt),
    String(o.rejects),
    String(o.tombstones),
    cell(o.lastError),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const cursors = status.objects.flatMap((o) =>
    o.cursors.map((c) => `  ${o.objectType} ${c.stage}: ${JSON.stringify(c.value)}`),
  );
  return [
    `schema ${status.schema}`,
    line(header),
    ...rows.map(line),
    '',
    'cursors',
    ...(cursors.length ? cursors : ['  (none)']),
    '',
    `API calls today (${status.apiUsage.day} UTC): ${status.apiUsage.requests}, rate limited: ${status.apiUsage.rateLimited}`,
    '',
  ].join('\n');
}
