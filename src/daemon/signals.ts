/**
 * SIGINT/SIGTERM: the first aborts `controller` so work finishes its in-flight batch, commits and
 * returns; a second one exits at once.
 */
export function abortOnSignals(
  controller: AbortController,
  onSignal?: (signal: NodeJS.Signals, forced: boolean) => void,
): () => void {
  const handler = (signal: NodeJS.Signals) => {
    const forced = controller.signal.aborted;
    onSignal?.(signal, forced);
    if (forced) process.exit(130);
    controller.abort(new Error(`received ${signal}`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** Resolves on the first SIGINT/SIGTERM; a second one forces the exit. */
export function waitForSignal(): Promise<void> {
  const controller = new AbortController();
  abortOnSignals(controller);
  return new Promise((resolve) =>
    controller.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

/**
 * Called when a command has closed everything it opened: a handle someone forgot to unref must
 * not keep the process alive, so it exits a second later whatever is left.
 */
export function exitAfterClose(): void {
  setTimeout(() => process.exit(process.exitCode ?? 0), 1_000).unref();
}
