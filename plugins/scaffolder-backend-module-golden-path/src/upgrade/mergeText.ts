import { diff3Merge } from 'node-diff3';

/**
 * The result of merging one text file three ways.
 * @public
 */
export type TextMerge = {
  /** The merged text; with conflict markers where both sides changed. */
  text: string;
  /** How many conflict hunks the text holds. */
  conflicts: number;
};

/** Lines with their line endings, so a missing final newline is kept. */
function lines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

function withNewline(block: string[], eol: string): string {
  const text = block.join('');
  return text === '' || text.endsWith('\n') ? text : `${text}${eol}`;
}

/** Markers end lines as the file does (git looks at its first line). */
function lineEnding(...texts: string[]): string {
  for (const text of texts) {
    const end = text.indexOf('\n');
    if (end !== -1) return end > 0 && text[end - 1] === '\r' ? '\r\n' : '\n';
  }
  return '\n';
}

/**
 * Three-way merge of one text file, with git's `merge-file` semantics (the
 * default "merge" conflict style): changes made on one side only are taken;
 * the same change on both sides is taken once; where both sides changed the
 * same lines differently, the hunk is written between `<<<<<<< ours` /
 * `=======` / `>>>>>>> theirs` markers, after moving lines that both sides
 * share at the start and end of the hunk out of it (git's "zealous" merge).
 * @public
 */
export function mergeText(options: {
  base: string;
  ours: string;
  theirs: string;
  oursLabel: string;
  theirsLabel: string;
}): TextMerge {
  const { base, ours, theirs } = options;
  if (ours === theirs || theirs === base) return { text: ours, conflicts: 0 };
  if (ours === base) return { text: theirs, conflicts: 0 };

  const regions = diff3Merge(lines(ours), lines(base), lines(theirs), {
    excludeFalseConflicts: true,
  });
  const eol = lineEnding(ours, theirs, base);
  let text = '';
  let conflicts = 0;
  for (const region of regions) {
    if (region.ok) {
      text += region.ok.join('');
      continue;
    }
    const a = region.conflict!.a;
    const b = region.conflict!.b;
    let head = 0;
    while (head < a.length && head < b.length && a[head] === b[head]) head++;
    let tail = 0;
    while (
      tail < a.length - head &&
      tail < b.length - head &&
      a[a.length - 1 - tail] === b[b.length - 1 - tail]
    ) {
      tail++;
    }
    text += a.slice(0, head).join('');
    const aMiddle = a.slice(head, a.length - tail);
    const bMiddle = b.slice(head, b.length - tail);
    if (aMiddle.join('') === bMiddle.join('')) {
      text += aMiddle.join('');
    } else {
      conflicts++;
      text += `<<<<<<< ${options.oursLabel}${eol}${withNewline(
        aMiddle,
        eol,
      )}=======${eol}${withNewline(bMiddle, eol)}>>>>>>> ${
        options.theirsLabel
      }${eol}`;
    }
    text += a.slice(a.length - tail).join('');
  }
  return { text, conflicts };
}
