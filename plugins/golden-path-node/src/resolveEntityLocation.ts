import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { dirname, resolve as resolvePath } from 'node:path';

/**
 * Where an entity annotation points: a local path or a URL, with the
 * location string to show and store.
 * @public
 */
export type EntityLocation =
  | { type: 'file'; path: string; location: string }
  | { type: 'url'; url: string; location: string };

/**
 * An annotation could not be turned into a location; the message names the
 * annotation and is meant to be shown on the entity.
 * @public
 */
export class EntityLocationError extends Error {
  name = 'EntityLocationError';
}

/**
 * Resolves an annotation that names a file or folder: an http(s) URL (with
 * or without a `url:` prefix) as is; a relative path against the location of
 * the file that declares the entity (managed-by-location, else
 * source-location), which may be a `file:` or a `url:` location.
 *
 * @param what - what the annotation names, plural, for messages (e.g.
 *   `ADR folders`, `OpenSLO files`)
 * @throws EntityLocationError when the annotation is empty or cannot be
 *   resolved
 * @public
 */
export function resolveEntityLocation(
  entity: Entity,
  annotationName: string,
  integrations: ScmIntegrationRegistry,
  what: string = 'files',
): EntityLocation {
  const annotations = entity.metadata.annotations ?? {};
  const annotation = annotations[annotationName]?.trim() ?? '';
  if (!annotation) {
    throw new EntityLocationError(`the ${annotationName} annotation is empty`);
  }
  const asUrl = annotation.replace(/^url:/i, '');
  if (/^https?:\/\//i.test(asUrl)) {
    const url = asUrl.replace(/\/+$/, '');
    return { type: 'url', url, location: url };
  }
  // Any other scheme (javascript:, file:, github:) is refused: only paths
  // relative to the catalog file may reach the local disk, and only through
  // the configured roots.
  if (/^[a-z][a-z0-9+.-]*:/i.test(annotation)) {
    throw new EntityLocationError(
      `${annotationName} '${annotation}' is neither an http(s) URL nor a relative path`,
    );
  }
  const base =
    annotations[ANNOTATION_LOCATION] ?? annotations[ANNOTATION_SOURCE_LOCATION];
  if (!base) {
    throw new EntityLocationError(
      `${annotationName} '${annotation}' is a relative path, but the entity has no ${ANNOTATION_LOCATION} or ${ANNOTATION_SOURCE_LOCATION} to resolve it against`,
    );
  }
  let ref: { type: string; target: string };
  try {
    ref = parseLocationRef(base);
  } catch {
    throw new EntityLocationError(
      `the entity location '${base}' is not a location`,
    );
  }
  if (ref.type === 'file') {
    // A trailing slash names a folder (source-location), else a file.
    const dir = ref.target.endsWith('/') ? ref.target : dirname(ref.target);
    const path = resolvePath(dir, annotation);
    return { type: 'file', path, location: `file:${path}` };
  }
  if (ref.type === 'url') {
    const url = integrations
      .resolveUrl({ url: annotation, base: ref.target })
      .replace(/\/+$/, '');
    return { type: 'url', url, location: url };
  }
  throw new EntityLocationError(
    `the entity location '${base}' is of type '${ref.type}'; ${what} can be read from 'url' and 'file' locations`,
  );
}
