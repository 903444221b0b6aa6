import { AdrFormat, AdrReference, AdrStatus, ParsedAdr } from './ParsedAdr';
import { normaliseStatus } from './normaliseStatus';
import { parseAdrDate } from './parseAdrDate';
import { AdrFileName, parseAdrFileName } from './parseAdrFileName';
import { parseAdrReferences } from './parseAdrReferences';
import { readFrontMatter } from './readFrontMatter';
import { quote, stripTags, toPlainText } from './toPlainText';

/** Inputs above this many bytes (UTF-8) are not parsed. */
const MAX_BYTES = 5 * 1024 * 1024;
const MAX_PEOPLE = 200;
const MAX_STATUS_LENGTH = 500;
const KNOWN_STATUSES = 'proposed, accepted, rejected, deprecated, superseded';

type Field =
  | 'status'
  | 'date'
  | 'decisionMakers'
  | 'consulted'
  | 'informed'
  | 'supersedes'
  | 'supersededBy';

const FIELD_BY_KEY = new Map<string, Field>([
  ['status', 'status'],
  ['date', 'date'],
  ['deciders', 'decisionMakers'],
  ['decision-makers', 'decisionMakers'],
  ['decision-maker', 'decisionMakers'],
  ['decisionmakers', 'decisionMakers'],
  ['consulted', 'consulted'],
  ['informed', 'informed'],
  ['supersedes', 'supersedes'],
  ['superseded-by', 'supersededBy'],
  ['supersededby', 'supersededBy'],
]);

const PEOPLE_LABEL = {
  decisionMakers: 'decision makers',
  consulted: 'consulted',
  informed: 'informed',
};

type People = keyof typeof PEOPLE_LABEL;
type Section = 'preamble' | 'status' | 'links' | 'other';

/** What the scan found; the first source to set a field wins. */
type Findings = {
  title: string | null;
  titleLine: number;
  statusRaw: string | null;
  dateRaw: string | null;
  people: Partial<Record<People, string[]>>;
  supersedes: AdrReference[];
  supersededBy: AdrReference[];
  /** The first `Superseded by …` line, which decides the status. */
  supersededByLine: string | null;
  hasBulletMetadata: boolean;
  hasPlainMetadata: boolean;
  hasStatusSection: boolean;
  statusParagraphs: string[][];
  headings: Set<string>;
};

/** `**Status**: accepted` -> key `status`, value `accepted`. */
function readKeyValue(text: string): { field: Field; value: string } | null {
  const colon = text.indexOf(':');
  if (colon < 1 || colon > 40) return null;
  const key = text
    .slice(0, colon)
    .replace(/[*_`]/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-');
  const field = FIELD_BY_KEY.get(key);
  if (!field) return null;
  const value = text
    .slice(colon + 1)
    .replace(/^[\s*_]+/, '')
    .trim();
  return { field, value };
}

/** `Superseded by [3. X](0003-x.md)` -> supersededBy, `[3. X](0003-x.md)`. */
function readRelation(
  text: string,
): { field: 'supersedes' | 'supersededBy'; rest: string } | null {
  const head = text.slice(0, 16).toLowerCase();
  if (head.startsWith('superseded by') || head.startsWith('superceded by')) {
    return { field: 'supersededBy', rest: text.slice(13) };
  }
  if (head.startsWith('replaced by')) {
    return { field: 'supersededBy', rest: text.slice(11) };
  }
  if (head.startsWith('supersedes') || head.startsWith('supercedes')) {
    return { field: 'supersedes', rest: text.slice(10) };
  }
  return null;
}

/** `# 12. Title`, `# ADR-0012: Title`, `# ADR 12 - Title` -> 12, `Title`. */
function splitTitleNumber(title: string): {
  number: number | null;
  title: string;
} {
  const withAdr =
    /^adr[-_ ]?0*(\d{1,8})(?:[.:)]|\s+[-\u2013\u2014:])?\s+(\S.*)$/i.exec(
      title,
    );
  const match =
    withAdr ??
    /^0*(\d{1,8})(?:[.:)]|\s+[-\u2013\u2014:])\s+(\S.*)$/.exec(title);
  return match
    ? { number: parseInt(match[1], 10), title: match[2] }
    : { number: null, title };
}

function isPlaceholder(value: string): boolean {
  return value.startsWith('{') && value.endsWith('}');
}

/** Text for a scalar front matter value; null for anything else. */
function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (value instanceof Date && !isNaN(value.getTime())) {
    return value.toISOString().slice(0, 10);
  }
  return null;
}

