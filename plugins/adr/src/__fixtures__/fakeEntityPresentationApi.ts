import {
  EntityPresentationApi,
  EntityRefPresentationSnapshot,
} from '@backstage/plugin-catalog-react';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';

/** The titles of the entities the ADR fixtures name, as the catalog would present them. */
export const ENTITY_TITLES: Record<string, string> = {
  'group:default/team-payments': 'Payments team',
  'group:default/team-checkout': 'Checkout team',
  'system:default/payments-core': 'Payments core',
  'component:default/payments': 'Payments service',
  'component:default/order-service': 'Order service',
};

/** An entity presentation API over `ENTITY_TITLES`: the title as primary title, the ref as secondary. */
export function fakeEntityPresentationApi(
  titles: Record<string, string> = ENTITY_TITLES,
): EntityPresentationApi {
  return {
    forEntity(entityOrRef: Entity | string) {
      const entityRef =
        typeof entityOrRef === 'string'
          ? entityOrRef
          : stringifyEntityRef(entityOrRef);
      const snapshot: EntityRefPresentationSnapshot = {
        entityRef,
        primaryTitle: titles[entityRef] ?? entityRef,
        secondaryTitle: entityRef,
      };
      return { snapshot, promise: Promise.resolve(snapshot) };
    },
  };
}
