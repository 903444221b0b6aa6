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
 * A local folder a plugin may read from, with the config key that allowed
 * it (named in refusals).
 * @public
 */
export type LocalRoot = { path: string; key: string };

/**
 * A local folder or file could not be used; the message is meant to be shown
 * on the entity (it names the path and the config keys, never file content).
 * @public
 */
export class LocalRootsError extends Error {
  name = 'LocalRootsError';
}

/**
 * A file found below a local folder.
 * @public
 */
export type LocalFile = { path: string; absolutePath: string; size: number };

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

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * The local folders a plugin may read (its `localRoots` config plus the
 * scaffolder's local publish root, see readLocalRoots), and the checks that
 * keep reads inside them, symlinks included.
 * @public
 */
export class LocalRoots {
  private readonly roots: LocalRoot[];
  private readonly what: string;
  private readonly reader: string;
  private readonly rootsKey: string;

  /**
   * Options: `what` is read, for messages (`ADR folder`, `OpenSLO file`);
   * the `reader`, for messages (`the ADR backend`); `rootsKey`, the config
   * key of the roots, named when none is set.
   */
  constructor(options: {
    roots: LocalRoot[];
    what: string;
    reader: string;
    rootsKey: string;
  }) {
    this.roots = options.roots;
    this.what = options.what;
    this.reader = options.reader;
    this.rootsKey = options.rootsKey;
  }

  private describeRoots(): string {
    if (this.roots.length === 0) {
      return `${this.rootsKey} is not set, so no local folder may be read`;
    }
    const keys = [...new Set(this.roots.map(root => root.key))].join(' and ');
    return `allowed by ${keys}: ${this.roots
      .map(root => root.path)
      .join(', ')}`;
  }

  /** The real path of `path` after checking it lies inside a root, as written and after following symlinks. */
  private async resolveInside(path: string): Promise<string> {
    const absolute = resolvePath(path);
    if (!this.roots.some(root => isInside(root.path, absolute))) {
      throw new LocalRootsError(
        `${this.what} ${absolute} is outside the local folders ${
          this.reader
        } may read (${this.describeRoots()})`,
      );
    }
    let real: string;
    try {
      real = await fs.realpath(absolute);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new LocalRootsError(`${this.what} ${absolute} does not exist`);
      }
      throw new LocalRootsError(
        `${this.what} ${absolute} could not be read: ${code ?? 'error'}`,
      );
    }
    const realRoots = await Promise.all(
      this.roots.map(root => fs.realpath(root.path).catch(() => root.path)),
    );
    if (!realRoots.some(root => isInside(root, real))) {
      throw new LocalRootsError(
        `${
          this.what
        } ${absolute} is a symlink to ${real}, outside the local folders ${
          this.reader
        } may read (${this.describeRoots()})`,
      );
    }
    return real;
  }

  /**
   * The real path of a folder after checking it lies inside a root.
   * @throws LocalRootsError
   */
  async resolveFolder(folder: string): Promise<string> {
    const real = await this.resolveInside(folder);
    const stat = await fs.stat(real);
    if (!stat.isDirectory()) {
      throw new LocalRootsError(
        `${this.what} ${resolvePath(folder)} is not a folder`,
      );
    }
    return real;
  }

  /**
   * The real path and size of a regular file inside a root, refused when it
   * is larger than `maxBytes` (before anything is read).
   * @throws LocalRootsError
   */
  async resolveFile(
    file: string,
    options: { maxBytes: number },
  ): Promise<{ realPath: string; size: number }> {
    const real = await this.resolveInside(file);
    const stat = await fs.stat(real);
    if (!stat.isFile()) {
      throw new LocalRootsError(
        `${this.what} ${resolvePath(file)} is not a file`,
      );
    }
    if (stat.size > options.maxBytes) {
      throw new LocalRootsError(
        `${this.what} ${resolvePath(file)} is ${
          stat.size
        } bytes, over the limit of ${options.maxBytes} bytes`,
      );
    }
    return { realPath: real, size: stat.size };
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
  ): Promise<LocalFile[]> {
    const files: LocalFile[] = [];
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
      return `the path is outside the ${this.what}`;
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
      return `the file is a symlink to a place outside the ${this.what}; skipped`;
    }
    const stat = await fs.stat(realPath);
    if (!stat.isFile()) return 'the path is not a file';
    return { realPath, size: stat.size };
  }
}
