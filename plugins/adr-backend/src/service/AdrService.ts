import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AdrEntityResponse,
  AdrListResponse,
  AdrRecord,
  AdrSourceStatus,
  AdrStats,
  AdrFacets,
  ParsedAdr,
  parseAdr,
} from '@golden-path/plugin-adr-common';
import { ANNOTATION_ADR_LOCATION } from '@golden-path/plugin-golden-path-common';
import {
  entityRefKey,
  normalizeEntityRef,
} from '@golden-path/plugin-golden-path-node';
import {
  AdrListFilter,
  AdrListPage,
  AdrPermissionFilter,
  AdrStore,
  AdrSummaryWithBody,
  StoredSource,
} from '../database/AdrStore';
import { AdrFolder, AdrFolderReader, AdrSourceError } from './AdrFolderReader';
import { buildAdrChain } from './buildAdrChain';
import { resolveSupersedeLinks } from './resolveSupersedeLinks';

const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];

const DAY_MS = 24 * 60 * 60 * 1000;

/** The outcome of one full ingestion run. */
export type AdrIngestionSummary = {
  entities: number;
  failed: number;
  removed: number;
  adrs: number;
};

function publicSource(source: StoredSource): AdrSourceStatus {
  const { etag: _etag, owner: _owner, system: _system, ...status } = source;
  return status;
}

function folderFromLocation(location: string): AdrFolder {
  return location.startsWith('file:')
    ? { type: 'file', path: location.slice(5), location }
    : { type: 'url', url: location, location };
}

/**
 * Reads the ADR folders of catalog entities into the store and answers the
 * questions of the REST API.
 */
export class AdrService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: AdrStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
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

  // ---- ingestion ---------------------------------------------------------

  /**
   * Reads the folders of every entity with the ADR annotation and removes
   * what is stored of entities that lost it or left the catalog.
   */
  async ingestAll(): Promise<AdrIngestionSummary> {
    const { catalog, auth, logger, store } = this.options;
    const started = Date.now();
    const credentials = await auth.getOwnServiceCredentials();
    const seen = new Set<string>();
    let failed = 0;
    let adrs = 0;
    for await (const page of catalog.streamEntities(
      {
        query: {
          [`metadata.annotations.${ANNOTATION_ADR_LOCATION}`]: {
            $exists: true,
          },
        },
        fields: ENTITY_FIELDS,
      },
      { credentials },
    )) {
      for (const entity of page) {
        const ref = entityRefKey(entity);
        if (seen.has(ref)) continue;
        seen.add(ref);
        try {
          const status = await this.ingestEntity(entity);
          if (status.error) failed++;
          adrs += status.adrCount;
        } catch (error) {
          // One entity's trouble must not stop the others.
          failed++;
          logger.error('ADR ingestion of an entity failed', {
            entityRef: ref,
            error: (error as Error).message,
          });
        }
      }
    }
    const removed = await store.deleteSourcesExcept(seen);
    const summary = {
      entities: seen.size,
      failed,
      removed: removed.length,
      adrs,
    };
    logger.info('ADR ingestion finished', {
      ...summary,
      durationMs: Date.now() - started,
    });
    return summary;
  }

  /** Reads one entity's ADR folder now and answers its source status. */
  async ingestEntity(entity: Entity): Promise<AdrSourceStatus> {
    const { store, folderReader, logger } = this.options;
    const entityRef = entityRefKey(entity);
    const namespace = entity.metadata.namespace ?? 'default';
    const spec = (entity.spec ?? {}) as Record<string, unknown>;
    const annotation =
      entity.metadata.annotations?.[ANNOTATION_ADR_LOCATION] ?? '';
    const base = {
      entityRef,
      annotation,
      owner: normalizeEntityRef(spec.owner, 'group', namespace),
      system: normalizeEntityRef(spec.system, 'system', namespace),
    };

    let folder: AdrFolder | undefined;
    try {
      folder = folderReader.resolveFolder(entity);
      const previous = await store.getSource(entityRef);
      // The ETag is only good for the same folder read for the same entity
      // metadata; otherwise the rows must be written again.
      const etag =
        previous &&
        !previous.error &&
        previous.location === folder.location &&
        previous.owner === base.owner &&
        previous.system === base.system
          ? previous.etag
          : null;
      const contents = await folderReader.readFolder(folder, etag);
      if (contents.notModified) {
        await store.markSourceNotModified(entityRef, this.now());
      } else {
        const warnings = [...contents.warnings];
        const parsed: ParsedAdr[] = [];
        const sourceLocations = new Map<string, string>();
        for (const file of contents.files) {
          if (file.content.includes(0)) {
            warnings.push({
              path: file.path,
              message: 'the file is not text (it holds NUL bytes); skipped',
            });
            continue;
          }
          const adr = parseAdr(file.content.toString('utf8'), file.path);
          parsed.push(adr);
          sourceLocations.set(file.path, file.sourceLocation);
          for (const message of adr.warnings) {
            warnings.push({ path: file.path, message });
          }
        }
        const links = resolveSupersedeLinks(entityRef, parsed);
        const result = await store.writeFolder({
          source: {
            ...base,
            location: folder.location,
            etag: contents.etag,
            warnings,
          },
          adrs: parsed.map(adr => ({
            path: adr.path,
            number: adr.number,
            slug: adr.slug,
            title: adr.title,
            status: adr.status,
            statusRaw: adr.statusRaw,
            date: adr.date,
            decisionMakers: adr.decisionMakers,
            consulted: adr.consulted,
            informed: adr.informed,
            format: adr.format,
            supersedes: links.get(adr.path)!.supersedes,
            supersededBy: links.get(adr.path)!.supersededBy,
            warnings: adr.warnings,
            body: adr.body,
            sourceLocation: sourceLocations.get(adr.path)!,
          })),
          now: this.now(),
        });
        logger.debug('Read ADR folder', {
          entityRef,
          location: folder.location,
          ...result,
          warnings: warnings.length,
        });
      }
    } catch (error) {
      if (!(error instanceof AdrSourceError)) throw error;
      logger.warn('Could not read ADR folder', {
        entityRef,
        location: folder?.location,
        error: error.message,
      });
      await store.writeSourceError({
        source: { ...base, location: folder?.location ?? null },
        error: error.message,
      });
    }
    const stored = await store.getSource(entityRef);
    return publicSource(stored!);
  }

  // ---- queries -----------------------------------------------------------

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

  /** @throws NotFoundError */
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

  /** The bytes of a file in an entity's ADR folder. @throws NotFoundError */
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
