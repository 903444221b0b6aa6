import { AuthService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ON_CALL,
  ANNOTATION_RUNBOOK,
  ANNOTATION_TIER,
} from '@golden-path/plugin-golden-path-common';
import {
  FactDefinition,
  FactValue,
} from '@golden-path/plugin-readiness-common';
import {
  entityRefKey,
  normalizeEntityRef,
} from '@golden-path/plugin-golden-path-node';
import {
  FactCollector,
  FactCollectorContext,
  FactCollectorResult,
} from '@golden-path/plugin-readiness-node';

const COLLECTOR = 'catalog';
const REFS_PER_REQUEST = 500;

/** The facts of the catalog collector. */
export const CATALOG_FACTS: FactDefinition[] = [
  {
    id: 'catalog.ownerIsGroup',
    type: 'boolean',
    description: 'spec.owner names a Group that exists in the catalog',
  },
  {
    id: 'catalog.hasOnCall',
    type: 'boolean',
    description: `The ${ANNOTATION_ON_CALL} annotation names an on-call rota`,
  },
  {
    id: 'catalog.hasRunbook',
    type: 'boolean',
    description: `The ${ANNOTATION_RUNBOOK} annotation links a runbook`,
  },
  {
    id: 'catalog.tier',
    type: 'string',
    description: `The ${ANNOTATION_TIER} annotation (null when absent)`,
  },
  {
    id: 'catalog.lifecycle',
    type: 'string',
    description: 'spec.lifecycle (null when absent)',
  },
  {
    id: 'catalog.hasSystem',
    type: 'boolean',
    description: 'spec.system is set and names a System that exists',
  },
  {
    id: 'catalog.hasDescription',
    type: 'boolean',
    description: 'metadata.description is set',
  },
  {
    id: 'catalog.providedApis',
    type: 'number',
    description: 'How many APIs spec.providesApis lists',
  },
  {
    id: 'catalog.apisWithoutDefinition',
    type: 'number',
    description:
      'How many provided APIs are missing from the catalog or have an empty spec.definition',
  },
].map(fact => ({ ...fact, collector: COLLECTOR } as FactDefinition));

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function stringList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Facts from the catalog entity itself and the entities it names: its owner
 * group, its system and the APIs it provides (looked up in bulk).
 */
export class CatalogFactCollector implements FactCollector {
  readonly id = COLLECTOR;
  readonly facts = CATALOG_FACTS;

  constructor(
    private readonly options: { catalog: CatalogService; auth: AuthService },
  ) {}

  async collect(
    entities: Entity[],
    _ctx: FactCollectorContext,
  ): Promise<FactCollectorResult[]> {
    const planned = entities.map(entity => {
      const namespace = entity.metadata.namespace ?? 'default';
      const spec = (entity.spec ?? {}) as Record<string, unknown>;
      return {
        entity,
        owner: normalizeEntityRef(spec.owner, 'group', namespace),
        system: normalizeEntityRef(spec.system, 'system', namespace),
        apis: stringList(spec.providesApis).map(api =>
          normalizeEntityRef(api, 'api', namespace),
        ),
      };
    });
    const wanted = new Set<string>();
    for (const plan of planned) {
      if (plan.owner?.startsWith('group:')) wanted.add(plan.owner);
      if (plan.system?.startsWith('system:')) wanted.add(plan.system);
      for (const api of plan.apis) if (api?.startsWith('api:')) wanted.add(api);
    }
    const found = await this.lookUp([...wanted]);

    return planned.map(({ entity, owner, system, apis }) => {
      const annotations = entity.metadata.annotations ?? {};
      const spec = (entity.spec ?? {}) as Record<string, unknown>;
      const apisWithoutDefinition = apis.filter(api => {
        if (!api || !api.startsWith('api:')) return true;
        return !found.get(api)?.hasDefinition;
      }).length;
      const facts: Record<string, FactValue> = {
        'catalog.ownerIsGroup':
          !!owner && owner.startsWith('group:') && found.has(owner),
        'catalog.hasOnCall': text(annotations[ANNOTATION_ON_CALL]) !== null,
        'catalog.hasRunbook': text(annotations[ANNOTATION_RUNBOOK]) !== null,
        'catalog.tier': text(annotations[ANNOTATION_TIER]),
        'catalog.lifecycle': text(spec.lifecycle),
        'catalog.hasSystem':
          !!system && system.startsWith('system:') && found.has(system),
        'catalog.hasDescription': text(entity.metadata.description) !== null,
        'catalog.providedApis': apis.length,
        'catalog.apisWithoutDefinition': apisWithoutDefinition,
      };
      return { entityRef: entityRefKey(entity), facts };
    });
  }

  /** The named entities that exist, with whether an API has a definition. */
  private async lookUp(
    refs: string[],
  ): Promise<Map<string, { hasDefinition: boolean }>> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const found = new Map<string, { hasDefinition: boolean }>();
    for (let i = 0; i < refs.length; i += REFS_PER_REQUEST) {
      const chunk = refs.slice(i, i + REFS_PER_REQUEST);
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: chunk,
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'spec.definition',
          ],
        },
        { credentials },
      );
      items.forEach((item, index) => {
        if (!item) return;
        const definition = (item.spec as { definition?: unknown } | undefined)
          ?.definition;
        found.set(chunk[index], {
          hasDefinition:
            typeof definition === 'string' && definition.trim() !== '',
        });
      });
    }
    return found;
  }
}