function readPeople(
  value: unknown,
  label: string,
  warnings: string[],
): string[] {
  const items: string[] = [];
  const add = (text: string) => {
    if (isPlaceholder(text)) {
      warnings.push(`the ${label} ${quote(text)} is a template placeholder`);
      return;
    }
    for (const part of text.split(/[,;]/)) {
      const name = toPlainText(part);
      if (name && items.length < MAX_PEOPLE) items.push(name);
    }
  };
  if (Array.isArray(value)) {
    for (const entry of value.slice(0, MAX_PEOPLE)) {
      const text = scalarText(entry);
      if (text === null) {
        warnings.push(`an entry of ${label} is not text; ignored`);
      } else if (text) {
        add(text);
      }
    }
  } else {
    const text = scalarText(value);
    if (text === null) {
      if (value !== null && value !== undefined) {
        warnings.push(`${label} is neither text nor a list; ignored`);
      }
    } else if (text) {
      add(text);
    }
  }
  return items;
}

/** Records one metadata value unless an earlier source already set it. */
function record(
  found: Findings,
  field: Field,
  value: unknown,
  warnings: string[],
): void {
  switch (field) {
    case 'status': {
      const text = scalarText(value);
      if (text === null && value !== null && value !== undefined) {
        warnings.push('the status is not text; ignored');
      }
      if (found.statusRaw === null && text) {
        found.statusRaw = text;
        const relation = readRelation(text);
        if (relation?.field === 'supersededBy') {
          found.supersededBy.push(
            ...parseAdrReferences(relation.rest, warnings),
          );
        }
      }
      return;
    }
    case 'date': {
      const text = scalarText(value);
      if (text === null && value !== null && value !== undefined) {
        warnings.push('the date is not text; ignored');
      }
      if (found.dateRaw === null && text) found.dateRaw = text;
      return;
    }
    case 'supersedes':
    case 'supersededBy': {
      const texts = Array.isArray(value) ? value : [value];
      for (const entry of texts.slice(0, MAX_PEOPLE)) {
        const text = scalarText(entry);
        if (text) found[field].push(...parseAdrReferences(text, warnings));
      }
      return;
    }
    default: {
      if (found.people[field] === undefined) {
        found.people[field] = readPeople(value, PEOPLE_LABEL[field], warnings);
      }
    }
  }
}

/** The text of a list item (`* `, `- `, `+ `, `1. `), else null. */
function listItemText(line: string): string | null {
  const c = line.charCodeAt(0);
  if ((c === 42 || c === 45 || c === 43) && /^[*\-+][ \t]/.test(line)) {
    return line.slice(2).trim();
  }
  const ordered = /^\d{1,9}[.)][ \t]+/.exec(line);
  return ordered ? line.slice(ordered[0].length).trim() : null;
}

/** `## Status ##` -> level 2, `Status`; null when not an ATX heading. */
function readHeading(line: string): { level: number; text: string } | null {
  let level = 0;
  while (level < line.length && line.charCodeAt(level) === 35) level++;
  if (level === 0 || level > 6) return null;
  if (level < line.length && line[level] !== ' ' && line[level] !== '\t') {
    return null;
  }
  let end = line.length; // trailing blanks were trimmed by the caller
  let closing = end;
  while (closing > level && line.charCodeAt(closing - 1) === 35) closing--;
  const before = line.charCodeAt(closing - 1);
  if (closing < end && (closing === level || before === 32 || before === 9)) {
    end = closing;
  }
  return { level, text: line.slice(level, end).trim() };
}

