import {
  isChildPath,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import { dirname, relative, resolve as resolvePath, sep } from 'node:path';

/**
 * The config key of the publish root.
 * @public
 */
export const LOCAL_PUBLISH_ROOT_KEY = 'goldenPath.scaffolder.localPublishRoot';

/**
 * Where local repositories go when the config does not say.
 * @public
 */
export const DEFAULT_LOCAL_PUBLISH_ROOT = '.data/repos';

/** A repository folder name: one path segment, never hidden. */
const REPO_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * The folder that local publishing writes repositories into
 * (`goldenPath.scaffolder.localPublishRoot`), and the checks around it.
 * @public
 */
export class LocalPublishRoot {
  /** Reads the root from config; a relative path is resolved against `cwd`. */
  static fromConfig(config: Config, cwd: string = process.cwd()) {
    const value =
      config.getOptionalString(LOCAL_PUBLISH_ROOT_KEY) ??
      DEFAULT_LOCAL_PUBLISH_ROOT;
    // eslint-disable-next-line no-control-regex
    if (value.trim() === '' || /[\u0000-\u001f]/.test(value)) {
      throw new Error(
        `Invalid config ${LOCAL_PUBLISH_ROOT_KEY}: '${value}' is not a folder path`,
      );
    }
    return new LocalPublishRoot(resolvePath(cwd, value));
  }

  constructor(readonly path: string) {}

  /**
   * The absolute path of the repository folder `repoName`, after checking
   * that the name is one plain folder name that stays inside the root.
   */
  repoPath(repoName: string, field = 'repoName'): string {
    if (!REPO_NAME.test(repoName)) {
      throw new InputError(
        `${field} '${repoName}' is not a plain folder name: use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit.`,
      );
    }
    try {
      return resolveSafeChildPath(this.path, repoName);
    } catch (err) {
      if ((err as Error).name !== 'NotAllowedError') {
        throw new InputError(
          `The local publish root ${
            this.path
          } (${LOCAL_PUBLISH_ROOT_KEY}) is not a folder: ${
            (err as Error).message
          }.`,
        );
      }
      throw new InputError(
        `${field} '${repoName}' resolves to a folder outside the local publish root ${this.path}.`,
      );
    }
  }

  /**
   * The repository folder a `file` location target lies in (the first
   * folder below the root), or undefined outside the root.
   */
  repositoryOf(target: string): string | undefined {
    const resolved = resolvePath(target);
    if (!this.contains(resolved)) return undefined;
    const [name, ...rest] = relative(this.path, resolved).split(sep);
    if (rest.length === 0 || !REPO_NAME.test(name)) return undefined;
    return name;
  }

  /**
   * The repository folder an entity's catalog file lies in, from the
   * location the catalog read it from (`backstage.io/managed-by-location`,
   * set by the catalog, never by the file's author); undefined for any other
   * location.
   */
  repositoryOfEntity(entity: Entity): string | undefined {
    const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
    try {
      const ref = location ? parseLocationRef(location) : undefined;
      return ref?.type === 'file' ? this.repositoryOf(ref.target) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether `target` (after following symlinks) lies inside the root. */
  contains(target: string): boolean {
    return isChildPath(this.path, target) && resolvePath(target) !== this.path;
  }

  /**
   * Checks that the root is a writable folder. With `create`, a missing root
   * is created; without, it is enough that it could be.
   */
  async checkWritable(options: { create: boolean }): Promise<void> {
    const stat = await fs.lstat(this.path).catch(() => undefined);
    if (!stat) {
      if (!options.create) {
        await this.checkCreatable();
        return;
      }
      try {
        await fs.mkdir(this.path, { recursive: true });
      } catch (err) {
        throw new InputError(
          `The local publish root ${
            this.path
          } (${LOCAL_PUBLISH_ROOT_KEY}) could not be created: ${
            (err as Error).message
          }.`,
        );
      }
    }
    const real = await fs.stat(this.path).catch(() => undefined);
    if (!real?.isDirectory()) {
      throw new InputError(
        `The local publish root ${this.path} (${LOCAL_PUBLISH_ROOT_KEY}) is not a folder.`,
      );
    }
    try {
      await fs.access(this.path, fs.constants.W_OK | fs.constants.X_OK);
    } catch {
      throw new InputError(
        `The local publish root ${this.path} (${LOCAL_PUBLISH_ROOT_KEY}) is not writable by the backend.`,
      );
    }
  }

  /** The nearest existing ancestor must be a writable folder. */
  private async checkCreatable() {
    let dir = dirname(this.path);
    for (;;) {
      const stat = await fs.stat(dir).catch(() => undefined);
      if (stat) {
        const writable = await fs
          .access(dir, fs.constants.W_OK | fs.constants.X_OK)
          .then(() => true)
          .catch(() => false);
        if (!stat.isDirectory() || !writable) {
          throw new InputError(
            `The local publish root ${this.path} (${LOCAL_PUBLISH_ROOT_KEY}) cannot be created because ${dir} is not a writable folder.`,
          );
        }
        return;
      }
      const parent = dirname(dir);
      if (parent === dir) return;
      dir = parent;
    }
  }
}
