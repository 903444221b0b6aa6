import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * The entity an action's `entityRef` input names (`component:default/orders`,
 * or `orders` for a component in the default namespace), read with the
 * task initiator's credentials so the catalog's read permissions apply.
 * @throws InputError for a malformed ref, NotFoundError for an unknown one
 */
export async function findEntityOfInput(options: {
  catalog: CatalogService;
  entityRef: string;
  credentials: BackstageCredentials;
}): Promise<Entity> {
  const { catalog, entityRef, credentials } = options;
  let ref;
  try {
    ref = parseEntityRef(entityRef, {
      defaultKind: 'Component',
      defaultNamespace: 'default',
    });
  } catch (err) {
    throw new InputError(
      `entityRef '${entityRef}' is not an entity reference: ${
        (err as Error).message
      }`,
    );
  }
  const entity = await catalog.getEntityByRef(ref, { credentials });
  if (!entity) {
    throw new NotFoundError(`entityRef '${entityRef}' is not in the catalog.`);
  }
  return entity;
}
