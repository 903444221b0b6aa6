import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

type Credentials = { principal?: { type?: string } };

/**
 * Backstage's `catalogServiceMock` with `entities`, showing a user only the
 * entities `readableByUser()` names (full refs), as the catalog does under a
 * conditional `catalog.entity.read` decision; every entity while it answers
 * `undefined`, and every entity to service credentials. The mock catalog
 * does not apply permission conditions itself. `getEntities` and
 * `getEntityByRef` are filtered; `calls` counts what was asked, so a test
 * can check that a route looked up one entity instead of listing them all.
 * @public
 */
export function catalogReadableBy(
  entities: Entity[],
  readableByUser: () => readonly string[] | undefined,
) {
  const catalog = catalogServiceMock({ entities });
  const calls = { listings: 0, lookups: [] as string[] };
  const restricted = (options: unknown) => {
    const principal = (options as { credentials?: Credentials } | undefined)
      ?.credentials?.principal;
    const readable = readableByUser();
    return principal?.type === 'user' ? readable : undefined;
  };
  const getEntities = catalog.getEntities.bind(catalog);
  catalog.getEntities = async (request, options) => {
    calls.listings++;
    const response = await getEntities(request, options);
    const readable = restricted(options);
    if (!readable) return response;
    return {
      ...response,
      items: response.items.filter(entity =>
        readable.includes(stringifyEntityRef(entity)),
      ),
    };
  };
  const getEntityByRef = catalog.getEntityByRef.bind(catalog);
  catalog.getEntityByRef = async (ref, options) => {
    calls.lookups.push(String(ref));
    const entity = await getEntityByRef(ref, options);
    const readable = restricted(options);
    if (!entity || !readable) return entity;
    return readable.includes(stringifyEntityRef(entity)) ? entity : undefined;
  };
  return { catalog, calls };
}
