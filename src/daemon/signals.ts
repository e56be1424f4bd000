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
