/**
 * NATS subject patterns: tokens separated by '.', '*' matches one token and
 * '>' (last token only) one or more tokens.
 */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    const token = p[i]!;
    if (token === '>') return i === p.length - 1 && s.length > i;
    if (i >= s.length) return false;
    if (token !== '*' && token !== s[i]) return false;
  }
  return p.length === s.length;
}

/** The same pattern as a RegExp over whole topic names (Kafka subscriptions). */
export function subjectPatternToRegExp(pattern: string): RegExp {
  const escape = (token: string) => token.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  const parts = pattern.split('.').map((token, i, all) => {
    if (token === '>' && i === all.length - 1) return '[^.]+(?:\\.[^.]+)*';
    if (token === '*') return '[^.]+';
    return escape(token);
  });
  return new RegExp(`^${parts.join('\\.')}$`);
}

export const isWildcard = (pattern: string) =>
  pattern.split('.').some(token => token === '*' || token === '>');
