import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from '../../../src/config/index.js';
import type { StageRecorder } from '../../../src/daemon/loop.js';
import type { StageContext } from '../../../src/stages/stage.js';

/** A pino logger whose lines land in `lines`, parsed. */
export function captureLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

export function fakeRecorder(): StageRecorder & {
  runs: Array<Parameters<StageRecorder['run']>[0]>;
  errors: Array<Parameters<StageRecorder['error']>[0]>;
} {
  const runs: Array<Parameters<StageRecorder['run']>[0]> = [];
  const errors: Array<Parameters<StageRecorder['error']>[0]> = [];
  return {
    runs,
    errors,
    run: async (run) => void runs.push(run),
    error: async (run) => void errors.push(run),
  };
}

/** The parts of a StageContext a fake stage never touches. */
export function fakeContext(now: () => number): Omit<StageContext, 'signal'> {
  return {
    store: {} as StageContext['store'],
    client: {} as StageContext['client'],
    config: {} as StageContext['config'],
    logger: pino({ level: 'silent' }),
    objects: () => [],
    now,
  };
}
