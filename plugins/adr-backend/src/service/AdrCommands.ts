import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AdrSourceStatus,
  ParsedAdr,
  parseAdr,
} from '@golden-path/plugin-adr-common';
import { ANNOTATION_ADR_LOCATION } from '@golden-path/plugin-golden-path-common';
import {
  entityRefKey,
  normalizeEntityRef,
} from '@golden-path/plugin-golden-path-node';
import { AdrStore } from '../database/AdrStore';
import { AdrFolder, AdrFolderReader, AdrSourceError } from './AdrFolderReader';
import { publicSource } from './publicSource';
import { resolveSupersedeLinks } from './resolveSupersedeLinks';

const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];

/** The outcome of one full ingestion run. */
export type AdrIngestionSummary = {
  entities: number;
  failed: number;
  removed: number;
  adrs: number;
};

/** A full run invalidates the org view after this many changed entities. */
const INVALIDATE_EVERY = 250;

/**
 * What changes the store: reading the ADR folders of catalog entities (all
 * of them for the scheduled task, one for POST /refresh). Nothing here
 * answers a GET; that is AdrReadModel. Every write that changes what the
 * org view shows (a folder written, a reading failed, sources removed)
 * invalidates it (`index`), on every replica sharing the cache: at once for
 * one entity, every 250 changed entities and at the end for a full run.
 */
export class AdrCommands {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: AdrStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      folderReader: AdrFolderReader;
      /** The org view AdrReadModel answers from (createAdrIndexSnapshot). */
      index?: { invalidate(): Promise<void> };
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

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
    let changed = 0;
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
          const result = await this.#ingest(entity);
          if (result.status.error) failed++;
          adrs += result.status.adrCount;
          if (result.changed && ++changed % INVALIDATE_EVERY === 0) {
            await this.#invalidate();
          }
        } catch (error) {
          // A write may have happened before the failure.
          changed++;
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
    if (changed > 0 || removed.length) {
      await this.#invalidate();
    }
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

  /**
   * Reads one entity's ADR folder now and answers its source status; the
   * org view is invalidated when anything was written.
   */
  async ingestEntity(entity: Entity): Promise<AdrSourceStatus> {
    let changed = true;
    try {
      const result = await this.#ingest(entity);
      changed = result.changed;
      return result.status;
    } finally {
      if (changed) await this.#invalidate();
    }
  }

  async #invalidate(): Promise<void> {
    await this.options.index?.invalidate();
  }

  /** Reads one entity's folder; `changed` unless the folder was unchanged. */
  async #ingest(
    entity: Entity,
  ): Promise<{ status: AdrSourceStatus; changed: boolean }> {
    const { store, folderReader, logger } = this.options;
    let changed = true;
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
        // Only last_read_at changes (an ETag is reused only after a reading
        // without error): nothing the org view shows.
        changed = false;
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
    return { status: publicSource(stored!), changed };
  }
}
