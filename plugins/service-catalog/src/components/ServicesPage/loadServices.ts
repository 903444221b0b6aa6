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

/** An entity a service refers to: its ref (for links and tooltips) and its title. */
export type NamedRef = { ref: string; title: string };

/** One service (Component) as the Services page shows it. */
export type ServiceRow = {
  entityRef: string;
  name: string;
  title: string;
  type: string;
  lifecycle: string;
  owner?: NamedRef;
  system?: NamedRef;
  domain?: NamedRef;
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

/** The full ref of `ref` ("group:default/team-a" for "team-a"); undefined when absent or malformed. */
function fullRef(ref: string | undefined, defaultKind: string) {
  if (!ref) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return undefined;
  }
}

/** The title Backstage shows for an entity: display name, title, then name. */
function titleOf(entity: Entity): string {
  const profile = (entity.spec as { profile?: { displayName?: unknown } })
    ?.profile;
  if (typeof profile?.displayName === 'string' && profile.displayName) {
    return profile.displayName;
  }
  return entity.metadata.title ?? entity.metadata.name;
}

/**
 * Loads every Component with the few fields the page needs, sorted by the
 * catalog backend, and the titles of the groups, systems and domains they
 * name (the domain of a service is its System's).
 */
export async function loadServices(
  catalogApi: CatalogApi,
): Promise<ServiceRow[]> {
  const named = [
    'kind',
    'metadata.name',
    'metadata.namespace',
    'metadata.title',
  ];
  const [components, systems, domains, groups] = await Promise.all([
    queryAll(catalogApi, 'component', [
      ...named,
      'metadata.annotations',
      'spec.type',
      'spec.lifecycle',
      'spec.owner',
      'spec.system',
    ]),
    queryAll(catalogApi, 'system', [...named, 'spec.domain']),
    queryAll(catalogApi, 'domain', named),
    queryAll(catalogApi, 'group', [...named, 'spec.profile.displayName']),
  ]);
  const titles = new Map(
    [...systems, ...domains, ...groups].map(e => [
      stringifyEntityRef(e),
      titleOf(e),
    ]),
  );
  const toNamed = (ref: string | undefined): NamedRef | undefined =>
    ref
      ? { ref, title: titles.get(ref) ?? parseEntityRef(ref).name }
      : undefined;
  const domainOfSystem = new Map(
    systems.map(s => [
      stringifyEntityRef(s),
      fullRef(s.spec?.domain as string | undefined, 'domain'),
    ]),
  );

  return components.map(entity => {
    const annotations = entity.metadata.annotations ?? {};
    const spec = (entity.spec ?? {}) as Record<string, string | undefined>;
    const tier = annotations[ANNOTATION_TIER];
    const systemRef = fullRef(spec.system, 'system');
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
      owner: toNamed(fullRef(spec.owner, 'group')),
      system: toNamed(systemRef),
      domain: toNamed(systemRef ? domainOfSystem.get(systemRef) : undefined),
      tier: isTierName(tier) ? tier : undefined,
      missing,
    };
  });
}
