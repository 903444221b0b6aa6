import { AdrStatus } from './ParsedAdr';

/**
 * Words teams use for each status, compared case-insensitively with the
 * whole status text first and then with its first word. Listed in the README.
 */
const STATUS_SYNONYMS: Record<AdrStatus, string[]> = {
  proposed: [
    'proposed',
    'proposal',
    'draft',
    'open',
    'pending',
    'suggested',
    'wip',
    'review',
    'in review',
    'under review',
    'in progress',
    'under discussion',
  ],
  accepted: [
    'accepted',
    'approved',
    'adopted',
    'agreed',
    'decided',
    'active',
    'implemented',
  ],
  rejected: [
    'rejected',
    'declined',
    'refused',
    'dismissed',
    'withdrawn',
    'abandoned',
    'not accepted',
  ],
  deprecated: ['deprecated', 'obsolete', 'retired', 'outdated', 'archived'],
  superseded: ['superseded', 'superceded', 'replaced'],
};

const STATUS_BY_WORD = new Map<string, AdrStatus>();
for (const [status, words] of Object.entries(STATUS_SYNONYMS)) {
  for (const word of words) STATUS_BY_WORD.set(word, status as AdrStatus);
}

/**
 * Maps a status as written (`Accepted`, `**Draft**`, `Superseded by [3. …]`)
 * to one of the five statuses, or null when it names none of them.
 * @public
 */
export function normaliseStatus(raw: unknown): AdrStatus | null {
  if (typeof raw !== 'string') return null;
  const text = raw
    .slice(0, 200)
    .toLowerCase()
    .replace(/[*_`"']/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.:;,!]+$/, '');
  if (text === '') return null;
  const whole = STATUS_BY_WORD.get(text);
  if (whole) return whole;
  // `not accepted yet`, `superseded by …`, `accepted on 2020-01-01`
  const twoWords = /^[a-z]+ [a-z]+/.exec(text);
  const byTwoWords = twoWords && STATUS_BY_WORD.get(twoWords[0]);
  if (byTwoWords) return byTwoWords;
  const firstWord = /^[a-z]+/.exec(text);
  if (!firstWord) return null;
  return STATUS_BY_WORD.get(firstWord[0]) ?? null;
}
