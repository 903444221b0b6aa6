import { NotFoundError } from '@backstage/errors';
import {
  AdrEntityResponse,
  AdrFacets,
  AdrListResponse,
  AdrListSort,
  AdrRecord,
  AdrStats,
} from '@golden-path/plugin-adr-common';
import { SharedSnapshot } from '@golden-path/plugin-golden-path-node';
import {
  AdrListFilter,
  AdrPermissionFilter,
  AdrStore,
  AdrSummaryWithBody,
  StoredSource,
} from '../database/AdrStore';
import {
  accessOf,
  adrIndexCounts,
  adrIndexFacets,
  AdrIndexView,
  listAdrIndex,
  recordKey,
  toAdrSummary,
} from './AdrIndex';
import { AdrFolder, AdrFolderReader } from './AdrFolderReader';
import { buildAdrChain } from './buildAdrChain';
import { publicSource } from './publicSource';

const DAY_MS = 24 * 60 * 60 * 1000;

function folderFromLocation(location: string): AdrFolder {
  return location.startsWith('file:')
    ? { type: 'file', path: location.slice(5), location }
    : { type: 'url', url: location, location };
}

/**
 * Answers the questions of the REST API (lists, search, facets, stats, one
 * entity's ADRs, one ADR, a file beside them) from what is stored. The org
 * routes (list, facets, stats) answer from the org view (`index`, a
 * SharedSnapshot that AdrCommands invalidates), filtered per request to
 * what the caller may see; text search asks the database which ADRs match.
 * It never writes: an entity whose folder was not read yet has no source
 * here until the scheduled task or POST /refresh (AdrCommands) reads it.
 */
export class AdrReadModel {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: AdrStore;
      /** The org view (createAdrIndexSnapshot), shared with AdrCommands. */
      index: SharedSnapshot<AdrIndexView>;
      /** Only for `readFile`, which reads the stored folder location. */
      folderReader: AdrFolderReader;
      staleProposedDays: number;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** ISO date before which a proposed ADR is stale. */
  staleCutoff(): string {
    const cutoff = new Date(
      this.now().getTime() - this.options.staleProposedDays * DAY_MS,
    );
    return cutoff.toISOString().slice(0, 10);
  }

  /**
   * A page of ADRs matching the filters and text search, in the given
   * order, with counts; filtered to `permission` before paging, so totals
   * are those of what the caller may see.
   */
  async list(options: {
    filter: AdrListFilter;
    sort: AdrListSort;
    order: 'asc' | 'desc';
    offset: number;
    limit: number;
    permission?: AdrPermissionFilter;
    withBody?: boolean;
  }): Promise<AdrListResponse & { items: AdrSummaryWithBody[] }> {
    const { store, index } = this.options;
    const { filter, sort, order, offset, limit, permission } = options;
    const staleCutoff = this.staleCutoff();
    const q = filter.q?.trim();
    const [view, matching] = await Promise.all([
      index.get(),
      q
        ? store.searchKeys(q).then(keys => new Set(keys.map(recordKey)))
        : undefined,
    ]);
    const page = listAdrIndex(view, {
      filter,
      sort,
      order,
      offset,
      limit,
      access: accessOf(permission),
      matching,
      staleCutoff,
    });
    let items: AdrSummaryWithBody[] = page.items.map(row =>
      toAdrSummary(row, staleCutoff),
    );
    if (options.withBody && items.length) {
      const bodies = await store.readBodies(items);
      // An ADR removed since the view was built has no body; it stays in the
      // page (body '') so a page is never shorter than a full one, which
      // callers read as the last page.
      items = items.map(item => ({
        ...item,
        body: bodies.get(recordKey(item)) ?? '',
      }));
    }
    return {
      items,
      totalItems: page.totalItems,
      offset,
      limit,
      totalCount: page.totalItems,
      counts: page.counts,
      staleProposedCount: page.staleProposedCount,
    };
  }

  /** The filter values with counts, over what `permission` lets through. */
  async facets(permission?: AdrPermissionFilter): Promise<AdrFacets> {
    return adrIndexFacets(await this.options.index.get(), accessOf(permission));
  }

  /** Counts by status and of sources, over what `permission` lets through. */
  async stats(permission?: AdrPermissionFilter): Promise<AdrStats> {
    const counts = adrIndexCounts(
      await this.options.index.get(),
      accessOf(permission),
      this.staleCutoff(),
    );
    return { ...counts, staleProposedDays: this.options.staleProposedDays };
  }

  /** The stored source of an entity, with its owner for permission checks. */
  async getSource(entityRef: string): Promise<StoredSource | undefined> {
    return this.options.store.getSource(entityRef);
  }

  /** One entity's folder status and ADRs; `source: null` before a reading. */
  async getEntity(options: {
    entityRef: string;
    /** False when the caller may not see the source of this entity. */
    showSource: boolean;
    permission?: AdrPermissionFilter;
  }): Promise<AdrEntityResponse> {
    const source = options.showSource
      ? await this.options.store.getSource(options.entityRef)
      : undefined;
    const items = await this.options.store.listEntity({
      entityRef: options.entityRef,
      permission: options.permission,
      staleCutoff: this.staleCutoff(),
    });
    return { source: source ? publicSource(source) : null, items };
  }

  /** One ADR with its supersede chain. @throws NotFoundError */
  async get(options: {
    entityRef: string;
    path: string;
    permission?: AdrPermissionFilter;
  }): Promise<AdrRecord> {
    const { store } = this.options;
    const adr = await store.get({
      ...options,
      staleCutoff: this.staleCutoff(),
    });
    if (!adr) {
      throw new NotFoundError(
        `No ADR ${options.path} for ${options.entityRef}`,
      );
    }
    const graph = await store.getGraph(options.entityRef);
    return {
      ...adr,
      chain: buildAdrChain(options.entityRef, options.path, graph),
    };
  }

  /**
   * The bytes of a file in an entity's ADR folder, read from the folder the
   * last reading stored (nothing is stored). @throws NotFoundError
   */
  async readFile(entityRef: string, path: string): Promise<Buffer> {
    const source = await this.options.store.getSource(entityRef);
    if (!source?.location) {
      throw new NotFoundError(`No ADR folder is known for ${entityRef}`);
    }
    return this.options.folderReader.readFile(
      folderFromLocation(source.location),
      path,
    );
  }
}
