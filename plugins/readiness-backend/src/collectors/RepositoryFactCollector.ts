import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { ANNOTATION_REPOSITORY } from '@golden-path/plugin-golden-path-common';
import {
  entityRefKey,
  EntityLocationError,
  LocalRoot,
  LocalRoots,
  LocalRootsError,
  resolveEntityLocation,
} from '@golden-path/plugin-golden-path-node';
import {
  FactDefinition,
  FactValue,
} from '@golden-path/plugin-readiness-common';
import { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  FactCollector,
  FactCollectorContext,
  FactCollectorResult,
} from '@golden-path/plugin-readiness-node';
import { mapWithConcurrency } from './mapWithConcurrency';
import {
  CompiledRepositoryFileRule,
  REPOSITORY_FOUND_FACT,
} from './repositoryFileRules';

const COLLECTOR = 'repository';
/** The config key of the local folders, named in the backend log. */
const ROOTS_KEY = 'goldenPath.readiness.localRoots';
/**
 * How a service owner gives the portal a repository to read: said on the
 * page, where config keys and server paths are no help (they go to the log).
 */
const HOW_TO_NAME_A_REPOSITORY = `name it in the catalog entity with the ${ANNOTATION_REPOSITORY} annotation (the repository's URL, or its folder relative to catalog-info.yaml) or a url: ${ANNOTATION_SOURCE_LOCATION}`;
/** Folders never walked: they belong to no one's source. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);
/** A local walk stops after this many entries (a giant monorepo). */
const MAX_WALK_ENTRIES = 100_000;
const MAX_WALK_DEPTH = 20;
const CONCURRENCY = 4;

/** Where an entity's repository is, or why none is known. */
export type RepositoryLocation =
  | { type: 'url'; url: string; via: string }
  | { type: 'file'; path: string; via: string }
  | { type: 'none'; reason: string };

/** The files of a repository the rules care about. */
type RepositoryScan = {
  /** Paths matching any rule's globs. */
  paths: string[];
  /** Contents of files matching a fileMatches rule, within the limits. */
  texts: Map<string, string>;
};

/** The facts of the repository collector with these rules. */
export function repositoryFactDefinitions(
  rules: ReadonlyArray<
    Pick<CompiledRepositoryFileRule, 'fact' | 'description'>
  >,
): FactDefinition[] {
  return [
    {
      id: REPOSITORY_FOUND_FACT,
      type: 'boolean',
      description:
        "The component's repository could be found and read (backstage.io/source-location, golden-path.io/repository, or the folder of its catalog file)",
      collector: COLLECTOR,
    },
    ...rules.map(rule => ({
      id: rule.fact,
      type: 'boolean' as const,
      description: rule.description,
      collector: COLLECTOR,
    })),
  ];
}

/** The repository could not be read; no fact is written. */
class RepositoryReadError extends Error {
  name = 'RepositoryReadError';
}

/**
 * Facts from the files of each component's repository: whether it could be
 * read (`repository.found`) and one fact per configured rule (a file exists,
 * or a file holds text matching a pattern). URLs are read with the
 * UrlReader (which honours backend.reading.allow); local folders only
 * inside the configured roots, never following symlinks out of the
 * repository.
 */
export class RepositoryFactCollector implements FactCollector {
  readonly id = COLLECTOR;
  readonly facts: FactDefinition[];
  private readonly localRoots: LocalRoots;
  private readonly anyGlob: RegExp[];
  private readonly contentGlobs: RegExp[];
  /** Per entity: the last tree read from a URL, so an unchanged one is not downloaded again. */
  private readonly urlCache = new Map<
    string,
    { url: string; etag: string; facts: Record<string, FactValue> }
  >();

  constructor(
    private readonly options: {
      reader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
      localRoots: LocalRoot[];
      rules: CompiledRepositoryFileRule[];
      maxFiles: number;
      maxFileBytes: number;
    },
  ) {
    this.localRoots = new LocalRoots({
      roots: options.localRoots,
      what: 'repository folder',
      reader: 'the readiness backend',
      rootsKey: ROOTS_KEY,
    });
    this.facts = repositoryFactDefinitions(options.rules);
    this.anyGlob = options.rules.flatMap(rule => rule.globs);
    this.contentGlobs = options.rules
      .filter(rule => rule.type === 'fileMatches')
      .flatMap(rule => rule.globs);
  }

