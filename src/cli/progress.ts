/**
 * Backfill progress: bars with rate and ETA on a terminal, a JSON log line per object every few
 * seconds otherwise (pipes and log collectors get no control characters).
 */
import cliProgress from 'cli-progress';
import type { Logger } from '../config/index.js';
import type { BackfillProgress } from '../stages/backfill/backfill.js';

export interface ProgressReporter {
  update(progress: BackfillProgress): void;
  stop(): void;
}

const LOG_EVERY_MS = 5_000;

export function createProgressReporter(
  logger: Logger,
  tty = process.stderr.isTTY === true,
): ProgressReporter {
  return tty ? barReporter() : logReporter(logger);
}

function barReporter(): ProgressReporter {
  const multibar = new cliProgress.MultiBar(
    {
      format: ' {object} {phase} |{bar}| {value}/{total} · {rate}/s · ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  const started = new Map<string, { at: number; done: number }>();
  return {
    update(p) {
      const key = `${p.object}:${p.phase}`;
      let bar = bars.get(key);
      const total = p.remaining !== undefined ? p.done + p.remaining : Math.max(p.done, 1);
      if (!bar) {
        bar = multibar.create(total, 0, { object: p.object.padEnd(12), phase: p.phase, rate: 0 });
        bars.set(key, bar);
        started.set(key, { at: Date.now(), done: p.done });
      }
      const since = started.get(key)!;
      const seconds = Math.max((Date.now() - since.at) / 1000, 0.001);
      bar.setTotal(total);
      bar.update(p.done, { rate: Math.round((p.done - since.done) / seconds) });
    },
    stop() {
      multibar.stop();
    },
  };
}

function logReporter(logger: Logger): ProgressReporter {
  const last = new Map<string, { at: number; done: number }>();
  return {
    update(p) {
      const key = `${p.object}:${p.phase}`;
      const now = Date.now();
      const prev = last.get(key);
      if (prev && now - prev.at < LOG_EVERY_MS) return;
      last.set(key, { at: now, done: p.done });
      const rate = prev ? Math.round(((p.done - prev.done) * 1000) / (now - prev.at)) : undefined;
      logger.info(
        {
          stage: 'backfill',
          object: p.object,
          phase: p.phase,
          done: p.done,
          remaining: p.remaining,
          rate,
        },
        'progress',
      );
    },
    stop() {},
  };
}
