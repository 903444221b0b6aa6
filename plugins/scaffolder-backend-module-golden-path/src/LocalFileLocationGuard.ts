import { isChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import path from 'node:path';
import { LocalPublishRoot } from './LocalPublishRoot';

const GLOB_CHARACTERS = /[*?[\]{}()!]/;

/** The folder part of a path that may end in a glob. */
function folderBeforeGlob(target: string) {
  const segments = path.resolve(target).split(path.sep);
  const firstGlob = segments.findIndex(s => GLOB_CHARACTERS.test(s));
  const kept =
    firstGlob === -1 ? segments.slice(0, -1) : segments.slice(0, firstGlob);
  return kept.join(path.sep) || path.sep;
}

/**
 * A catalog processor that runs before the catalog's FileReaderProcessor and
 * refuses `file` locations outside the folders an operator chose: the local
 * publish root and the folders of the `file` locations in app-config
 * `catalog.locations`. Allowing the `file` type for registrations would
 * otherwise let any user who may register locations have the catalog read
 * (and glob) any file of the backend host.
 * @public
 */
export class LocalFileLocationGuard implements CatalogProcessor {
  static fromConfig(config: Config, publishRoot: LocalPublishRoot) {
    const configured = (
      config.getOptionalConfigArray('catalog.locations') ?? []
    )
      .filter(location => location.getString('type') === 'file')
      .map(location => folderBeforeGlob(location.getString('target')));
    return new LocalFileLocationGuard(publishRoot, configured);
  }

  constructor(
    private readonly publishRoot: LocalPublishRoot,
    private readonly configuredFolders: string[],
  ) {}

  getProcessorName() {
    return 'GoldenPathLocalFileLocationGuard';
  }

  /** Before the default processors (20), so it sees file locations first. */
  getPriority() {
    return 10;
  }

  /** Whether the catalog may read the `file` location `target`. */
  allows(target: string): boolean {
    const resolved = path.resolve(target);
    if (
      this.configuredFolders.some(folder => {
        const relative = path.relative(folder, resolved);
        return !relative.startsWith('..') && !path.isAbsolute(relative);
      })
    ) {
      return true;
    }
    return (
      !GLOB_CHARACTERS.test(target) &&
      this.publishRoot.contains(resolved) &&
      isChildPath(this.publishRoot.path, resolved)
    );
  }

  async readLocation(
    location: LocationSpec,
    _optional: boolean,
    emit: CatalogProcessorEmit,
  ): Promise<boolean> {
    if (location.type !== 'file' || this.allows(location.target)) {
      return false;
    }
    emit(
      processingResult.inputError(
        location,
        `file location ${location.target} is outside the local publish root and the folders of the configured file locations, so it is not read`,
      ),
    );
    return true;
  }
}
