import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import {
  AdrListResponse,
  AdrSummary,
  adrReadPermission,
} from '@golden-path/plugin-adr-common';
import { Readable } from 'node:stream';

/**
 * An ADR in the search index.
 * @public
 */
export type AdrDocument = IndexableDocument & {
  entityRef: string;
  status: string;
  owner: string;
  system: string;
  date: string;
};

const PAGE_SIZE = 500;

/** The named HTML entities ADRs use; numeric ones are decoded too. */
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/**
 * Markdown to the plain words a search result shows: front matter, fenced
 * code blocks (Mermaid diagrams included) and HTML (tags,
 * comments, `<script>`/`<style>` with their content) are dropped, link and
 * image targets, heading, quote, list and emphasis marks, table pipes and
 * rules removed, entities decoded, whitespace collapsed. The index stores
 * text only, so nothing here has to be safe HTML.
 * @public
 */
export function markdownToSearchText(markdown: string): string {
  return (
    markdown
      .replace(/\r\n?/g, '\n')
      // YAML front matter at the very start.
      .replace(/^---\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\n|$)/, '\n')
      // Fenced code blocks, with their content; an unclosed fence runs to the end.
      .replace(
        /^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^[ \t]{0,3}\1[ \t]*$|(?![\s\S]))/gm,
        ' ',
      )
      // Autolinks keep their address.
      .replace(/<((?:https?|mailto):[^<>\s]+)>/g, '$1')
      .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<\/?[A-Za-z][^<>]*>/g, ' ')
      .replace(/!\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
      .replace(/\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
      .replace(/\[([^\]\n]*)\]\[[^\]\n]*\]/g, '$1')
      // Reference definitions: [id]: https://...
      .replace(/^[ \t]{0,3}\[[^\]\n]+\]:[^\n]*$/gm, ' ')
      // Table delimiter rows, thematic breaks and setext underlines.
      .replace(
        /^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$/gm,
        ' ',
      )
      .replace(/^[ \t]{0,3}(?:[-*_=][ \t]*){3,}$/gm, ' ')
      .replace(/^\s{0,3}(?:#{1,6}|>|[*+-]|\d+[.)])\s+/gm, '')
      .replace(/^\s*>+\s?/gm, '')
      .replace(/\|/g, ' ')
      .replace(/[*_`~]+/g, '')
      .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, name: string) => {
        if (name.startsWith('#')) {
          const code =
            name[1].toLowerCase() === 'x'
              ? parseInt(name.slice(2), 16)
              : parseInt(name.slice(1), 10);
          return Number.isFinite(code) && code > 0 && code <= 0x10ffff
            ? String.fromCodePoint(code)
            : ' ';
        }
        return ENTITIES[name.toLowerCase()] ?? match;
      })
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** `ADR 0003: Use Kafka` (number padded to four digits when there is one). */
function documentTitle(adr: AdrSummary): string {
  const title = adr.title ?? adr.slug ?? adr.path;
  return adr.number === null
    ? title
    : `ADR ${String(adr.number).padStart(4, '0')}: ${title}`;
}

/** The frontend route of the ADR reader. */
function readerLocation(adr: AdrSummary): string {
  const ref = parseEntityRef(adr.entityRef);
  const segments = [ref.kind, ref.namespace, ref.name, ...adr.path.split('/')];
  return `/adrs/${segments.map(encodeURIComponent).join('/')}`;
}

/**
 * Collects ADRs for Backstage search by paging through the ADR backend's
 * `GET /adrs?withBody=true` with a service token.
 * @public
 */
export class AdrCollatorFactory implements DocumentCollatorFactory {
  readonly type = 'adr';
  readonly visibilityPermission = adrReadPermission;

  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      /** Stand-in for the global fetch (tests). */
      fetch?: typeof fetch;
    },
  ) {}

  async getCollator(): Promise<Readable> {
    return Readable.from(this.execute());
  }

  async *execute(): AsyncGenerator<AdrDocument> {
    const { discovery, auth, logger } = this.options;
    const fetchFn = this.options.fetch ?? fetch;
    const baseUrl = await discovery.getBaseUrl('adr');
    let count = 0;
    for (let offset = 0; ; offset += PAGE_SIZE) {
      // A token per page: a long index run must not outlive one token.
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'adr',
      });
      const response = await fetchFn(
        `${baseUrl}/adrs?withBody=true&order=number&limit=${PAGE_SIZE}&offset=${offset}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      if (!response.ok) throw await ResponseError.fromResponse(response);
      const page = (await response.json()) as AdrListResponse & {
        items: Array<AdrSummary & { body?: string }>;
      };
      for (const adr of page.items) {
        count++;
        yield {
          title: documentTitle(adr),
          text: markdownToSearchText(adr.body ?? ''),
          location: readerLocation(adr),
          entityRef: adr.entityRef,
          status: adr.status ?? 'unknown',
          owner: adr.owner ?? '',
          system: adr.system ?? '',
          date: adr.date ?? '',
          authorization: { resourceRef: `${adr.entityRef}#${adr.path}` },
        };
      }
      if (
        page.items.length < PAGE_SIZE ||
        offset + PAGE_SIZE >= page.totalCount
      ) {
        break;
      }
    }
    logger.info('Collected ADRs for search', { count });
  }
}
