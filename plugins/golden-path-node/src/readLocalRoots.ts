import { Config } from '@backstage/config';
import { resolve as resolvePath } from 'node:path';
import { LocalRoot } from './LocalRoots';
import { LOCAL_PUBLISH_ROOT_KEY as PUBLISH_ROOT_KEY } from './LocalPublishRoot';

/**
 * Reads the local roots a plugin may read from: the folders listed at `key`
 * (relative ones against `cwd`), plus `goldenPath.scaffolder.localPublishRoot`
 * when it is set, so repositories the scaffolder created locally can be read.
 * @throws Error naming the key (`Invalid config <key>: ...`) on a bad value
 * @public
 */
export function readLocalRoots(
  config: Config,
  key: string,
  cwd: string = process.cwd(),
): LocalRoot[] {
  let roots: string[] = [];
  try {
    roots = config.getOptionalStringArray(key) ?? [];
  } catch {
    throw new Error(`Invalid config ${key}: must be a list of folder paths`);
  }
  const localRoots = roots.map((root, index) => {
    // eslint-disable-next-line no-control-regex
    if (root.trim() === '' || /[\u0000-\u001f]/.test(root)) {
      throw new Error(
        `Invalid config ${key}[${index}]: '${root}' is not a folder path`,
      );
    }
    return { path: resolvePath(cwd, root), key };
  });
  let publishRoot: string | undefined;
  try {
    publishRoot = config.getOptionalString(PUBLISH_ROOT_KEY);
  } catch {
    throw new Error(
      `Invalid config ${PUBLISH_ROOT_KEY}: must be a folder path`,
    );
  }
  if (publishRoot !== undefined && publishRoot.trim() !== '') {
    localRoots.push({
      path: resolvePath(cwd, publishRoot),
      key: PUBLISH_ROOT_KEY,
    });
  }
  return localRoots;
}
