import { parseDocument } from 'yaml';
import { readSimpleYaml } from './readSimpleYaml';
import { quote } from './toPlainText';

// ADR front matter is a handful of keys; anything larger is not worth the
// YAML parser's time and memory.
const MAX_FRONT_MATTER_LENGTH = 64 * 1024;
// Small: ADRs have no reason for aliases, and this bounds "billion laughs".
const MAX_ALIAS_COUNT = 20;

/** The front matter of an ADR, if it opens with one. */
export type FrontMatter = {
  /** Where the markdown after the front matter starts. */
  bodyStart: number;
  /** The keys (lower-cased) when the front matter is a YAML mapping. */
  attributes: Map<string, unknown> | null;
};

function isDelimiter(text: string, start: number, end: number): boolean {
  let stop = end;
  while (stop > start && /[ \t\r]/.test(text[stop - 1])) stop--;
  const line = text.slice(start, stop);
  return line === '---' || line === '...';
}

/**
 * Finds a `---` front matter block at the start of `text` and parses it with
 * the `yaml` package: merge keys off, few aliases, no directives. Problems
 * become warnings; the body then starts after the block all the same.
 */
export function readFrontMatter(
  text: string,
  warnings: string[],
): FrontMatter | null {
  if (!text.startsWith('---')) return null;
  const firstEnd = text.indexOf('\n');
  const openEnd = firstEnd === -1 ? text.length : firstEnd;
  let stop = openEnd;
  while (stop > 3 && /[ \t\r]/.test(text[stop - 1])) stop--;
  if (stop !== 3) return null; // `----` is a thematic break, `--- x` text
  if (firstEnd === -1) {
    warnings.push('the front matter is not closed by a "---" line');
    return null;
  }
  let lineStart = firstEnd + 1;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    if (isDelimiter(text, lineStart, lineEnd)) {
      const yaml = text.slice(firstEnd + 1, lineStart);
      const bodyStart = nl === -1 ? text.length : nl + 1;
      return { bodyStart, attributes: parseYaml(yaml, warnings) };
    }
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  warnings.push(
    'the front matter is not closed by a "---" line; read the file as markdown',
  );
  return null;
}

function parseYaml(
  yaml: string,
  warnings: string[],
): Map<string, unknown> | null {
  if (yaml.length > MAX_FRONT_MATTER_LENGTH) {
    warnings.push(
      `the front matter is ${yaml.length} characters long, over the ${MAX_FRONT_MATTER_LENGTH} read; ignored`,
    );
    return null;
  }
  if (/^%/m.test(yaml)) {
    warnings.push('the front matter has a YAML directive (%…); ignored');
    return null;
  }
  const simple = readSimpleYaml(yaml);
  if (simple) return withLowerCaseKeys(simple, warnings);
  let value: unknown;
  try {
    const doc = parseDocument(yaml, {
      merge: false,
      prettyErrors: false,
      uniqueKeys: false,
    });
    if (doc.errors.length > 0) {
      const message = doc.errors[0].message.split('\n')[0];
      warnings.push(`the front matter is not valid YAML: ${quote(message)}`);
      return null;
    }
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    warnings.push(`the front matter could not be read: ${quote(message)}`);
    return null;
  }
  if (value === null || value === undefined) {
    warnings.push('the front matter is empty');
    return null;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    warnings.push(`the front matter is ${kind}, not a mapping; ignored`);
    return null;
  }
  return withLowerCaseKeys(new Map(Object.entries(value)), warnings);
}

function withLowerCaseKeys(
  entries: Map<string, unknown>,
  warnings: string[],
): Map<string, unknown> | null {
  if (entries.size === 0) {
    warnings.push('the front matter is empty');
    return null;
  }
  const attributes = new Map<string, unknown>();
  for (const [key, entry] of entries) {
    if (key === '<<') {
      warnings.push('the front matter uses a merge key (<<); not supported');
      continue;
    }
    attributes.set(key.trim().toLowerCase(), entry);
  }
  return attributes;
}
