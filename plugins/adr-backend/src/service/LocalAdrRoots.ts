import { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import {
  isAbsolute,
  join,
  relative,
  resolve as resolvePath,
  sep,
} from 'node:path';

/**
 * Whether `path` is `base` or below it, as written. Callers compare real
 * paths where symlinks matter, so the answer can name the symlink.
 */
function isInside(base: string, path: string): boolean {
  const rel = relative(base, path);
  return (
    rel === '' ||
    (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
  );
}

/** A folder of ADRs could not be used; the message is shown on the entity. */
export class AdrSourceError extends Error {
  name = 'AdrSourceError';
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** A file found in a local ADR folder. */
export type LocalAdrFile = { path: string; absolutePath: string; size: number };

/**
 * The local folders ADRs may be read from (`goldenPath.adr.localRoots`, plus
 * the scaffolder's local publish root), and the checks that keep reads
 * inside them, symlinks included.
 */
export class LocalAdrRoots {
  constructor(private readonly roots: Array<{ path: string; key: string }>) {}

  private describeRoots(): string {
    if (this.roots.length === 0) {
      return 'goldenPath.adr.localRoots is not set, so no local folder may be read';
    }
    const keys = [...new Set(this.roots.map(root => root.key))].join(' and ');
    return `allowed by ${keys}: ${this.roots
      .map(root => root.path)
      .join(', ')}`;
  }

  /**
   * The real path of an ADR folder after checking it lies inside a root,
   * both as written and after following symlinks.
   */
  async resolveFolder(folder: string): Promise<string> {
    const absolute = resolvePath(folder);
    if (!this.roots.some(root => isInside(root.path, absolute))) {
      throw new AdrSourceError(
        `ADR folder ${absolute} is outside the local folders the ADR backend may read (${this.describeRoots()})`,
      );
    }
    let real: string;
    try {
      real = await fs.realpath(absolute);
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') {
        throw new AdrSourceError(`ADR folder ${absolute} does not exist`);
      }
      throw new AdrSourceError(
        `ADR folder ${absolute} could not be read: ${
          errorCode(error) ?? 'error'
        }`,
      );
    }
    const realRoots = await Promise.all(
      this.roots.map(root => fs.realpath(root.path).catch(() => root.path)),
    );
    if (!realRoots.some(root => isInside(root, real))) {
      throw new AdrSourceError(
        `ADR folder ${absolute} is a symlink to ${real}, outside the local folders the ADR backend may read (${this.describeRoots()})`,
      );
    }
    const stat = await fs.stat(real);
    if (!stat.isDirectory()) {
      throw new AdrSourceError(`ADR folder ${absolute} is not a folder`);
    }
    return real;
  }

  /**
   * The files below a folder returned by resolveFolder, depth first in name
   * order. Symlinks are followed only to files inside the folder; hidden
   * entries and node_modules are skipped.
   */
  async listFiles(
    folder: string,
    options: {
      maxDepth: number;
      include: (path: string) => boolean;
      onSkip: (path: string, message: string) => void;
    },
  ): Promise<LocalAdrFile[]> {
    const files: LocalAdrFile[] = [];
    const walk = async (dir: string, prefix: string, depth: number) => {
      let entries: Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        options.onSkip(prefix || '.', 'the folder could not be listed');
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const entry of entries) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules') {
          continue;
        }
        const path = prefix ? `${prefix}/${entry.name}` : entry.name;
        const absolutePath = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (depth < options.maxDepth)
            await walk(absolutePath, path, depth + 1);
          continue;
        }
        if (!options.include(path)) continue;
        if (entry.isSymbolicLink()) {
          const target = await this.realFileInside(folder, absolutePath);
          if (typeof target === 'string') {
            options.onSkip(path, target);
            continue;
          }
          files.push({ path, absolutePath, size: target.size });
        } else if (entry.isFile()) {
          const stat = await fs.stat(absolutePath);
          files.push({ path, absolutePath, size: stat.size });
        }
      }
    };
    await walk(folder, '', 1);
    return files;
  }

  /**
   * Where a path inside a folder really is, when that is a regular file
   * inside the folder; otherwise why not (a sentence).
   */
  async realFileInside(
    folder: string,
    absolutePath: string,
  ): Promise<{ realPath: string; size: number } | string> {
    if (!isInside(folder, absolutePath)) {
      return 'the path is outside the ADR folder';
    }
    let realPath: string;
    try {
      realPath = await fs.realpath(absolutePath);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') {
        return 'the file does not exist (or is a dangling symlink)';
      }
      return `the file could not be read (${code ?? 'error'})`;
    }
    if (!isInside(folder, realPath) || realPath === folder) {
      return 'the file is a symlink to a place outside the ADR folder; skipped';
    }
    const stat = await fs.stat(realPath);
    if (!stat.isFile()) return 'the path is not a file';
    return { realPath, size: stat.size };
  }
}
