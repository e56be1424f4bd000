type Listener<T> = (payload: T) => unknown;

/**
 * A typed event emitter whose listeners cannot hurt the emitter: a throwing listener or a
 * rejected promise is reported to `onListenerError` (if given) and otherwise ignored.
 */
export class SafeEmitter<EventMap extends object> {
  readonly #listeners = new Map<keyof EventMap, Set<Listener<never>>>();
  readonly #onListenerError: ((error: unknown, event: keyof EventMap) => void) | undefined;

  constructor(onListenerError?: (error: unknown, event: keyof EventMap) => void) {
    this.#onListenerError = onListenerError;
  }

  /** Returns a function that removes the listener. */
  on<K extends keyof EventMap>(event: K, listener: Listener<EventMap[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => this.off(event, listener);
  }

  off<K extends keyof EventMap>(event: K, listener: Listener<EventMap[K]>): void {
    this.#listeners.get(event)?.delete(listener as Listener<never>);
  }

  emit<K extends keyof EventMap>(event: K, payload: EventMap[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        const result = (listener as Listener<EventMap[K]>)(payload);
        if (result instanceof Promise) result.catch((error: unknown) => this.#report(error, event));
      } catch (error) {
        this.#report(error, event);
      }
    }
  }

  #report(error: unknown, event: keyof EventMap): void {
    try {
      this.#onListenerError?.(error, event);
    } catch {
      // The error reporter itself failed; there is nowhere left to report to.
    }
  }
}
