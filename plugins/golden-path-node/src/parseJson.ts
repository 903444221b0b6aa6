/**
 * JSON text read from a database column; a missing, empty or broken value
 * (or anything that is not text) reads as `fallback`, so one bad row does
 * not fail a whole page.
 * @public
 */
export function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string' || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
