import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_TIER,
  isTierName,
  TierName,
} from '@golden-path/plugin-golden-path-common';
import {
  entityRefKey,
  normalizeEntityRef,
} from '@golden-path/plugin-golden-path-node';

/** The fields of a component that an evaluation stores with its summary. */
export type DescribedEntity = {
  entityRef: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  domain: string | null;
  tier: TierName | null;
};

/**
 * A component's ref, title, owner, system, domain (from `systemDomains`,
 * the domain ref of each system ref) and tier, as lower-case full refs.
 */
export function describeEntity(
  entity: Entity,
  systemDomains?: ReadonlyMap<string, string | null>,
): DescribedEntity {
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const tierValue = entity.metadata.annotations?.[ANNOTATION_TIER]?.trim();
  const system = normalizeEntityRef(spec.system, 'system', namespace);
  return {
    entityRef: entityRefKey(entity),
    title: entity.metadata.title?.trim() || null,
    owner: normalizeEntityRef(spec.owner, 'group', namespace),
    system,
    domain: system ? systemDomains?.get(system) ?? null : null,
    tier: isTierName(tierValue) ? tierValue : null,
  };
}
