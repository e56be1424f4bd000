/**
 * The association sweeper of one object pair, every `--association-interval`, in
 * the stored direction (`from` sorts first). Each tick runs the pair's cycle to its end
 * (cycle.ts). Whether the portal defines the pair comes from the process's pair cache
 * (pair-cache.ts), learned at most once per `--schema-interval`: a pair it does not define is
 * skipped without a call. When either side had a restore since the last tick, the cached fingerprints of the
 * pair are forgotten: the mirror deleted a restored record's rows, but HubSpot's sets look as
 * before.
 */
import type { Config } from '../../config/index.js';
import type { Stage } from '../stage.js';
import type { CatalogObject } from '../../schema/index.js';
import type { StageFigures } from '../../store/index.js';
import type { AssociationFigures } from './cycle.js';
import { runAssociationCycle } from './cycle.js';
import { assertStoredDirection } from './read.js';
import { sharedPairCache, type PairCache } from './pair-cache.js';
import { countCalls } from '../counting-client.js';
import {
  fingerprintScope,
  sharedFingerprintCache,
  type FingerprintCache,
} from './fingerprint-cache.js';
import { readRestoreMarker } from '../restore-marker.js';

export interface AssociationStageOptions {
  /** Defaults to the process-wide cache (1,000,000 sets, each re-checked after an hour). */
  cache?: FingerprintCache;
  /** Defaults to the process-wide pair cache, shared with the backfill's load. */
  pairs?: PairCache;
  /** A cursor with nothing written alongside is saved at most this often (5 s). */
  cursorSaveMs?: number;
}

export function createAssociationStage(
  from: CatalogObject,
  to: CatalogObject,
  config: Pick<Config, 'associationIntervalMs' | 'schemaIntervalMs'>,
  options: AssociationStageOptions = {},
): Stage {
  assertStoredDirection(from, to);
  const cache = options.cache ?? sharedFingerprintCache();
  const scope = fingerprintScope();
  const pairs = options.pairs ?? sharedPairCache();
  let markers: string | undefined;
  return {
    name: 'associations',
    object: `${from.objectType}->${to.objectType}`,
    intervalMs: config.associationIntervalMs,
    async tick(ctx): Promise<StageFigures> {
      const counted = countCalls(ctx.client);
      const figures: AssociationFigures & { defined: boolean } = {
        ids: 0,
        apiCalls: 0,
        changedSets: 0,
        rowsInserted: 0,
        rowsUpdated: 0,
        rowsDeleted: 0,
        cacheHits: 0,
        cycleComplete: false,
        defined: true,
      };
      try {
        const pair = await pairs.lookup(from, to, {
          client: counted.client,
          call: { priority: 'sweep', signal: ctx.signal },
          now: ctx.now,
          maxAgeMs: config.schemaIntervalMs,
          scope: ctx.store.schema,
        });
        figures.defined = pair.defined;
        if (pair.defined) {
          const seen = `${await readRestoreMarker(ctx.store, from.objectType)}|${await readRestoreMarker(ctx.store, to.objectType)}`;
          if (markers !== undefined && markers !== seen) scope.forget();
          markers = seen;
          await runAssociationCycle({
            store: ctx.store,
            client: counted.client,
            from,
            to,
            signal: ctx.signal,
            now: ctx.now,
            cache,
            cacheKey: scope.key,
            cursorSaveMs: options.cursorSaveMs ?? 5_000,
            figures,
          });
        }
      } finally {
        figures.apiCalls = counted.calls();
      }
      return { ...figures };
    },
  };
}
