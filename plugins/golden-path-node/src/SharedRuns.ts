/**
 * Concurrent calls for the same key share one run: while a run for a key is
 * in progress, a second call gets the same promise (the same result or the
 * same error) instead of starting another run. Once it has settled, the next
 * call starts a new one. Per process: replicas each have their own.
 * @public
 */
export class SharedRuns<T> {
  readonly #running = new Map<string, Promise<T>>();

  /** The run in progress for `key`, or a new one of `start`. */
  run(key: string, start: () => Promise<T>): Promise<T> {
    const running = this.#running.get(key);
    if (running) return running;
    const run = Promise.resolve()
      .then(start)
      .finally(() => {
        if (this.#running.get(key) === run) this.#running.delete(key);
      });
    this.#running.set(key, run);
    return run;
  }

  /** Whether a run for `key` is in progress. */
  isRunning(key: string): boolean {
    return this.#running.has(key);
  }
}
