import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';

/**
 * "team-payments" for "group:default/team-payments" (the kind and the
 * default namespace are left out as the catalog does); the raw value when it
 * is not an entity ref.
 * @public
 */
export function entityName(ref: string, defaultKind: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind });
  } catch {
    return ref;
  }
}
