/**
 * Message headers stored as JSON text (outbox and dead-letter rows): the
 * string values of the object, or none when the text is unreadable, so a
 * row with broken headers is still published or replayed, without them.
 */
export function parseStoredHeaders(raw: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(parsed)) {
        if (typeof value === 'string') headers[key] = value;
      }
      return headers;
    }
  } catch {
    // unreadable: no headers
  }
  return {};
}
