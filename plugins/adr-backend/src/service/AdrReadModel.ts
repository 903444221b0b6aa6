import { NotFoundError } from '@backstage/errors';
import {
  AdrEntityResponse,
  AdrFacets,
  AdrListResponse,
  AdrRecord,
  AdrStats,
} from '@golden-path/plugin-adr-common';
import {
  AdrListFilter,
  AdrListPage,
  AdrPermissionFilter,
  AdrStore,
  AdrSummaryWithBody,
  StoredSource,
} from '../database/AdrStore';
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
 * entity's ADRs, one ADR, a file beside them) from what is stored. It never
 * writes: an entity whose folder was not read yet has no source here until
 * the scheduled task or POST /refresh (AdrCommands) reads it.
 */
export class AdrReadModel {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: AdrStore;
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

  /** A page of ADRs matching the filters and text search, with counts. */
  async list(options: {
    filter: AdrListFilter;
    page: AdrListPage;
    permission?: AdrPermissionFilter;
    withBody?: boolean;
  }): Promise<AdrListResponse & { items: AdrSummaryWithBody[] }> {
    return this.options.store.list({
      ...options,
      staleCutoff: this.staleCutoff(),
    });
  }

  async facets(permission?: AdrPermissionFilter): Promise<AdrFacets> {
    return this.options.store.facets(permission);
  }

  async stats(permission?: AdrPermissionFilter): Promise<AdrStats> {
    const counts = await this.options.store.counts({
      permission,
      staleCutoff: this.staleCutoff(),
    });
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
