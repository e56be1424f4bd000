import { describe, expect, it } from 'vitest';
import { RollingWindow } from '../../../src/hubspot/window.js';

function fakeClock() {
  const clock = {
    at: 0,
    now: () => clock.at,
    // Sleeping moves the fake time on, and yields to the event loop like a real sleep.
    sleep: async (ms: number) => {
      clock.at += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
  return clock;
}

describe('RollingWindow', () => {
  it('admits max requests, then waits until the oldest answer is an interval old', async () => {
    const clock = fakeClock();
    const window = new RollingWindow(clock);
    const max = () => 2;
    const interval = () => 1_000;
    const first = await window.acquire(max, interval);
    clock.at = 100;
    first(); // answered at 100: may count at the server until 1,100
    const second = await window.acquire(max, interval);
    await window.acquire(max, interval);
    expect(clock.at).toBeGreaterThanOrEqual(1_100);
    second();
  });

  it('counts a request with no answer yet for as long as it is in flight', async () => {
    const clock = fakeClock();
    const window = new RollingWindow(clock);
    await window.acquire(
      () => 1,
      () => 1_000,
    );
    const controller = new AbortController();
    const waiting = window.acquire(
      () => 1,
      () => 1_000,
      controller.signal,
    );
    // Time passes well past the interval; the slot is still taken.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.at).toBeGreaterThan(5_000);
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
  });
});
