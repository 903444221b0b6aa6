import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
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
  PluginRequestError,
} from '@golden-path/plugin-readiness-node';

const COLLECTOR = 'golden-path';

/** The facts of the golden-path collector. */
export const GOLDEN_PATH_FACTS: FactDefinition[] = [
  {
    id: 'golden-path.fromTemplate',
    type: 'boolean',
    description:
      'The component was created from a golden-path template whose version the portal knows (golden-path.io/template and template-version, or .golden-path/answers.yaml)',
  },
  {
    id: 'golden-path.supportedVersion',
    type: 'boolean',
    description:
      'The component is on a version its template still supports (golden-path.io/supported-versions of the template); false when not from a template',
  },
  {
    id: 'golden-path.versionsBehind',
    type: 'number',
    description:
      "How many released versions of its template are newer than the component's; 0 when current or not from a template",
  },
].map(fact => ({ ...fact, collector: COLLECTOR } as FactDefinition));

// Only what the facts need from GET /api/golden-path/drift.
const driftSchema = z.object({
  services: z.array(
    z.object({
      entityRef: z.string(),
      status: z.string(),
      supported: z.boolean().optional(),
      behind: z.number().optional(),
    }),
  ),
});

/**
 * Facts from the golden-path backend's drift view: one call for all
 * components. Without the golden-path backend (404), no component is from a
 * template; when it cannot be asked otherwise, every component records the
 * error and keeps its last facts.
 */
export class GoldenPathFactCollector implements FactCollector {
  readonly id = COLLECTOR;
  readonly facts = GOLDEN_PATH_FACTS;

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
    let services: z.output<typeof driftSchema>['services'] = [];
    try {
      ({ services } = await fetchPluginJson({
        ...this.options,
        pluginId: 'golden-path',
        path: '/drift',
        what: 'the golden-path backend',
        schema: driftSchema,
        signal: ctx.signal,
      }));
    } catch (error) {
      if (!(error instanceof PluginRequestError && error.status === 404)) {
        throw error;
      }
    }
    const byRef = new Map(services.map(s => [s.entityRef.toLowerCase(), s]));
    return entities.map(entity => {
      const entityRef = entityRefKey(entity);
      const service = byRef.get(entityRef);
      const fromTemplate =
        !!service &&
        service.status !== 'not-from-template' &&
        service.status !== 'unknown-version';
      const facts: Record<string, FactValue> = {
        'golden-path.fromTemplate': fromTemplate,
        'golden-path.supportedVersion':
          fromTemplate && service!.supported === true,
        'golden-path.versionsBehind': fromTemplate ? service!.behind ?? 0 : 0,
      };
      return { entityRef, facts };
    });
  }
}