  async collect(
    entities: Entity[],
    ctx: FactCollectorContext,
  ): Promise<FactCollectorResult[]> {
    return mapWithConcurrency(entities, CONCURRENCY, entity =>
      this.collectOne(entity, ctx),
    );
  }

  /**
   * Where the repository is: `backstage.io/source-location` when it is a
   * `url:`; else `golden-path.io/repository` (a URL, or a path relative to
   * the catalog file); else the folder of a `file:` catalog file (a service
   * the scaffolder published locally has catalog-info.yaml at its root).
   */
  locate(entity: Entity): RepositoryLocation {
    const annotations = entity.metadata.annotations ?? {};
    const source = annotations[ANNOTATION_SOURCE_LOCATION];
    if (source) {
      const ref = tryParseLocationRef(source);
      if (ref?.type === 'url') {
        return {
          type: 'url',
          url: ref.target,
          via: ANNOTATION_SOURCE_LOCATION,
        };
      }
    }
    if (annotations[ANNOTATION_REPOSITORY]?.trim()) {
      try {
        const location = resolveEntityLocation(
          entity,
          ANNOTATION_REPOSITORY,
          this.options.integrations,
          'repositories',
        );
        return location.type === 'url'
          ? { type: 'url', url: location.url, via: ANNOTATION_REPOSITORY }
          : { type: 'file', path: location.path, via: ANNOTATION_REPOSITORY };
      } catch (error) {
        if (error instanceof EntityLocationError) {
          return { type: 'none', reason: error.message };
        }
        throw error;
      }
    }
    const managed = annotations[ANNOTATION_LOCATION];
    const ref = managed ? tryParseLocationRef(managed) : undefined;
    if (ref?.type === 'file') {
      return {
        type: 'file',
        path: dirname(ref.target),
        via: ANNOTATION_LOCATION,
      };
    }
    return {
      type: 'none',
      reason: `the entity names none and was not registered from a catalog file the portal reads`,
    };
  }

  private async collectOne(
    entity: Entity,
    ctx: FactCollectorContext,
  ): Promise<FactCollectorResult> {
    const entityRef = entityRefKey(entity);
    const location = this.locate(entity);
    if (location.type === 'none') {
      return this.noRepository(entityRef, location.reason);
    }
    // What the page says is for the service's owner; why exactly (server
    // paths, config keys) is for whoever runs the portal.
    const logDetail = (message: string, error: unknown) =>
      ctx.logger.info(`Repository of ${entityRef} not read: ${message}`, {
        entityRef,
        via: location.via,
        error: (error as Error)?.message ?? String(error),
      });
    try {
      if (location.type === 'file') {
        let folder: string;
        try {
          folder = await this.localRoots.resolveFolder(location.path);
        } catch (error) {
          if (
            error instanceof LocalRootsError &&
            location.via === ANNOTATION_LOCATION
          ) {
            // Only a folder inside the roots counts as "the repository" of
            // a catalog file; elsewhere the entity simply has none.
            logDetail(
              `the folder of its catalog file is not one the portal may read (${ROOTS_KEY})`,
              error,
            );
            return this.noRepository(
              entityRef,
              'the folder of its catalog file is not one the portal reads',
            );
          }
          throw error;
        }
        const scan = await this.scanLocal(folder, ctx.signal);
        return { entityRef, facts: this.factsOf(scan) };
      }
      return {
        entityRef,
        facts: await this.readUrl(entityRef, location.url, ctx),
      };
    } catch (error) {
      if (error instanceof RepositoryReadError) {
        // Names the URL the entity gave, nothing of the server.
        return { entityRef, facts: {}, error: error.message };
      }
      if ((error as Error)?.name === 'AbortError') throw error;
      if (error instanceof LocalRootsError) {
        logDetail(
          `the folder is not one the portal may read (${ROOTS_KEY})`,
          error,
        );
        return {
          entityRef,
          facts: {},
          error: `the repository folder named by ${location.via} is missing or not one the portal reads: check the annotation, or ${HOW_TO_NAME_A_REPOSITORY} instead`,
        };
      }
      logDetail('reading failed', error);
      return {
        entityRef,
        facts: {},
        error:
          'the repository could not be read (the backend log says why); the facts of its last reading are kept',
      };
    }
  }

  private noRepository(entityRef: string, reason: string): FactCollectorResult {
    const facts: Record<string, FactValue> = {};
    for (const fact of this.facts) facts[fact.id] = false;
    return {
      entityRef,
      facts,
      error: `no repository is known for this service (${reason}): ${HOW_TO_NAME_A_REPOSITORY}`,
    };
  }

