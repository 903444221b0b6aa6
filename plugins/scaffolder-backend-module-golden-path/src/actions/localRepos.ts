import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalPublishRoot, lstatOrUndefined } from '../LocalPublishRoot';
import { resolveWorkspacePath } from './resolveWorkspacePath';

const MANAGED_BY = 'backstage.io/managed-by-location';
const ADR_LOCATION = 'golden-path.io/adr-location';

/** Where an entity registered by golden-path:catalog:register-local lives. */
export type LocalRepo = { repoPath: string; adrDirectory: string };

/**
 * The local repository of an entity, from its `managed-by-location`
 * annotation (`file:<repo>/catalog-info.yaml`), which must be a repository
 * folder directly under the publish root; and its ADR folder
 * (`golden-path.io/adr-location` when it is a relative path, else docs/adr).
 */
export async function localRepoOf(
  entity: Entity,
  publishRoot: LocalPublishRoot,
): Promise<LocalRepo> {
  const ref = stringifyEntityRef(entity);
  const location = entity.metadata.annotations?.[MANAGED_BY] ?? '';
  if (!location.startsWith('file:')) {
    throw new InputError(
      `${ref} does not come from a local repository (its location is '${
        location || 'unknown'
      }'); add ADRs to its repository with a pull request instead.`,
    );
  }
  const target = location.slice('file:'.length);
  const file = target.startsWith('file://') ? fileURLToPath(target) : target;
  const repoPath = path.dirname(path.resolve(file));
  if (
    !publishRoot.contains(repoPath) ||
    publishRoot.repoPath(path.basename(repoPath), 'repository') !== repoPath
  ) {
    throw new NotAllowedError(
      `${ref} is registered from ${file}, which is not in a repository folder directly under the local publish root ${publishRoot.path}.`,
    );
  }
  if (!(await lstatOrUndefined(path.join(repoPath, '.git')))?.isDirectory()) {
    throw new InputError(
      `${repoPath} (the repository of ${ref}) is not a git repository.`,
    );
  }
  const annotated = entity.metadata.annotations?.[ADR_LOCATION];
  const adrDirectory =
    annotated && !/^[a-z][a-z0-9+.-]*:/i.test(annotated)
      ? annotated.replace(/^\.\//, '').replace(/\/+$/, '')
      : 'docs/adr';
  // Refuses '..', absolute paths and symlinks out of the repository.
  resolveWorkspacePath(repoPath, adrDirectory, ADR_LOCATION, 'the repository');
  return { repoPath, adrDirectory };
}
