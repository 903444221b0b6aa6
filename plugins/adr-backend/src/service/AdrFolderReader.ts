import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { isAdrFileName } from '@golden-path/plugin-adr-common';
import { ANNOTATION_ADR_LOCATION } from '@golden-path/plugin-golden-path-common';
import {
  EntityLocation,
  EntityLocationError,
  LocalRoots,
  LocalRootsError,
  resolveEntityLocation,
} from '@golden-path/plugin-golden-path-node';
import fs from 'node:fs/promises';
import { join } from 'node:path';
import { AdrConfig } from '../readAdrConfig';

/** A folder of ADRs could not be used; the message is shown on the entity. */
export class AdrSourceError extends Error {
  name = 'AdrSourceError';
}

/** The shared helpers' errors are shown on the entity like our own. */
function asAdrSourceError(error: unknown): unknown {
  if (
    error instanceof EntityLocationError ||
    error instanceof LocalRootsError
  ) {
    return new AdrSourceError(error.message);
  }
  return error;
}

/** Where an entity's ADRs live. */
export type AdrFolder = EntityLocation;

/** One ADR file's bytes, path relative to the folder. */
export type AdrFolderFile = {
  path: string;
  content: Buffer;
  sourceLocation: string;
};

/** What reading a folder gave. */
export type AdrFolderContents =
  | { notModified: true }
  | {
      notModified: false;
      files: AdrFolderFile[];
      warnings: Array<{ path: string; message: string }>;
      etag: string | null;
    };

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** `1 MiB` for 1048576, else a byte count. */
function formatLimit(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  if (Number.isInteger(mib)) return `${mib} MiB`;
  const kib = bytes / 1024;
  if (Number.isInteger(kib)) return `${kib} KiB`;
  return `${bytes} bytes`;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Finds and reads ADR folders: URLs through the UrlReader (which honours
 * backend.reading.allow), local paths only inside the configured roots.
 */
export class AdrFolderReader {
  private readonly localRoots: LocalRoots;

  constructor(
    private readonly options: {
      reader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
      config: Pick<
        AdrConfig,
        'localRoots' | 'maxFileBytes' | 'maxFiles' | 'maxDepth'
      >;
    },
  ) {
    this.localRoots = new LocalRoots({
      roots: options.config.localRoots,
      what: 'ADR folder',
      reader: 'the ADR backend',
      rootsKey: 'goldenPath.adr.localRoots',
    });
  }

  /**
   * The folder an entity's annotation names: an http(s) URL as is; a
   * relative path against the location of the file that declares the entity
   * (managed-by-location, else source-location).
   * @throws AdrSourceError when it cannot be resolved
   */
  resolveFolder(entity: Entity): AdrFolder {
    try {
      return resolveEntityLocation(
        entity,
        ANNOTATION_ADR_LOCATION,
        this.options.integrations,
        'ADR folders',
      );
    } catch (error) {
      throw asAdrSourceError(error);
    }
  }

  /**
   * Reads every ADR file of a folder. Oversized and unreadable files are
   * skipped with a warning; a folder that cannot be read throws.
   * @throws AdrSourceError
   */
  async readFolder(
    folder: AdrFolder,
    etag: string | null,
  ): Promise<AdrFolderContents> {
    try {
      return folder.type === 'file'
        ? await this.readLocalFolder(folder)
        : await this.readUrlFolder(folder, etag);
    } catch (error) {
      throw asAdrSourceError(error);
    }
  }

  private depthOk(path: string): boolean {
    return path.split('/').length <= this.options.config.maxDepth;
  }

  private oversize(path: string, bytes: number) {
    return {
      path,
      message: `${baseName(path)} is ${formatBytes(
        bytes,
      )}, over the ${formatLimit(
        this.options.config.maxFileBytes,
      )} limit; it was skipped`,
    };
  }

  private capFiles<T extends { path: string }>(
    files: T[],
    warnings: Array<{ path: string; message: string }>,
  ): T[] {
    const { maxFiles } = this.options.config;
    if (files.length <= maxFiles) return files;
    warnings.push({
      path: '.',
      message: `the folder holds ${files.length} ADR files; only the first ${maxFiles} were read (goldenPath.adr.maxFiles)`,
    });
    return files.slice(0, maxFiles);
  }

  private async readLocalFolder(
    folder: Extract<AdrFolder, { type: 'file' }>,
  ): Promise<AdrFolderContents> {
    const real = await this.localRoots.resolveFolder(folder.path);
    const warnings: Array<{ path: string; message: string }> = [];
    const listed = await this.localRoots.listFiles(real, {
      maxDepth: this.options.config.maxDepth,
      include: isAdrFileName,
      onSkip: (path, message) => warnings.push({ path, message }),
    });
    const files: AdrFolderFile[] = [];
    for (const file of this.capFiles(listed, warnings)) {
      if (file.size > this.options.config.maxFileBytes) {
        warnings.push(this.oversize(file.path, file.size));
        continue;
      }
      try {
        const content = await fs.readFile(file.absolutePath);
        files.push({
          path: file.path,
          content,
          sourceLocation: `file:${join(folder.path, file.path)}`,
        });
      } catch (error) {
        warnings.push({
          path: file.path,
          message: `the file could not be read (${
            (error as NodeJS.ErrnoException).code ?? 'error'
          })`,
        });
      }
    }
    return { notModified: false, files, warnings, etag: null };
  }

  private async readUrlFolder(
    folder: Extract<AdrFolder, { type: 'url' }>,
    etag: string | null,
  ): Promise<AdrFolderContents> {
    const warnings: Array<{ path: string; message: string }> = [];
    const { maxFileBytes } = this.options.config;
    let tree;
    try {
      tree = await this.options.reader.readTree(folder.url, {
        etag: etag ?? undefined,
        filter: (path, info) => {
          if (!this.depthOk(path) || !isAdrFileName(path)) return false;
          if (info && info.size > maxFileBytes) {
            warnings.push(this.oversize(path, info.size));
            return false;
          }
          return true;
        },
      });
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'NotModifiedError') return { notModified: true };
      if (name === 'NotFoundError') {
        throw new AdrSourceError(`ADR folder ${folder.url} does not exist`);
      }
      throw new AdrSourceError(
        `ADR folder ${folder.url} could not be read: ${
          (error as Error)?.message ?? String(error)
        }`,
      );
    }
    const listed = (await tree.files()).sort((a, b) =>
      a.path < b.path ? -1 : 1,
    );
    const files: AdrFolderFile[] = [];
    for (const file of this.capFiles(listed, warnings)) {
      try {
        const content = await file.content();
        if (content.length > maxFileBytes) {
          warnings.push(this.oversize(file.path, content.length));
          continue;
        }
        files.push({
          path: file.path,
          content,
          sourceLocation: `${folder.url}/${file.path}`,
        });
      } catch (error) {
        warnings.push({
          path: file.path,
          message: `the file could not be read: ${(error as Error).message}`,
        });
      }
    }
    return { notModified: false, files, warnings, etag: tree.etag || null };
  }

  /**
   * One file referenced by an ADR (an image, another document), fenced to
   * the folder. `path` was already checked to be relative without `..`.
   * @throws NotFoundError, NotAllowedError, InputError
   */
  async readFile(folder: AdrFolder, path: string): Promise<Buffer> {
    const { maxFileBytes } = this.options.config;
    const tooBig = (bytes: number) =>
      new InputError(
        `${baseName(path)} is ${formatBytes(bytes)}, over the ${formatLimit(
          maxFileBytes,
        )} limit`,
      );
    if (folder.type === 'file') {
      let real: string;
      try {
        real = await this.localRoots.resolveFolder(folder.path);
      } catch (error) {
        throw new NotFoundError((error as Error).message);
      }
      const found = await this.localRoots.realFileInside(
        real,
        join(real, ...path.split('/')),
      );
      if (typeof found === 'string') {
        if (found.includes('outside')) {
          throw new NotAllowedError(`${path}: ${found}`);
        }
        throw new NotFoundError(`${path}: ${found}`);
      }
      if (found.size > maxFileBytes) throw tooBig(found.size);
      return fs.readFile(found.realPath);
    }
    const url = this.options.integrations.resolveUrl({
      url: path,
      base: `${folder.url}/`,
    });
    if (!url.startsWith(`${folder.url}/`)) {
      throw new NotAllowedError(`${path} is outside the ADR folder`);
    }
    try {
      const response = await this.options.reader.readUrl(url);
      const buffer = await response.buffer();
      if (buffer.length > maxFileBytes) throw tooBig(buffer.length);
      return buffer;
    } catch (error) {
      if ((error as Error)?.name === 'NotFoundError') {
        throw new NotFoundError(`${path} does not exist`);
      }
      throw error;
    }
  }
}
