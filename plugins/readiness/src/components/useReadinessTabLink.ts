import { useCallback } from 'react';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';

/**
 * The path of an entity's "Readiness" tab (the app mounts it at
 * `readiness` under the entity page, see the README), with `?check=<id>`
 * to open it at one check.
 */
export function useReadinessTabLink(): (
  entityRef: string,
  checkId?: string,
) => string {
  const entityLink = useEntityRefLink();
  return useCallback(
    (entityRef: string, checkId?: string) => {
      const query = checkId ? `?check=${encodeURIComponent(checkId)}` : '';
      return `${entityLink(entityRef).replace(/\/$/, '')}/readiness${query}`;
    },
    [entityLink],
  );
}
