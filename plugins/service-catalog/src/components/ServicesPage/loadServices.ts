import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogApi } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_ON_CALL,
  ANNOTATION_RUNBOOK,
  ANNOTATION_TIER,
  isTierName,
  TierName,
} from '@golden-path/plugin-golden-path-common';

/** One service (Component) as the Services page shows it. */
export type ServiceRow = {
  entityRef: string;
  name: string;
  title: string;
  type: string;
  lifecycle: string;
  owner: string;
  system?: string;
  domain?: string;
  tier?: TierName;
  /** The Golden Path metadata it lacks: tier, on-call, runbook. */
  missing: string[];
};

const PAGE_SIZE = 500;

/** Every entity of a kind, in pages, with only the fields asked for. */
async function queryAll(
  catalogApi: CatalogApi,
  kind: string,
  fields: string[],
): Promise<Entity[]> {
  const items: Entity[] = [];
  let response = await catalogApi.queryEntities({
    filter: { kind },
    fields,
    limit: PAGE_SIZE,
    orderFields: { field: 'metadata.name', order: 'asc' },
  });
  items.push(...response.items);
  while (response.pageInfo.nextCursor) {
    response = await catalogApi.queryEntities({
      cursor: response.pageInfo.nextCursor,
      fields,
      limit: PAGE_SIZE,
    });
    items.push(...response.items);
  }
  return items;
}

function shortRef(ref: string | undefined, defaultKind: string) {
  if (!ref) return undefined;
  try {
    return parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' })
      .name;
  } catch {
    return ref;
  }
}

/**
 * Loads every Component with the few fields the page needs, sorted by the
 * catalog backend, and the domain of every System.
 */
export async function loadServices(
  catalogApi: CatalogApi,
): Promise<ServiceRow[]> {
  const [components, systems] = await Promise.all([
    queryAll(catalogApi, 'component', [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'metadata.title',
      'metadata.annotations',
      'spec.type',
      'spec.lifecycle',
      'spec.owner',
      'spec.system',
    ]),
    queryAll(catalogApi, 'system', ['metadata.name', 'spec.domain']),
  ]);
  const domainOfSystem = new Map(
    systems.map(s => [
      s.metadata.name,
      shortRef(s.spec?.domain as string | undefined, 'domain'),
    ]),
  );

  return components.map(entity => {
    const annotations = entity.metadata.annotations ?? {};
    const spec = (entity.spec ?? {}) as Record<string, string | undefined>;
    const tier = annotations[ANNOTATION_TIER];
    const system = shortRef(spec.system, 'system');
    const missing = [
      isTierName(tier) ? undefined : 'tier',
      annotations[ANNOTATION_ON_CALL] ? undefined : 'on-call',
      annotations[ANNOTATION_RUNBOOK] ? undefined : 'runbook',
    ].filter((m): m is string => m !== undefined);
    return {
      entityRef: stringifyEntityRef(entity),
      name: entity.metadata.name,
      title: entity.metadata.title ?? entity.metadata.name,
      type: spec.type ?? '',
      lifecycle: spec.lifecycle ?? '',
      owner: shortRef(spec.owner, 'group') ?? 'no owner',
      system,
      domain: system ? domainOfSystem.get(system) : undefined,
      tier: isTierName(tier) ? tier : undefined,
      missing,
    };
  });
}
