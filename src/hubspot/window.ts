import type { LimiterClock } from './limiter.js';

/** How often a full window is re-checked while waiting for a slot. */
const POLL_MS = 25;

/**
 * An exact guard for a rolling window limit counted by the server. HubSpot stamps a request
 * somewhere between our send and its answer, so a request may count in the server's window
 * until `answer time + interval`, and while unanswered, indefinitely. Admitting a request only
 * when fewer than `max` requests could still count makes our own traffic unable to draw a 429,
 * whatever the latency or jitter (even spacing alone cannot promise that).
 */
export class RollingWindow {
  #ends: number[] = [];
  #inFlight = 0;

  constructor(private readonly clock: LimiterClock) {}

  #countAt(now: number, intervalMs: number): number {
    this.#ends = this.#ends.filter((end) => end + intervalMs > now);
    return this.#inFlight + this.#ends.length;
  }

  /** Waits for a slot; the returned function records when the request ended. */
  async acquire(
    max: () => number,
    intervalMs: () => number,
    signal?: AbortSignal,
  ): Promise<() => void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      if (this.#countAt(now, intervalMs()) < max()) break;
      const earliest =
        this.#ends.length > 0 ? Math.min(...this.#ends) + intervalMs() - now : POLL_MS;
      await this.clock.sleep(Math.max(1, Math.min(POLL_MS, earliest)), signal);
    }
    this.#inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight -= 1;
      this.#ends.push(this.clock.now());
    };
  }

  size(now: number, intervalMs: number): number {
    return this.#countAt(now, intervalMs);
  }
}
