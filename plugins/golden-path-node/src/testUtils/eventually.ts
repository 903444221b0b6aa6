/**
 * Reads `read()` until it answers `expected` (deep-equal as JSON) or
 * `timeoutMs` has passed, and answers the last value, for a test to
 * `expect(...)` on: a view a `SharedSnapshot` rebuilds in the background
 * shows the new state a moment after the first read that found it old.
 * @public
 */
export async function eventually<T>(
  read: () => Promise<T>,
  expected: T,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const wanted = JSON.stringify(expected);
  for (;;) {
    const value = await read();
    if (JSON.stringify(value) === wanted || Date.now() > deadline) {
      return value;
    }
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}
