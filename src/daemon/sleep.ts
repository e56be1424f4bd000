/**
 * Resolves after `ms`, or as soon as any of `signals` aborts (never rejects): a loop then sees
 * the abort itself. Listeners are removed either way, so a long-lived signal does not collect them.
 */
export function sleepUnlessAborted(
  ms: number,
  ...signals: Array<AbortSignal | undefined>
): Promise<void> {
  const live = signals.filter((s): s is AbortSignal => s !== undefined);
  return new Promise<void>((resolve) => {
    if (ms <= 0 || live.some((s) => s.aborted)) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      for (const s of live) s.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of live) s.addEventListener('abort', done, { once: true });
  });
}
