import type { ObjectStatus, StageCycle, StoreStatus } from '../store/index.js';

const cell = (value: unknown): string =>
  value === null || value === undefined ? '-' : String(value);

/** `850ms`, `12s`, `4m`, `3h`, `2d`: how long ago, or how far behind. */
export function formatAge(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Math.round(ms / 1_000)}s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)}m`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)}h`;
  return `${Math.round(ms / 86_400_000)}d`;
}

/**
 * How fresh the mirror of an object is: the age of the last completed live poll's start (the
 * mirror holds every change search showed up to then). Not the time since the newest change.
 */
export function formatFreshness(
  o: Pick<ObjectStatus, 'backfillState' | 'freshAsOf'>,
  now: number,
): string {
  if (o.backfillState !== 'complete') return 'backfilling';
  if (o.freshAsOf === null) return '—';
  return `fresh ${formatAge(Math.max(0, now - new Date(o.freshAsOf).getTime()))} ago`;
}

const figure = (cycle: StageCycle, key: string): number =>
  typeof cycle.figures[key] === 'number' ? (cycle.figures[key] as number) : 0;

function describeDeletes(cycle: StageCycle): string {
  const parts = ['archived', 'merged', 'purged', 'restored'].map((k) => `${k} ${figure(cycle, k)}`);
  return `${parts.join(', ')}; API calls ${figure(cycle, 'apiCalls')}`;
}

function describeAssociations(cycle: StageCycle): string {
  const rows = `+${figure(cycle, 'rowsInserted')} ~${figure(cycle, 'rowsUpdated')} -${figure(cycle, 'rowsDeleted')}`;
  return `${cycle.object}: ${figure(cycle, 'changedSets')} sets changed (${rows} rows) of ${figure(cycle, 'ids')} ids; API calls ${figure(cycle, 'apiCalls')}`;
}

function cycleLines(o: ObjectStatus, now: number): string[] {
  const ago = (c: StageCycle) =>
    c.finishedAt ? `${formatAge(now - c.finishedAt.getTime())} ago` : '';
  const lines: string[] = [];
  if (o.lastDeleteCycle)
    lines.push(
      `  ${o.objectType} deletes ${ago(o.lastDeleteCycle)}: ${describeDeletes(o.lastDeleteCycle)}`,
    );
  if (o.lastAssociationCycle)
    lines.push(
      `  ${o.objectType} associations ${ago(o.lastAssociationCycle)}: ${describeAssociations(o.lastAssociationCycle)}`,
    );
  if (o.lastStageError)
    lines.push(
      `  ${o.objectType} last stage error (${o.lastStageError.stage}): ${o.lastStageError.error}`,
    );
  return lines;
}

function formatBudget(status: StoreStatus): string[] {
  const usage = status.apiUsage;
  const lines = [
    `API calls today (${usage.day} UTC): ${usage.requests}, rate limited: ${usage.rateLimited}`,
  ];
  const budget = status.apiBudget;
  if (budget?.dailyLimit) {
    const share =
      budget.portalUsedShare === null
        ? ''
        : `, ${(budget.portalUsedShare * 100).toFixed(1)}% used by the portal (${budget.portalRemaining} left)`;
    lines.push(
      `daily quota ${budget.dailyLimit}${share}; this process may use ${cell(budget.allowedForProcess)}`,
    );
  }
  return lines;
}

/** `replicator status` as a table a person reads; `--json` prints the same data. */
export function formatStatus(status: StoreStatus, now = Date.now()): string {
  const header = [
    'object',
    'rows',
    'backfill',
    'freshness',
    'straggler catches',
    'rejects',
    'deleted',
    'last error',
  ];
  const rows = status.objects.map((o) => [
    o.objectType,
    `${o.rowsExact ? '' : '~'}${o.rows}`,
    o.backfillState,
    formatFreshness(o, now),
    cell(o.stragglerCatches),
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
  const cycles = status.objects.flatMap((o) => cycleLines(o, now));
  return [
    `schema ${status.schema}`,
    line(header),
    ...rows.map(line),
    '',
    'last cycles',
    ...(cycles.length ? cycles : ['  (none yet: `replicator run` records them)']),
    '',
    'cursors',
    ...(cursors.length ? cursors : ['  (none)']),
    '',
    ...formatBudget(status),
    '',
  ].join('\n');
}