  private factsOf(scan: RepositoryScan): Record<string, FactValue> {
    const facts: Record<string, FactValue> = { [REPOSITORY_FOUND_FACT]: true };
    for (const rule of this.options.rules) {
      const candidates = scan.paths.filter(path =>
        rule.globs.some(glob => glob.test(path)),
      );
      if (rule.type === 'fileExists') {
        facts[rule.fact] = candidates.length > 0;
      } else {
        facts[rule.fact] = candidates.some(path => {
          const text = scan.texts.get(path);
          return text !== undefined && rule.regex!.test(text);
        });
      }
    }
    return facts;
  }

  private matchesAny(path: string): boolean {
    return this.anyGlob.some(glob => glob.test(path));
  }

  private needsContent(path: string): boolean {
    return this.contentGlobs.some(glob => glob.test(path));
  }

  /** Lists the folder (no symlink out, no .git or node_modules) and reads the files the patterns need. */
  private async scanLocal(
    root: string,
    signal?: AbortSignal,
  ): Promise<RepositoryScan> {
    const paths: string[] = [];
    const toRead: Array<{ path: string; realPath: string; size: number }> = [];
    let entries = 0;
    const walk = async (dir: string, prefix: string, depth: number) => {
      signal?.throwIfAborted();
      let listed: Dirent[];
      try {
        listed = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return; // An unreadable folder holds nothing we can count.
      }
      listed.sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const entry of listed) {
        if (++entries > MAX_WALK_ENTRIES) return;
        if (SKIPPED_FOLDERS.has(entry.name)) continue;
        const path = prefix ? `${prefix}/${entry.name}` : entry.name;
        const absolutePath = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (depth < MAX_WALK_DEPTH) await walk(absolutePath, path, depth + 1);
          continue;
        }
        if (!entry.isFile() && !entry.isSymbolicLink()) continue;
        if (!this.matchesAny(path)) continue;
        // Symlinks count only when they lead to a file inside the repository.
        const real = await this.localRoots.realFileInside(root, absolutePath);
        if (typeof real === 'string') continue;
        paths.push(path);
        if (this.needsContent(path)) {
          toRead.push({ path, realPath: real.realPath, size: real.size });
        }
      }
    };
    await walk(root, '', 1);
    const texts = new Map<string, string>();
    for (const file of toRead.slice(0, this.options.maxFiles)) {
      if (file.size > this.options.maxFileBytes) continue;
      signal?.throwIfAborted();
      try {
        texts.set(file.path, await fs.readFile(file.realPath, 'utf8'));
      } catch {
        // Gone or unreadable since it was listed: it matches nothing.
      }
    }
    return { paths, texts };
  }

  private async readUrl(
    entityRef: string,
    url: string,
    ctx: FactCollectorContext,
  ): Promise<Record<string, FactValue>> {
    const { maxFiles, maxFileBytes } = this.options;
    const cached = this.urlCache.get(entityRef);
    const paths: string[] = [];
    let accepted = 0;
    let tree;
    try {
      tree = await this.options.reader.readTree(url, {
        etag: cached?.url === url ? cached.etag : undefined,
        signal: ctx.signal as any,
        filter: (path, info) => {
          if (!this.matchesAny(path)) return false;
          paths.push(path);
          if (!this.needsContent(path)) return false;
          if (info && info.size > maxFileBytes) return false;
          if (accepted >= maxFiles) return false;
          accepted++;
          return true;
        },
      });
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'NotModifiedError' && cached) return cached.facts;
      if (name === 'NotFoundError') {
        throw new RepositoryReadError(`repository ${url} does not exist`);
      }
      if (name === 'AbortError') throw error;
      throw new RepositoryReadError(
        `repository ${url} could not be read: ${
          (error as Error)?.message ?? String(error)
        }`,
      );
    }
    const texts = new Map<string, string>();
    for (const file of await tree.files()) {
      const content = await file.content();
      if (content.length > maxFileBytes) continue;
      texts.set(file.path, content.toString('utf8'));
    }
    const facts = this.factsOf({ paths, texts });
    if (tree.etag) {
      this.urlCache.set(entityRef, { url, etag: tree.etag, facts });
    }
    return facts;
  }
}

function tryParseLocationRef(
  ref: string,
): { type: string; target: string } | undefined {
  try {
    return parseLocationRef(ref);
  } catch {
    return undefined;
  }
}
