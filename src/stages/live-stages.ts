/**
 * The live stages `run` starts, by how many instances each gets: one per mirrored object, one
 * per stored association pair, or one per portal.
 */
import type { Config } from '../config/index.js';
import type { CatalogObject } from '../schema/index.js';
import { createAssociationStage } from './associations/sweep.js';
import { createDeleteStage } from './deletes/deletes.js';
import { createPollerStage } from './poll/poller.js';
import { createSchemaStage } from './schema/drift.js';
import { createStragglerStage } from './poll/straggler.js';
import type { Stage } from './stage.js';

export interface LiveStageFactories {
  perObject: ReadonlyArray<(object: CatalogObject, config: Config) => Stage>;
  /** `from` is the object whose table name sorts first (the stored direction). */
  perPair: ReadonlyArray<(from: CatalogObject, to: CatalogObject, config: Config) => Stage>;
  perPortal: ReadonlyArray<(config: Config) => Stage>;
}

export const LIVE_STAGES: LiveStageFactories = {
  perObject: [
    createPollerStage,
    createStragglerStage,
    (object, config) => createDeleteStage(object, config),
  ],
  perPair: [(from, to, config) => createAssociationStage(from, to, config)],
  perPortal: [createSchemaStage],
};
