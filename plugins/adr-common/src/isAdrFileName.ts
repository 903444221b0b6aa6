import { baseName } from './parseAdrFileName';

const TEMPLATE = /^(?:adr[-_]?)?(?:0+[-_])?template(?:[-_.].*)?$/i;

/**
 * True for a markdown file (`.md`, `.markdown`) that is an ADR rather than a
 * README, an index or a template (`template.md`, `adr-template.md`,
 * `0000-template.md`).
 * @public
 */
export function isAdrFileName(path: string): boolean {
  if (typeof path !== 'string') return false;
  const name = baseName(path);
  const match = /^(.+)\.(?:md|markdown)$/i.exec(name);
  if (!match) return false;
  const stem = match[1];
  if (/^(?:readme|index)$/i.test(stem)) return false;
  return !TEMPLATE.test(stem);
}
