import { isoDate } from './parseAdrDate';

/** What an ADR's file name says about it. */
export type AdrFileName = {
  /** The last path segment without `.md` / `.markdown`. */
  stem: string;
  number: number | null;
  slug: string;
  date: string | null;
};

const EXTENSION = /\.(?:md|markdown)$/i;
const DATE_PREFIX = /^(\d{4})-?(\d{2})-?(\d{2})[-_ ]+(.*)$/;
const NUMBER_PREFIX = /^(?:adr[-_ ]?)?(\d{1,8})(?:[-_. ]+(.*))?$/i;

/** Lower-case words of letters and digits joined by dashes. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** The last segment of a `/` or `\` separated path. */
export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut === -1 ? path : path.slice(cut + 1);
}

/**
 * Reads `0001-use-postgres.md`, `adr-0001-…`, `ADR-001 Use Postgres.md` and
 * date-prefixed `20201016-use-the-slug.md` (number null, date from the name).
 */
export function parseAdrFileName(path: string): AdrFileName {
  const stem = baseName(path).replace(EXTENSION, '').slice(0, 300);
  const dated = DATE_PREFIX.exec(stem);
  if (dated) {
    const date = isoDate(+dated[1], +dated[2], +dated[3]);
    if (date) {
      return { stem, number: null, slug: slugify(dated[4]), date };
    }
  }
  const numbered = NUMBER_PREFIX.exec(stem);
  if (numbered) {
    return {
      stem,
      number: parseInt(numbered[1], 10),
      slug: slugify(numbered[2] ?? '') || slugify(stem),
      date: null,
    };
  }
  return { stem, number: null, slug: slugify(stem), date: null };
}
