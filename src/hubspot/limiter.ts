import Bottleneck from 'bottleneck';
import type { Tier } from '../config/schema.js';
import type { RateLimitHeaders } from './headers.js';
import type { Priority } from './types.js';
import { RollingWindow } from './window.js';

export interface BucketLimit {
  max: number;
  intervalMs: number;
}

export interface LimiterSettings {
  burst: BucketLimit;
  search: BucketLimit;
  /** Requests of the burst bucket in flight at once. */
  maxConcurrent: number;
  searchConcurrent: number;
  /** Fraction of the burst limit we pace at; headroom for other users of the app's bucket. */
  safety: number;
  /** The same for search, which has no headers to adapt to; the rolling-window guard keeps it exact. */
  searchSafety: number;
  /** False paces nothing (a sandbox with limits off); 429 pauses still apply. */
  pacing: boolean;
}

/** HubSpot's burst figures per 10 s (docs/BEHAVIOR.md, "Rate limits"). */
export const TIER_BURST: Readonly<Record<Tier, number>> = {
  free: 100,
  starter: 100,
  professional: 190,
  enterprise: 190,
  addon: 250,
  oauth: 110,
};

/** Daily quotas; a public OAuth app has none. */
export const TIER_DAILY: Readonly<Record<Tier, number | null>> = {
  free: 250_000,
  starter: 250_000,
  professional: 625_000,
  enterprise: 1_000_000,
  addon: 2_000_000,
  oauth: null,
};

export function defaultLimiterSettings(tier: Tier): LimiterSettings {
  return {
    burst: { max: TIER_BURST[tier], intervalMs: 10_000 },
    search: { max: 5, intervalMs: 1_000 },
    maxConcurrent: 8,
    searchConcurrent: 4,
    safety: 0.9,
    searchSafety: 1,
    pacing: true,
  };
}

// bottleneck runs lower numbers first.
const PRIORITY_RANK: Readonly<Record<Priority, number>> = {
  live: 1,
  straggler: 3,
  sweep: 5,
  backfill: 7,
};

export interface PacerState {
  max: number;
  intervalMs: number;
  spacingMs: number;
  /** AIMD factor applied to our pace after HubSpot reported little headroom (1 = full pace). */
  factor: number;
  pausedForMs: number;
  queued: number;
  running: number;
}

/**
 * One bucket's pacing: bottleneck orders waiting requests by priority and spaces their starts
 * evenly (interval / (max × safety)); a RollingWindow guard then admits a request only if the
 * server's rolling window cannot already hold `max` of ours, so jitter cannot cause a 429.
 * Headers adapt it: Max/Interval replace the tier's figures; a low Remaining (another process
 * sharing the app's bucket) slows the pace and pauses briefly, recovering additively.
 */
export interface LimiterClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

class Pacer {
  readonly #bottleneck: Bottleneck;
  readonly #clock: LimiterClock;
  readonly #stopping = new AbortController();
  #pauseGeneration = 0;
  #limit: BucketLimit;
  readonly #safety: number;
  readonly #pacing: boolean;
  #factor = 1;
  #pausedUntil = 0;
  #lastDecreaseAt = Number.NEGATIVE_INFINITY;
  #stopped = false;
  readonly #window: RollingWindow;

  constructor(
    limit: BucketLimit,
    maxConcurrent: number,
    safety: number,
    pacing: boolean,
    clock: LimiterClock,
  ) {
    this.#clock = clock;
    this.#window = new RollingWindow(clock);
    this.#limit = limit;
    this.#safety = safety;
    this.#pacing = pacing;
    this.#bottleneck = new Bottleneck({ maxConcurrent, minTime: this.#spacing() });
    // bottleneck reports failures of its own bookkeeping here; a job's error reaches its caller.
    this.#bottleneck.on('error', () => undefined);
  }

  #spacing(): number {
    if (!this.#pacing) return 0;
    return Math.ceil(this.#limit.intervalMs / (this.#limit.max * this.#safety * this.#factor));
  }

  #applySpacing(): void {
    void this.#bottleneck.updateSettings({ minTime: this.#spacing() });
  }

