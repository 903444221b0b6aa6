import { AdrReference } from './ParsedAdr';
import { parseAdrFileName } from './parseAdrFileName';
import { quote, toPlainText } from './toPlainText';

const LINK = /\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?[^)\n]*\)/g;
const NUMBERED_LABEL =
  /^(?:adr[-_ #]?|#)?0*(\d{1,8})(?:[.:)]|\s+[-\u2013\u2014:])?(?:\s+(.*))?$/i;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const SAFE_SCHEMES = new Set(['http', 'https']);

function fromLabel(label: string): Pick<AdrReference, 'number' | 'title'> {
  const plain = toPlainText(label);
  const numbered = NUMBERED_LABEL.exec(plain);
  if (numbered) {
    return { number: parseInt(numbered[1], 10), title: numbered[2] || null };
  }
  return { number: null, title: plain || null };
}

/**
 * Reads the ADRs named after `Supersedes` / `Superseded by`: markdown links
 * (`[3. Use X](0003-use-x.md)`) or plain names (`ADR-0005, ADR-0006`).
 * Link targets other than relative paths and http(s) URLs are dropped with
 * a warning, so a `javascript:` link never reaches a renderer.
 */
export function parseAdrReferences(
  text: string,
  warnings: string[],
): AdrReference[] {
  const source = text.slice(0, 2000).replace(/^[\s:]+/, '');
  const references: AdrReference[] = [];
  for (const link of source.matchAll(LINK)) {
    const label = fromLabel(link[1]);
    let target = link[2];
    const scheme = SCHEME.exec(target);
    if (
      (scheme && !SAFE_SCHEMES.has(scheme[1].toLowerCase())) ||
      /["'<>`\\]/.test(target)
    ) {
      warnings.push(`ignored the unsafe link target ${quote(target)}`);
      target = '';
    }
    const number =
      label.number ?? (target ? parseAdrFileName(target).number : null);
    references.push({
      number,
      title: label.title,
      target: target || toPlainText(link[1]),
    });
  }
  if (references.length > 0) return references;
  for (const item of source.split(/[,;]|\band\b/)) {
    const plain = toPlainText(item);
    if (plain) references.push({ ...fromLabel(plain), target: plain });
  }
  return references;
}
