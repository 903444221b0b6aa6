import {
  AuthService,
  DiscoveryService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { FactDefinition } from '@golden-path/plugin-readiness-common';
import { z } from 'zod';
import { entityRefKey } from '@golden-path/plugin-golden-path-node';
import {
  FactCollector,
  FactCollectorContext,
  FactCollectorResult,
  fetchPluginJson,
} from '@golden-path/plugin-readiness-node';

const COLLECTOR = 'adr';

/**
 * The facts of the ADR collector.
 * @public
 */
export const ADR_FACTS: FactDefinition[] = [
  {
    id: 'adr.count',
    type: 'number',
    description:
      'How many Architecture Decision Records the ADR backend has indexed for the component',
    collector: COLLECTOR,
  },
];

// Only what the fact needs from GET /api/adr/facets (AdrFacets).
const facetsSchema = z.object({
  entities: z.array(z.object({ value: z.string(), count: z.number() })),
});

/**
 * `adr.count` from the ADR backend's facets: one call for all components
 * (a component it does not list has none).
 * @public
 */
export class AdrFactCollector implements FactCollector {
  readonly id = COLLECTOR;
  readonly facts = ADR_FACTS;
  /** Unless goldenPath.readiness.collectors.adr.schedule says otherwise. */
  readonly schedule: SchedulerServiceTaskScheduleDefinition = {
    frequency: { minutes: 30 },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 40 },
  };

  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
    },
  ) {}

  async collect(
    entities: Entity[],
    ctx: FactCollectorContext,
  ): Promise<FactCollectorResult[]> {
    const data = await fetchPluginJson({
      ...this.options,
      pluginId: 'adr',
      path: '/facets',
      what: 'the ADR backend',
      schema: facetsSchema,
      signal: ctx.signal,
    });
    const counts = new Map<string, number>();
    for (const { value, count } of data.entities) {
      const ref = value.toLowerCase();
      counts.set(ref, (counts.get(ref) ?? 0) + count);
    }
    return entities.map(entity => {
      const entityRef = entityRefKey(entity);
      return { entityRef, facts: { 'adr.count': counts.get(entityRef) ?? 0 } };
    });
  }
}
