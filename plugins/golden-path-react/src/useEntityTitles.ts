import { useEffect, useMemo, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { entityPresentationApiRef } from '@backstage/plugin-catalog-react';
import { entityName } from './entityName';

/**
 * The display titles of entity refs ("Checkout team" for
 * `group:default/team-checkout`), as the catalog's entity presentation API
 * gives them: the short name at first (or without that API), the title
 * once the catalog answered. For labels that cannot render a component
 * (picker options, chart legends); in tables use `EntityRefLink`.
 * @public
 */
export function useEntityTitles(
  refs: ReadonlyArray<string>,
  defaultKind: string,
): ReadonlyMap<string, string> {
  const presentation = useApiHolder().get(entityPresentationApiRef);
  const key = [...new Set(refs)].sort().join('\n');
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(
    () => new Map(),
  );
  useEffect(() => {
    if (!presentation || !key) return undefined;
    let cancelled = false;
    Promise.all(
      key.split('\n').map(async ref => {
        try {
          const snapshot = await presentation.forEntity(ref, { defaultKind })
            .promise;
          return [ref, snapshot.primaryTitle] as const;
        } catch {
          return [ref, entityName(ref, defaultKind)] as const;
        }
      }),
    ).then(pairs => {
      if (!cancelled) setTitles(new Map(pairs));
    });
    return () => {
      cancelled = true;
    };
  }, [presentation, key, defaultKind]);
  return useMemo(() => {
    const all = new Map<string, string>();
    for (const ref of key ? key.split('\n') : []) {
      all.set(ref, titles.get(ref) || entityName(ref, defaultKind));
    }
    return all;
  }, [key, titles, defaultKind]);
}
