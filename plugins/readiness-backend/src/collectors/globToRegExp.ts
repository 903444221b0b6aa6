/**
 * A glob could not be understood; the message says why.
 */
export class GlobError extends Error {
  name = 'GlobError';
}

const REGEXP_SPECIAL = /[.+^$()|[\]\\/]/;

/**
 * Turns a glob over `/`-separated relative paths into a regular expression
 * that matches whole paths:
 * - `**` as a whole folder segment: any number of folders (`a/**` is
 *   everything below a; `**` then `/x` is x in any folder, the top one
 *   included);
 * - `*` any characters except `/`; `?` one character except `/`;
 * - `{a,b}` one of the alternatives (which may hold `*`, `?` and `**`, not
 *   another `{`).
 * Everything else is literal; dot files are matched like any other.
 * @throws GlobError for an empty or absolute glob, `..` segments, backslashes,
 *   unbalanced or nested braces, or `**` inside a segment (`a**`)
 */
export function globToRegExp(glob: string): RegExp {
  if (glob.length === 0) throw new GlobError('the glob is empty');
  if (glob.length > 500) throw new GlobError('the glob is over 500 characters');
  if (glob.includes('\\')) {
    throw new GlobError('use / as the folder separator, not \\');
  }
  if (glob.startsWith('/')) {
    throw new GlobError(
      'the glob must be relative to the repository root, not start with /',
    );
  }
  if (glob.split('/').some(segment => segment === '..' || segment === '.')) {
    throw new GlobError("the glob must not hold '.' or '..' segments");
  }
  if (glob.split('/').some(segment => segment === '')) {
    throw new GlobError('the glob must not hold empty segments (//)');
  }
  return new RegExp(`^${translate(glob)}$`);
}

function translate(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const before = i === 0 ? '/' : glob[i - 1];
        const after = glob[i + 2];
        const segmentStart = before === '/' || before === '{' || before === ',';
        const segmentEnd =
          after === undefined ||
          after === '/' ||
          after === '}' ||
          after === ',';
        if (!segmentStart || !segmentEnd) {
          throw new GlobError(
            `'**' must be a whole folder segment (like a/**/b), at character ${
              i + 1
            }`,
          );
        }
        if (after === '/') {
          // `**/` : zero or more folders.
          out += '(?:[^/]*/)*';
          i += 3;
        } else {
          // A trailing `**`: anything below, at any depth.
          out += '.*';
          i += 2;
        }
        continue;
      }
      out += '[^/]*';
      i++;
      continue;
    }
    if (c === '?') {
      out += '[^/]';
      i++;
      continue;
    }
    if (c === '{') {
      const close = glob.indexOf('}', i + 1);
      if (close < 0) {
        throw new GlobError(`'{' at character ${i + 1} is never closed`);
      }
      const body = glob.slice(i + 1, close);
      if (body.includes('{')) {
        throw new GlobError(
          `nested braces are not supported (character ${i + 1})`,
        );
      }
      const alternatives = body.split(',');
      out += `(?:${alternatives.map(translate).join('|')})`;
      i = close + 1;
      continue;
    }
    if (c === '}') {
      throw new GlobError(`'}' at character ${i + 1} has no matching '{'`);
    }
    out += REGEXP_SPECIAL.test(c) ? `\\${c}` : c;
    i++;
  }
  return out;
}
