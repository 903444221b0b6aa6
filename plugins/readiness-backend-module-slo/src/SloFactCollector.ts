import {
  AuthService,
  DiscoveryService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  FactDefinition,
  FactValue,
} from '@golden-path/plugin-readiness-common';
import { z } from 'zod';
import { entityRefKey } from '@golden-path/plugin-golden-path-node';
import {
  FactCollector,
  FactCollectorContext,
  FactCollectorResult,
  fetchPluginJson,
} from '@golden-path/plugin-readiness-node';

const COLLECTOR = 'slo';

/**
 * The facts of the SLO collector.
 * @public
 */
export const SLO_FACTS: FactDefinition[] = [
  {
    id: 'slo.defined',
    type: 'boolean',
    description:
      'The SLO backend knows at least one SLO of the component (from its tier or an OpenSLO file)',
  },
  {
    id: 'slo.meetsObjectives',
    type: 'boolean',
    description:
      'Every SLO of the component is ok or warning over its window (30 days by default): none breaching, none without data',
  },
  {
    id: 'slo.pageAlertsFiring',
    type: 'number',
    description: 'How many page-severity burn-rate alerts fire now',
  },
  {
    id: 'slo.status',
    type: 'string',
    description:
      'The worst status of its SLOs: ok, warning, breaching, no-data, error, or none without SLOs',
  },
].map(fact => ({ ...fact, collector: COLLECTOR } as FactDefinition));

// Only what the facts need from GET /api/slo/v1/services (one page of
// SloServiceRow) and GET /api/slo/v1/overview (its firing alerts).
const servicesSchema = z.object({
  items: z.array(
    z.object({
      entityRef: z.string(),
      status: z.string(),
      sloCount: z.number(),
    }),
  ),
  totalItems: z.number(),
});
const overviewSchema = z.object({
  firingAlerts: z.array(
    z.object({ entityRef: z.string(), severity: z.string() }),
  ),
});

/** The SLO backend's largest page. */
const PAGE = 500;
/** Stops a backend that never ends its pages (at 500 a page: 1 M services). */
const MAX_PAGES = 2000;

/**
 * Facts from the SLO backend for all components: its service rows (paged,
 * 500 at a time) and its overview's firing alerts.
 * When it cannot be asked, every component records the error and keeps its
 * last facts.
 * @public
 */
export class SloFactCollector implements FactCollector {
  readonly id = COLLECTOR;
  readonly facts = SLO_FACTS;
  /** Unless goldenPath.readiness.collectors.slo.schedule says otherwise. */
  readonly schedule: SchedulerServiceTaskScheduleDefinition = {
    frequency: { minutes: 5 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 30 },
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
    const fetchSlo = <T extends z.ZodTypeAny>(path: string, schema: T) =>
      fetchPluginJson({
        ...this.options,
        pluginId: 'slo',
        path,
        what: 'the SLO backend',
        schema,
        signal: ctx.signal,
      });
    // Every service, page by page in a stable order (by ref), then the
    // alerts: a service that appears between two pages is collected next run.
    const services = new Map<
      string,
      z.output<typeof servicesSchema>['items'][number]
    >();
    for (let page = 0, offset = 0; page < MAX_PAGES; page++) {
      const { items, totalItems } = await fetchSlo(
        `/v1/services?sort=service&order=asc&limit=${PAGE}&offset=${offset}`,
        servicesSchema,
      );
      for (const row of items) services.set(row.entityRef.toLowerCase(), row);
      offset += items.length;
      if (items.length === 0 || offset >= totalItems) break;
    }
    const data = await fetchSlo('/v1/overview', overviewSchema);
    const pages = new Map<string, number>();
    for (const alert of data.firingAlerts) {
      if (alert.severity !== 'page') continue;
      const ref = alert.entityRef.toLowerCase();
      pages.set(ref, (pages.get(ref) ?? 0) + 1);
    }
    return entities.map(entity => {
      const entityRef = entityRefKey(entity);
      const row = services.get(entityRef);
      const defined = !!row && row.sloCount > 0;
      const facts: Record<string, FactValue> = {
        'slo.defined': defined,
        'slo.meetsObjectives':
          defined && (row.status === 'ok' || row.status === 'warning'),
        'slo.pageAlertsFiring': pages.get(entityRef) ?? 0,
        'slo.status': defined ? row.status : 'none',
      };
      return { entityRef, facts };
    });
  }
}
