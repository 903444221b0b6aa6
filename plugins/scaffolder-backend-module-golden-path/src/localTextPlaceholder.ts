import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import {
  PlaceholderResolver,
  processingResult,
} from '@backstage/plugin-catalog-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { LocalPublishRoot } from './LocalPublishRoot';

/** Larger files are not API definitions. */
const MAX_BYTES = 5 * 1024 * 1024;

/**
 * The catalog's `$text` placeholder, also for entities in local repositories.
 *
 * Backstage resolves `$text: ./openapi.yaml` only against URL locations: for
 * a `file` location it fails ("could not form a URL"), because reading
 * relative local paths could reach any file on the host. The repositories
 * that golden-path:publish:local writes are `file` locations, and the
 * service template's APIs point at their definitions this way. So: when the
 * entity's location is a file in a repository folder directly under the
 * local publish root, a relative path is read from that same repository
 * folder (symlinks and `..` out of it are refused); everything else is read
 * through the URL reader, exactly as Backstage does.
 */
export function createLocalAwareTextResolver(
  publishRoot: LocalPublishRoot,
): PlaceholderResolver {
  return async params => {
    const { key, value, baseUrl } = params;
    if (typeof value !== 'string') {
      throw new Error(
        `Placeholder $${key} expected a string value parameter, in the form of an absolute URL or a relative path`,
      );
    }
    const repo = localRepositoryOf(baseUrl, publishRoot);
    if (repo && !/^[a-z][a-z0-9+.-]*:/i.test(value)) {
      let file: string;
      try {
        file = resolveSafeChildPath(repo, value);
      } catch {
        throw new Error(
          `Placeholder $${key} may only read files inside the repository ${repo}; '${value}' leads outside it`,
        );
      }
      const stat = await fs.stat(file).catch(() => undefined);
      if (!stat?.isFile()) {
        throw new Error(
          `Placeholder $${key} could not read ${value}: no such file in ${repo}`,
        );
      }
      if (stat.size > MAX_BYTES) {
        throw new Error(
          `Placeholder $${key} refused ${value}: ${stat.size} bytes is over the ${MAX_BYTES} byte limit`,
        );
      }
      return fs.readFile(file, 'utf8');
    }
    const url = params.resolveUrl(value, baseUrl);
    const data = await params.read(url);
    params.emit(processingResult.refresh(`url:${url}`));
    return data.toString('utf-8');
  };
}

/** The repository folder of a local file location, or undefined. */
function localRepositoryOf(
  baseUrl: string,
  publishRoot: LocalPublishRoot,
): string | undefined {
  if (!path.isAbsolute(baseUrl)) return undefined;
  const repo = path.dirname(path.resolve(baseUrl));
  if (!publishRoot.contains(repo)) return undefined;
  return path.dirname(repo) === publishRoot.path ? repo : undefined;
}
