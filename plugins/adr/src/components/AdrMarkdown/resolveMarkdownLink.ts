import { isAdrFileName } from '@golden-path/plugin-adr-common';

/**
 * What a link or image reference inside an ADR may become.
 * - `external`: an http(s) or mailto URL, rendered as is.
 * - `anchor`: a `#fragment` inside the same document.
 * - `adr`: another ADR of the same folder (path relative to the folder).
 * - `file`: another file of the same folder, served by the ADR backend.
 * - `text`: anything else; rendered without a link or source.
 * @public
 */
export type MarkdownTarget =
  | { kind: 'external'; href: string }
  | { kind: 'anchor'; href: string }
  | { kind: 'adr'; path: string; hash: string }
  | { kind: 'file'; path: string }
  | { kind: 'text' };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Browsers drop tabs, newlines and leading control characters when parsing
 * URLs (`java\tscript:` runs), so schemes are judged on the compacted text.
 */
function compact(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0020\u007f]/g, '');
}

/**
 * Joins a relative reference to the folder of the current ADR and
 * normalises `.`/`..`; null when it climbs out of the ADR folder or is
 * otherwise not a plain relative path.
 */
function resolveRelative(reference: string, adrPath: string): string | null {
  if (reference.startsWith('/') || reference.includes('\\')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(reference);
  } catch {
    return null;
  }
  const parts = adrPath.split('/').slice(0, -1);
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else {
      parts.push(segment);
    }
  }
  return parts.length > 0 ? parts.join('/') : null;
}

/**
 * Decides what a markdown link of the ADR at `adrPath` (relative to its
 * folder) may become. Everything not explicitly allowed becomes text, so a
 * `javascript:`, `data:` or `vbscript:` link never reaches an `href`.
 * @public
 */
export function resolveMarkdownLink(
  href: string | undefined | null,
  adrPath: string,
): MarkdownTarget {
  if (!href) return { kind: 'text' };
  const trimmed = compact(href);
  if (trimmed.startsWith('#')) return { kind: 'anchor', href: trimmed };
  // A protocol-relative URL leaves the app like an absolute one.
  if (trimmed.startsWith('//')) return { kind: 'text' };
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    return ['http', 'https', 'mailto'].includes(scheme)
      ? { kind: 'external', href: trimmed }
      : { kind: 'text' };
  }
  const hashAt = trimmed.indexOf('#');
  const hash = hashAt >= 0 ? trimmed.slice(hashAt) : '';
  const withoutHash = hashAt >= 0 ? trimmed.slice(0, hashAt) : trimmed;
  const queryAt = withoutHash.indexOf('?');
  const reference = queryAt >= 0 ? withoutHash.slice(0, queryAt) : withoutHash;
  const path = resolveRelative(reference, adrPath);
  if (path === null) return { kind: 'text' };
  return isAdrFileName(path)
    ? { kind: 'adr', path, hash }
    : { kind: 'file', path };
}

/**
 * Decides where an image of the ADR at `adrPath` may be loaded from: http(s)
 * as is, a relative path through the ADR backend, anything else (`data:`,
 * `javascript:`, paths out of the folder) not at all.
 * @public
 */
export function resolveImageSource(
  src: string | undefined | null,
  adrPath: string,
):
  | { kind: 'external'; src: string }
  | { kind: 'file'; path: string }
  | {
      kind: 'none';
    } {
  const target = resolveMarkdownLink(src, adrPath);
  if (target.kind === 'external' && /^https?:/i.test(target.href)) {
    return { kind: 'external', src: target.href };
  }
  if (target.kind === 'file' || target.kind === 'adr') {
    return { kind: 'file', path: target.path };
  }
  return { kind: 'none' };
}