  schedule<T>(priority: Priority, job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.#bottleneck.schedule({ priority: PRIORITY_RANK[priority] }, async () => {
      if (!this.#pacing) return job();
      const release = await this.#window.acquire(
        () => this.#limit.max,
        () => this.#limit.intervalMs,
        signal,
      );
      try {
        return await job();
      } finally {
        release();
      }
    });
  }

  observe(headers: RateLimitHeaders): void {
    if (!this.#pacing) return;
    const max = headers.max ?? this.#limit.max;
    const intervalMs = headers.intervalMs ?? this.#limit.intervalMs;
    if (max > 0 && (max !== this.#limit.max || intervalMs !== this.#limit.intervalMs)) {
      this.#limit = { max, intervalMs };
      this.#applySpacing();
    }
    const remaining = headers.remaining;
    if (remaining === undefined) return;
    const reserve = Math.max(2, Math.ceil(this.#limit.max * 0.04));
    if (remaining < reserve) {
      const now = this.#clock.now();
      // Answers in flight all report the same dip: slow down once per tenth of an interval.
      if (now - this.#lastDecreaseAt >= this.#limit.intervalMs / 10) {
        this.#lastDecreaseAt = now;
        this.#factor = Math.max(0.25, this.#factor * 0.7);
        this.#applySpacing();
      }
      this.pause(((reserve - remaining) * this.#limit.intervalMs) / this.#limit.max);
    } else if (remaining >= 2 * reserve && this.#factor < 1) {
      this.#factor = Math.min(1, this.#factor + 0.05);
      this.#applySpacing();
    }
  }

  /** Holds every request not yet started for `ms` (queued ones keep their priority order). */
  pause(ms: number): void {
    if (this.#stopped || ms <= 0) return;
    const until = this.#clock.now() + ms;
    if (until <= this.#pausedUntil) return;
    this.#pausedUntil = until;
    const generation = ++this.#pauseGeneration;
    void this.#bottleneck.updateSettings({ reservoir: 0 });
    this.#clock.sleep(ms, this.#stopping.signal).then(
      () => {
        // A longer pause that started meanwhile owns the resume.
        if (generation !== this.#pauseGeneration) return;
        this.#pausedUntil = 0;
        void this.#bottleneck.updateSettings({ reservoir: null });
      },
      () => undefined,
    );
  }

  state(): PacerState {
    const counts = this.#bottleneck.counts();
    return {
      max: this.#limit.max,
      intervalMs: this.#limit.intervalMs,
      spacingMs: this.#spacing(),
      factor: this.#factor,
      pausedForMs: Math.max(0, this.#pausedUntil - this.#clock.now()),
      queued: counts.QUEUED + counts.RECEIVED,
      running: counts.RUNNING + counts.EXECUTING,
    };
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#stopping.abort();
    await this.#bottleneck.stop({ dropWaitingJobs: true }).catch(() => undefined);
  }
}

export type BucketKind = 'standard' | 'search';

/** The burst bucket and the search limiter (search is not counted in the burst bucket). */
export class RequestLimiter {
  readonly #standard: Pacer;
  readonly #search: Pacer;

  constructor(settings: LimiterSettings, clock: LimiterClock) {
    this.#standard = new Pacer(
      settings.burst,
      settings.maxConcurrent,
      settings.safety,
      settings.pacing,
      clock,
    );
    this.#search = new Pacer(
      settings.search,
      settings.searchConcurrent,
      settings.searchSafety,
      settings.pacing,
      clock,
    );
  }

  #pacer(kind: BucketKind): Pacer {
    return kind === 'search' ? this.#search : this.#standard;
  }

  schedule<T>(
    kind: BucketKind,
    priority: Priority,
    job: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    return this.#pacer(kind).schedule(priority, job, signal);
  }

  /** Search answers carry no burst headers, and any they do carry describe the burst bucket. */
  observe(kind: BucketKind, headers: RateLimitHeaders): void {
    if (kind === 'standard') this.#standard.observe(headers);
  }

  pause(kind: BucketKind, ms: number): void {
    this.#pacer(kind).pause(ms);
  }

  state(): { standard: PacerState; search: PacerState } {
    return { standard: this.#standard.state(), search: this.#search.state() };
  }

  async stop(): Promise<void> {
    await Promise.all([this.#standard.stop(), this.#search.stop()]);
  }
}
