// Longest text a single field (title, name, status) is read from; keeps the
// tag-stripping loop below cheap on hostile input.
const MAX_FIELD_LENGTH = 1000;

const TAG = /<\/?[A-Za-z!?][^<>]*(?:>|$)/g;
// Link destinations may hold one level of parentheses: `(javascript:x(1))`.
const DESTINATION = String.raw`\((?:[^()\n]|\([^()\n]*\))*\)`;
const IMAGE = new RegExp(String.raw`!\[([^\]\n]*)\]${DESTINATION}`, 'g');
const LINK = new RegExp(
  String.raw`\[([^\]\n]*)\](?:${DESTINATION}|\[[^\]\n]*\])`,
  'g',
);
const STRONG = /\*\*|__|~~/g;
const EMPHASIS_OPEN = /(^|[\s(])[*_](?=\S)/g;
const EMPHASIS_CLOSE = /(\S)[*_](?=$|[\s).,:;!?])/g;
const WHITESPACE = /\s+/g;

/**
 * Removes HTML tags (and what is left of them after a removal joins two
 * halves, as in `<<b>script>`), keeping the text between them.
 */
export function stripTags(text: string): string {
  if (text.indexOf('<') === -1) return text;
  let out = text;
  for (let round = 0; round < 8; round++) {
    const stripped = out.replace(TAG, '');
    if (stripped === out) break;
    out = stripped;
  }
  return /<[A-Za-z!?/]/.test(out) ? out.replace(/</g, '') : out;
}

/**
 * Turns a line of inline markdown into plain text: HTML tags dropped, links
 * and images replaced by their text, emphasis and code marks removed.
 * Never decodes entities, so the result can hold no tag that the input did
 * not already spell with `&lt;`.
 */
export function toPlainText(text: string): string {
  let out =
    text.length > MAX_FIELD_LENGTH ? text.slice(0, MAX_FIELD_LENGTH) : text;
  if (out.indexOf('[') !== -1) {
    out = out.replace(IMAGE, '$1').replace(LINK, '$1');
  }
  out = stripTags(out);
  out = out.replace(/`/g, '').replace(STRONG, '');
  if (out.indexOf('*') !== -1 || out.indexOf('_') !== -1) {
    out = out.replace(EMPHASIS_OPEN, '$1').replace(EMPHASIS_CLOSE, '$1');
  }
  return out.replace(WHITESPACE, ' ').trim();
}

/** Quotes untrusted text for a warning: plain, short, JSON-escaped. */
export function quote(text: string): string {
  const plain = toPlainText(text);
  return JSON.stringify(plain.length > 80 ? `${plain.slice(0, 77)}...` : plain);
}
