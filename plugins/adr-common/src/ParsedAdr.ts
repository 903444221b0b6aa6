/**
 * The lifecycle state of a decision, normalised from whatever the ADR says.
 * @public
 */
export type AdrStatus =
  | 'proposed'
  | 'accepted'
  | 'rejected'
  | 'deprecated'
  | 'superseded';

/**
 * Every normalised status, in lifecycle order, plus `unknown` for ADRs
 * without one: the values of the list's status filter.
 * @public
 */
export const ADR_STATUS_FILTERS = [
  'proposed',
  'accepted',
  'rejected',
  'deprecated',
  'superseded',
  'unknown',
] as const;

/**
 * The template an ADR was recognised as.
 * @public
 */
export type AdrFormat = 'madr4' | 'madr3' | 'madr2' | 'nygard' | 'unknown';

/**
 * A link from one ADR to another (supersedes / superseded by).
 * @public
 */
export type AdrReference = {
  /** The other ADR's number, when the link text or target names one. */
  number: number | null;
  /** The other ADR's title as written in the link, in plain text. */
  title: string | null;
  /** The link target (a relative path or an http(s) URL), else the text. */
  target: string;
};

/**
 * One ADR read by `parseAdr`.
 * @public
 */
export type ParsedAdr = {
  /** The path the ADR was read from, as given. */
  path: string;
  /** From the file name (`0001-…`, `adr-0001-…`, `ADR-001 …`) or a numbered title. */
  number: number | null;
  /** The file name without number, date prefix and extension, in kebab case. */
  slug: string;
  /** The first H1 as plain text without its number prefix; else the slug in words. */
  title: string | null;
  status: AdrStatus | null;
  /** The status text as written (HTML tags removed). */
  statusRaw: string | null;
  /** ISO `YYYY-MM-DD`, always a valid calendar date. */
  date: string | null;
  decisionMakers: string[];
  consulted: string[];
  informed: string[];
  supersedes: AdrReference[];
  supersededBy: AdrReference[];
  /** The markdown without its front matter, neither rendered nor sanitised. */
  body: string;
  format: AdrFormat;
  /** What could not be read, in plain sentences. */
  warnings: string[];
};
