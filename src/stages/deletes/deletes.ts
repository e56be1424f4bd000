/**
 * The delete stage of one object type, every `--delete-interval`: merges named by
 * survivors, then the archived sweep (a bounded number of pages per tick), then — when due — the
 * id mark-and-sweep. Restores come back through both sweeps. docs/BEHAVIOR.md explains the
 * budgets and why.
 */
import type { Config } from '../../config/index.js';
import type { Stage } from '../stage.js';
import type { CatalogObject } from '../../schema/index.js';
import type { StageFigures } from '../../store/index.js';
import { countCalls } from '../counting-client.js';
import { sweepArchived } from './archived.js';
import { emptyFigures, sweepEnv } from './env.js';
import { sweepIds } from './ids.js';
import { sweepMerges } from './merges.js';
import { passGapMs, type PassSpacing } from './sweep-pass.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface DeleteStageOptions {
  /** Archived-list pages per tick (10: 1,000 archived records; a longer list takes more ticks). */
  archivedPagesPerTick?: number;
  /** Live-list pages per tick of the id sweep (50: 5,000 ids). */
  idPagesPerTick?: number;
  /**
   * Spacing of id sweeps for types that have an archived list, where the id sweep only finds
   * GDPR purges (and merges whose survivor is late): 30 s per page of the last pass, 1 h to 24 h.
   * Types without an archived list sweep ids continuously.
   */
  idSweepSpacing?: PassSpacing;
  /** How long an archived list's 400 is believed before it is tried again (24 h). */
  archivedReprobeMs?: number;
  /** Survivors are re-read this far behind the newest stored change (2 × straggler lag + 10 min). */
  mergeMarginMs?: number;
}

export const DEFAULT_ID_SWEEP_SPACING: PassSpacing = {
  perPageMs: 30_000,
  minGapMs: HOUR,
  maxGapMs: 24 * HOUR,
};

export function createDeleteStage(
  object: CatalogObject,
  config: Pick<Config, 'deleteIntervalMs'>,
  options: DeleteStageOptions = {},
): Stage {
  const archivedPagesPerTick = options.archivedPagesPerTick ?? 10;
  const idPagesPerTick = options.idPagesPerTick ?? 50;
  const spacing = options.idSweepSpacing ?? DEFAULT_ID_SWEEP_SPACING;
  return {
    name: 'deletes',
    object: object.objectType,
    intervalMs: config.deleteIntervalMs,
    async tick(ctx): Promise<StageFigures> {
      const counted = countCalls(ctx.client);
      const figures = emptyFigures();
      // The catalog may have grown columns (hs_merged_object_ids among them) since creation.
      const current = ctx.objects().find((o) => o.objectType === object.objectType) ?? object;
      const env = sweepEnv(
        {
          store: ctx.store,
          client: counted.client,
          object: current,
          signal: ctx.signal,
          logger: ctx.logger,
          now: ctx.now,
        },
        figures,
      );
      try {
        await sweepMerges(
          env,
          options.mergeMarginMs ?? 2 * ctx.config.stragglerLagMs + 10 * MINUTE,
        );
        if (!ctx.signal.aborted) {
          const archived = await sweepArchived(env, {
            pagesPerTick: archivedPagesPerTick,
            reprobeMs: options.archivedReprobeMs ?? 24 * HOUR,
          });
          if (!ctx.signal.aborted) {
            await sweepIds(env, {
              pagesPerTick: idPagesPerTick,
              mayStart: archived !== 'partial',
              archivedList: archived !== 'unsupported',
              gapMs: (lastPages) =>
                archived === 'unsupported' ? 0 : passGapMs(lastPages, spacing),
            });
          }
        }
      } finally {
        figures.apiCalls = counted.calls();
      }
      return { ...figures };
    },
  };
}
