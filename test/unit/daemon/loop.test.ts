import { describe, expect, it } from 'vitest';
import { computeErrorDelay, defaultErrorBackoff } from '../../../src/daemon/backoff.js';
import { PORTAL_OBJECT, runStageLoop } from '../../../src/daemon/loop.js';
import type { Stage } from '../../../src/stages/stage.js';
import { captureLogger, fakeContext, fakeRecorder } from './fakes.js';

/** A clock that only moves when told, and a sleep that advances it instead of waiting. */
function fakeTime() {
  let now = 1_700_000_000_000;
  const sleeps: number[] = [];
  return {
    now: () => now,
    advance: (ms: number) => void (now += ms),
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('runStageLoop', () => {
  it('ticks every interval, measured from the start of the previous tick, and records each run', async () => {
    const time = fakeTime();
    const controller = new AbortController();
    const recorder = fakeRecorder();
    let ticks = 0;
    const stage: Stage = {
      name: 'poller',
      object: 'contacts',
      intervalMs: 1_000,
      async tick() {
        ticks++;
        time.advance(300);
        if (ticks === 3) controller.abort();
        return { fetched: ticks, note: 'x' };
      },
    };
    const result = await runStageLoop({
      stage,
      context: fakeContext(time.now),
      signal: controller.signal,
      logger: captureLogger().logger,
      recorder,
      sleep: time.sleep,
    });
    expect(result).toEqual({ ticks: 3, errors: 0, stoppedBy: 'abort' });
    expect(time.sleeps).toEqual([700, 700, 700]);
    expect(recorder.runs.map((r) => [r.objectType, r.stage, r.result.fetched])).toEqual([
      ['contacts', 'poller', 1],
      ['contacts', 'poller', 2],
      ['contacts', 'poller', 3],
    ]);
    expect(recorder.runs[1]!.startedAt.getTime()).toBe(
      recorder.runs[0]!.startedAt.getTime() + 1_000,
    );
  });

  it('starts the next tick at once when a tick outlasts the interval', async () => {
    const time = fakeTime();
    const controller = new AbortController();
    let ticks = 0;
    await runStageLoop({
      stage: {
        name: 'deletes',
        object: 'deals',
        intervalMs: 1_000,
        async tick() {
          time.advance(2_500);
          if (++ticks === 2) controller.abort();
          return {};
        },
      },
      context: fakeContext(time.now),
      signal: controller.signal,
      logger: captureLogger().logger,
      recorder: fakeRecorder(),
      sleep: time.sleep,
    });
    expect(time.sleeps).toEqual([0, 0]);
  });

  it('keeps going after errors, backing off exponentially, and resets after a success', async () => {
    const time = fakeTime();
    const controller = new AbortController();
    const recorder = fakeRecorder();
    const { logger, lines } = captureLogger();
    const outcomes = ['fail', 'fail', 'fail', 'ok', 'fail', 'ok'];
    let i = 0;
    const result = await runStageLoop({
      stage: {
        name: 'associations',
        object: 'companies',
        intervalMs: 5_000,
        async tick() {
          const outcome = outcomes[i++];
          if (i === outcomes.length) controller.abort();
          if (outcome === 'fail') throw Object.assign(new Error(`boom ${i}`), { code: 'X' });
          return { cycles: 1 };
        },
      },
      context: fakeContext(time.now),
      signal: controller.signal,
      logger,
      recorder,
      sleep: time.sleep,
      random: () => 0.5,
      backoff: { baseMs: 1_000, maxMs: 3_000 },
    });
    expect(result).toEqual({ ticks: 6, errors: 4, stoppedBy: 'abort' });
    // 1 s, 2 s, then capped at 3 s; a success waits the interval; the next failure starts over.
    expect(time.sleeps).toEqual([1_000, 2_000, 3_000, 5_000, 1_000, 5_000]);
    expect(recorder.errors.map((e) => e.error)).toEqual(['boom 1', 'boom 2', 'boom 3', 'boom 5']);
    expect(recorder.errors[0]).toMatchObject({ objectType: 'companies', stage: 'associations' });
    expect(recorder.runs).toHaveLength(2);
    const failures = lines.filter((l) => l.msg === 'stage cycle failed');
    expect(failures).toHaveLength(4);
    expect(failures[0]).toMatchObject({
      stage: 'associations',
      object: 'companies',
      err: 'boom 1',
      code: 'X',
      failures: 1,
      level: 50,
    });
  });

  it('stops promptly when aborted during the sleep', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const done = runStageLoop({
      stage: { name: 'poller', object: 'contacts', intervalMs: 60_000, tick: async () => ({}) },
      context: fakeContext(Date.now),
      signal: controller.signal,
      logger: captureLogger().logger,
      recorder: fakeRecorder(),
    });
    setTimeout(() => controller.abort(), 20);
    await expect(done).resolves.toEqual({ ticks: 1, errors: 0, stoppedBy: 'abort' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('lets an in-flight tick finish when aborted, and does not count its abort as an error', async () => {
    const controller = new AbortController();
    const recorder = fakeRecorder();
    let committed = false;
    const done = runStageLoop({
      stage: {
        name: 'poller',
        object: 'contacts',
        intervalMs: 10,
        async tick({ signal }) {
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
          committed = true;
          throw signal.reason;
        },
      },
      context: fakeContext(Date.now),
      signal: controller.signal,
      logger: captureLogger().logger,
      recorder,
    });
    setTimeout(() => controller.abort(new Error('stop')), 10);
    await expect(done).resolves.toEqual({ ticks: 0, errors: 0, stoppedBy: 'abort' });
    expect(committed).toBe(true);
    expect(recorder.errors).toEqual([]);
  });

  it('ends with stoppedBy "lock" when the lock check says no, before ticking', async () => {
    let checks = 0;
    let ticks = 0;
    const result = await runStageLoop({
      stage: {
        name: 'schema',
        intervalMs: 1,
        tick: async () => (ticks++, {}),
      },
      context: fakeContext(Date.now),
      signal: new AbortController().signal,
      logger: captureLogger().logger,
      recorder: fakeRecorder(),
      canTick: async () => ++checks < 3,
      sleep: async () => {},
    });
    expect(result).toEqual({ ticks: 2, errors: 0, stoppedBy: 'lock' });
    expect(ticks).toBe(2);
  });

  it('treats a failing lock check as a lost lock', async () => {
    const result = await runStageLoop({
      stage: { name: 'schema', intervalMs: 1, tick: async () => ({}) },
      context: fakeContext(Date.now),
      signal: new AbortController().signal,
      logger: captureLogger().logger,
      recorder: fakeRecorder(),
      canTick: async () => {
        throw new Error('connection lost');
      },
    });
    expect(result.stoppedBy).toBe('lock');
  });

  it('records portal-wide stages under "*" and survives a recorder that fails', async () => {
    const controller = new AbortController();
    const { logger, lines } = captureLogger();
    let ticks = 0;
    const result = await runStageLoop({
      stage: {
        name: 'schema',
        intervalMs: 1,
        async tick() {
          if (++ticks === 3) controller.abort();
          return { applied: 0 };
        },
      },
      context: fakeContext(Date.now),
      signal: controller.signal,
      logger,
      recorder: {
        run: async (run) => {
          expect(run.objectType).toBe(PORTAL_OBJECT);
          throw new Error('postgres down');
        },
        error: async () => {},
      },
      sleep: async () => {},
    });
    expect(result).toEqual({ ticks: 3, errors: 0, stoppedBy: 'abort' });
    expect(lines.filter((l) => l.msg === 'could not record the stage run')).toHaveLength(3);
  });
});

describe('computeErrorDelay', () => {
  it('doubles from the base up to the cap, with ±20% jitter', () => {
    const backoff = { baseMs: 1_000, maxMs: 60_000 };
    expect([1, 2, 3, 4, 7, 8, 100].map((n) => computeErrorDelay(n, backoff, () => 0.5))).toEqual([
      1_000, 2_000, 4_000, 8_000, 60_000, 60_000, 60_000,
    ]);
    expect(computeErrorDelay(1, backoff, () => 0)).toBe(800);
    expect(computeErrorDelay(1, backoff, () => 0.999999)).toBe(1_200);
  });

  it('never waits longer than a long interval would have, nor less than a short one', () => {
    expect(defaultErrorBackoff(300_000)).toEqual({ baseMs: 1_000, maxMs: 300_000 });
    expect(defaultErrorBackoff(200)).toEqual({ baseMs: 200, maxMs: 60_000 });
  });
});