// Headings that tell formats and sections apart; longer ones are not read.
const MAX_HEADING_NAME = 24;

/** `**Status:**` -> `status`; null for headings too long to matter. */
function headingName(text: string): string | null {
  if (text.length > MAX_HEADING_NAME + 8) return null;
  const lower = text.toLowerCase();
  const name = /[*_`:]/.test(lower)
    ? lower.replace(/[*_`:]/g, '').trim()
    : lower;
  return name.length > MAX_HEADING_NAME ? null : name;
}

/**
 * One pass over the markdown lines: the H1, metadata lines before the first
 * `##`, the `Status` and `Links` sections, and the headings (for the format).
 * Lines inside fenced code are skipped.
 */
function scanMarkdown(
  text: string,
  start: number,
  firstLine: number,
  found: Findings,
  warnings: string[],
): void {
  let section: Section = 'preamble';
  let fence = '';
  let lineNo = firstLine - 1;
  let pos = start;
  let firstContent: string | null = null;
  let firstContentLine = -1;
  let paragraph: string[] | null = null;
  const length = text.length;

  while (pos <= length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = length;
    const next = end + 1;
    lineNo++;
    let indent = pos;
    while (indent < end && text.charCodeAt(indent) === 32) indent++;
    const c = indent < end ? text.charCodeAt(indent) : -1;
    // 35 '#', 96 '`', 126 '~', 61 '='
    if (
      (section === 'other' && c !== 35 && c !== 96 && c !== 126) ||
      indent - pos > 3
    ) {
      pos = next;
      continue;
    }
    let lineEnd = end;
    while (lineEnd > indent) {
      const last = text.charCodeAt(lineEnd - 1);
      if (last !== 13 && last !== 32 && last !== 9) break;
      lineEnd--;
    }
    const line = text.slice(indent, lineEnd);

    if (fence) {
      if (line.startsWith(fence) && /^([`~])\1*$/.test(line)) fence = '';
      pos = next;
      continue;
    }
    if (c === 96 || c === 126) {
      const open = /^(`{3,}|~{3,})/.exec(line);
      if (open) {
        fence = open[1];
        pos = next;
        continue;
      }
    }
    if (line === '') {
      if (section === 'status') paragraph = null;
      pos = next;
      continue;
    }
    if (c === 35) {
      const heading = readHeading(line);
      if (heading) {
        if (heading.level === 1 && found.title === null) {
          found.title = heading.text;
          found.titleLine = lineNo;
        } else {
          const name = headingName(heading.text);
          if (name !== null) found.headings.add(name);
          if (name === 'status') {
            section = 'status';
            found.hasStatusSection = true;
            paragraph = null;
          } else {
            section = name === 'links' ? 'links' : 'other';
          }
        }
        pos = next;
        continue;
      }
    }
    if (section === 'preamble') {
      if (
        c === 61 &&
        found.title === null &&
        firstContentLine === lineNo - 1 &&
        /^=+$/.test(line)
      ) {
        found.title = firstContent;
        found.titleLine = firstContentLine;
        pos = next;
        continue;
      }
      if (firstContent === null) {
        firstContent = line;
        firstContentLine = lineNo;
      }
      const item = listItemText(line);
      const content = item ?? line;
      const pair = readKeyValue(content);
      if (pair) {
        if (item === null) found.hasPlainMetadata = true;
        else found.hasBulletMetadata = true;
        record(found, pair.field, pair.value, warnings);
      } else {
        const relation = readRelation(content);
        if (relation) record(found, relation.field, relation.rest, warnings);
      }
    } else if (section === 'status') {
      const content = listItemText(line) ?? line;
      const relation = readRelation(content);
      if (relation) {
        record(found, relation.field, relation.rest, warnings);
        if (relation.field === 'supersededBy' && !found.supersededByLine) {
          found.supersededByLine = content;
        }
      }
      if (paragraph === null) {
        paragraph = [];
        found.statusParagraphs.push(paragraph);
      }
      if (found.statusParagraphs.length <= 20) paragraph.push(content);
    } else if (section === 'links') {
      const item = listItemText(line);
      const relation = item === null ? null : readRelation(item);
      if (relation) {
        record(found, relation.field, relation.rest, warnings);
        if (relation.field === 'supersededBy' && !found.supersededByLine) {
          found.supersededByLine = item;
        }
      }
    }
    pos = next;
  }
}

/** The UTF-8 size of `text` when it is over the limit, else null. */
function sizeOverLimit(text: string): number | null {
  // A UTF-16 unit takes one to three bytes: count only when it matters.
  if (text.length * 3 <= MAX_BYTES) return null;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes > MAX_BYTES ? bytes : null;
}

function statusFromSection(found: Findings): string | null {
  let first: string | null = null;
  for (const lines of found.statusParagraphs) {
    const text = lines.join(' ');
    if (/^super[sc]edes\b/i.test(text)) continue;
    if (first === null) first = text;
    if (normaliseStatus(text)) return text;
  }
  return first;
}

function chooseFormat(
  attributes: Map<string, unknown> | null,
  found: Findings,
): AdrFormat {
  const hasMadrKeys =
    attributes !== null &&
    [
      'status',
      'date',
      'deciders',
      'decision-makers',
      'consulted',
      'informed',
    ].some(key => attributes.has(key));
  if (hasMadrKeys) {
    return attributes.has('decision-makers') ||
      found.headings.has('confirmation')
      ? 'madr4'
      : 'madr3';
  }
  if (found.hasBulletMetadata) {
    const madr3 =
      found.people.consulted !== undefined ||
      found.people.informed !== undefined ||
      found.headings.has('consequences') ||
      found.headings.has('validation') ||
      found.headings.has('confirmation') ||
      found.headings.has('more information');
    return madr3 ? 'madr3' : 'madr2';
  }
  if (found.hasStatusSection || found.hasPlainMetadata) return 'nygard';
  return 'unknown';
}

function titleFromSlug(slug: string): string | null {
  const words = slug.replace(/-/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : null;
}

function emptyAdr(path: string, file: AdrFileName | null): ParsedAdr {
  return {
    path,
    number: file?.number ?? null,
    slug: file?.slug ?? '',
    title: file ? titleFromSlug(file.slug) : null,
    status: null,
    statusRaw: null,
    date: file?.date ?? null,
    decisionMakers: [],
    consulted: [],
    informed: [],
    supersedes: [],
    supersededBy: [],
    body: '',
    format: 'unknown',
    warnings: [],
  };
}

function dedupe(references: AdrReference[]): AdrReference[] {
  const seen = new Set<string>();
  return references.filter(reference => {
    const key = `${reference.number}|${reference.target}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function parse(markdown: unknown, pathArg: unknown): ParsedAdr {
  const path = typeof pathArg === 'string' ? pathArg : '';
  const file = parseAdrFileName(path);
  const adr = emptyAdr(path, file);
  const warnings = adr.warnings;
  if (typeof pathArg !== 'string') warnings.push('the path is not a string');
  if (typeof markdown !== 'string') {
    warnings.push('the markdown is not a string; nothing was read');
    return adr;
  }
  const bytes = sizeOverLimit(markdown);
  if (bytes !== null) {
    const mb = (bytes / 1024 / 1024).toFixed(1);
    warnings.push(
      `the file is ${mb} MB (${bytes} bytes), over the 5 MB limit; its content was not read`,
    );
    return adr;
  }

  const text = markdown.charCodeAt(0) === 0xfeff ? markdown.slice(1) : markdown;
  const frontMatter = readFrontMatter(text, warnings);
  const bodyStart = frontMatter?.bodyStart ?? 0;
  const attributes = frontMatter?.attributes ?? null;
  adr.body = bodyStart === 0 ? text : text.slice(bodyStart);

  const found: Findings = {
    title: null,
    titleLine: 0,
    statusRaw: null,
    dateRaw: null,
    people: {},
    supersedes: [],
    supersededBy: [],
    supersededByLine: null,
    hasBulletMetadata: false,
    hasPlainMetadata: false,
    hasStatusSection: false,
    statusParagraphs: [],
    headings: new Set(),
  };
  if (attributes) {
    for (const [key, value] of attributes) {
      const field = FIELD_BY_KEY.get(key.replace(/[\s_]+/g, '-'));
      if (field) record(found, field, value, warnings);
    }
  }
  let firstLine = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < bodyStart; ) {
    firstLine++;
    i = text.indexOf('\n', i + 1);
  }
  scanMarkdown(text, bodyStart, firstLine, found, warnings);
  adr.format = chooseFormat(attributes, found);

  // Title and number
  const titleSource =
    found.title ?? scalarText(attributes?.get('title') ?? null) ?? null;
  if (titleSource !== null) {
    const split = splitTitleNumber(toPlainText(titleSource));
    if (split.number !== null) {
      if (adr.number === null) adr.number = split.number;
      else if (adr.number !== split.number) {
        warnings.push(
          `the title says number ${split.number} but the file name says ${adr.number}; kept ${adr.number}`,
        );
      }
    }
    if (split.title) adr.title = split.title;
    else warnings.push('the title has no text; made it from the file name');
  } else {
    warnings.push('no "# title" heading; made the title from the file name');
  }

  // Status
  let statusRaw = found.statusRaw ?? statusFromSection(found);
  let status: AdrStatus | null = null;
  if (statusRaw !== null) {
    statusRaw = stripTags(statusRaw.slice(0, MAX_STATUS_LENGTH))
      .replace(/\s+/g, ' ')
      .trim();
    status = normaliseStatus(statusRaw);
    if (status === null) {
      warnings.push(
        `the status ${quote(statusRaw)} is not one of ${KNOWN_STATUSES}`,
      );
    }
  }
  if (found.supersededBy.length > 0 && status !== 'superseded') {
    status = 'superseded';
    if (found.supersededByLine) {
      statusRaw = stripTags(found.supersededByLine.slice(0, MAX_STATUS_LENGTH));
    }
  }
  if (statusRaw === null || statusRaw === '') {
    statusRaw = null;
    if (status === null) warnings.push('no status found');
  }
  adr.status = status;
  adr.statusRaw = statusRaw;

  // Date
  if (found.dateRaw !== null) {
    const result = isPlaceholder(found.dateRaw)
      ? ({ date: null, problem: 'unrecognised' } as const)
      : parseAdrDate(found.dateRaw);
    if (result.date) {
      adr.date = result.date;
    } else {
      const why = {
        invalid: 'is not a real calendar date',
        ambiguous: 'is ambiguous (day and month could be either way round)',
        unrecognised: 'is not a date format this parser knows',
      }[result.problem ?? 'unrecognised'];
      warnings.push(`the date ${quote(found.dateRaw)} ${why}`);
    }
  } else if (adr.date === null) {
    warnings.push('no date found');
  }

  adr.decisionMakers = found.people.decisionMakers ?? [];
  adr.consulted = found.people.consulted ?? [];
  adr.informed = found.people.informed ?? [];
  adr.supersedes = dedupe(found.supersedes);
  adr.supersededBy = dedupe(found.supersededBy);
  return adr;
}

/**
 * Reads an ADR in any of the common templates (MADR 2, 3 and 4, Nygard and
 * adr-tools) into one shape. Never throws: what cannot be read is null or
 * empty, with a warning saying why.
 * @public
 */
export function parseAdr(markdown: string, path: string): ParsedAdr {
  try {
    return parse(markdown, path);
  } catch (error) {
    // A last resort: every known input is handled above.
    const adr = emptyAdr(typeof path === 'string' ? path : '', null);
    const message = error instanceof Error ? error.message : String(error);
    adr.warnings.push(`the ADR could not be read: ${quote(message)}`);
    return adr;
  }
}
