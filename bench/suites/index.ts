export interface BenchSuite {
  name: string;
  run(): Promise<Record<string, unknown>>;
}

import * as associationSweep from './association-sweep.js';
import * as backfill from './backfill.js';
import * as latency from './latency.js';
import * as sandboxHttp from './sandbox-http.js';
import * as sandboxModel from './sandbox-model.js';
import * as upsert from './upsert.js';

// Suites in the order they run. Each lives in its own file in this folder.
export const suites: BenchSuite[] = [
  sandboxModel,
  sandboxHttp,
  upsert,
  backfill,
  latency,
  associationSweep,
];
