import {
  NamedRef,
  SERVICE_METADATA as METADATA,
  ServiceMetadata,
  ServiceRow,
} from '@golden-path/plugin-golden-path-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ON_CALL,
  ANNOTATION_RUNBOOK,
  ANNOTATION_TIER,
  isTierName,
} from '@golden-path/plugin-golden-path-common';

// The row types of GET /services live in golden-path-common.
export type { NamedRef, ServiceRow };
export { METADATA };
export type Metadata = ServiceMetadata;

/** A row and the name it is also found by. */
export type BuiltRow = { row: ServiceRow; name: string };

/** The catalog's entities the rows are built from. */
export type ServiceEntities = {
  components: Entity[];
  systems: Entity[];
  domains: Entity[];
  groups: Entity[];
};

const PAGE_SIZE = 500;
const NAMED = ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'];

/** Every entity of a kind, in pages, with only the fields asked for. */
async function queryAll(
  catalog: Pick<CatalogService, 'queryEntities'>,
  credentials: BackstageCredentials,
  kind: string,
  fields: string[],
): Promise<Entity[]> {
  const items: Entity[] = [];
  let response = await catalog.queryEntities(
    {
      filter: { kind },
      fields,
      limit: PAGE_SIZE,
      orderFields: { field: 'metadata.name', order: 'asc' },
      totalItems: 'exclude',
    },
    { credentials },
  );
  items.push(...response.items);
  while (response.pageInfo.nextCursor) {
    response = await catalog.queryEntities(
      { cursor: response.pageInfo.nextCursor, fields, limit: PAGE_SIZE },
      { credentials },
    );
    items.push(...response.items);
  }
  return items;
}

/**
 * Reads the Components with the few fields the page needs, and the groups,
 * systems and domains they name, from the catalog in pages of 500.
 */
export async function loadServiceEntities(
  catalog: Pick<CatalogService, 'queryEntities'>,
  credentials: BackstageCredentials,
): Promise<ServiceEntities> {
  const [components, systems, domains, groups] = await Promise.all([
    queryAll(catalog, credentials, 'component', [
      ...NAMED,
      'metadata.annotations',
      'spec.type',
      'spec.lifecycle',
      'spec.owner',
      'spec.system',
    ]),
    queryAll(catalog, credentials, 'system', [...NAMED, 'spec.domain']),
    queryAll(catalog, credentials, 'domain', NAMED),
    queryAll(catalog, credentials, 'group', [
      ...NAMED,
      'spec.profile.displayName',
    ]),
  ]);
  return { components, systems, domains, groups };
}

/** The full ref of `ref` ("group:default/team-a" for "team-a"); undefined when absent or malformed. */
function fullRef(ref: unknown, defaultKind: string): string | undefined {
  if (typeof ref !== 'string' || !ref) return undefined;
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
  return entity.metadata.title || entity.metadata.name;
}

/**
 * The Services page's rows: each Component with its owner, system and
 * domain (its System's) by title, its tier and the metadata it lacks.
 */
export function buildServiceRows(entities: ServiceEntities): BuiltRow[] {
  const { components, systems, domains, groups } = entities;
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
      fullRef(s.spec?.domain, 'domain'),
    ]),
  );
  return components.map(entity => {
    const annotations = entity.metadata.annotations ?? {};
    const spec = (entity.spec ?? {}) as Record<string, unknown>;
    const tier = annotations[ANNOTATION_TIER];
    const systemRef = fullRef(spec.system, 'system');
    const missing: Metadata[] = [];
    if (!isTierName(tier)) missing.push('tier');
    if (!annotations[ANNOTATION_ON_CALL]) missing.push('on-call');
    if (!annotations[ANNOTATION_RUNBOOK]) missing.push('runbook');
    const row: ServiceRow = {
      entityRef: stringifyEntityRef(entity),
      title: entity.metadata.title || entity.metadata.name,
      type: typeof spec.type === 'string' ? spec.type : '',
      lifecycle: typeof spec.lifecycle === 'string' ? spec.lifecycle : '',
      missing,
    };
    const owner = toNamed(fullRef(spec.owner, 'group'));
    const system = toNamed(systemRef);
    const domain = toNamed(
      systemRef ? domainOfSystem.get(systemRef) : undefined,
    );
    if (owner) row.owner = owner;
    if (system) row.system = system;
    if (domain) row.domain = domain;
    if (isTierName(tier)) row.tier = tier;
    return { row, name: entity.metadata.name };
  });
}
