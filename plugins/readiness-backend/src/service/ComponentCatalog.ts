import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityRefKey,
  normalizeEntityRef,
  readableEntityRefs,
} from '@golden-path/plugin-golden-path-node';

/**
 * What the readiness backend reads of the catalog: every component (as
 * the plugin itself), the domain of systems, and one component or the
 * components the caller may see.
 */
export class ComponentCatalog {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      permissions: PermissionsService;
    },
  ) {}

  /**
   * The components the caller may read in the catalog, by lower-case ref;
   * undefined when the caller may read every one.
   */
  async readableComponentRefs(
    credentials: BackstageCredentials,
  ): Promise<ReadonlySet<string> | undefined> {
    return readableEntityRefs({
      ...this.options,
      credentials,
      filter: { kind: 'Component' },
    });
  }

  /** Every component of the catalog, once each. */
  async listComponents(): Promise<Entity[]> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const seen = new Map<string, Entity>();
    for await (const page of catalog.streamEntities(
      { filter: { kind: 'Component' } },
      { credentials },
    )) {
      for (const entity of page) seen.set(entityRefKey(entity), entity);
    }
    return [...seen.values()];
  }

  /** The domain of each system (all systems, or the named ones). */
  async systemDomains(
    systemRefs?: string[],
  ): Promise<Map<string, string | null>> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const domains = new Map<string, string | null>();
    const add = (system: Entity | undefined) => {
      if (!system) return;
      const spec = (system.spec ?? {}) as Record<string, unknown>;
      domains.set(
        entityRefKey(system),
        normalizeEntityRef(
          spec.domain,
          'domain',
          system.metadata.namespace ?? 'default',
        ),
      );
    };
    const fields = [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'spec.domain',
    ];
    if (systemRefs) {
      if (systemRefs.length === 0) return domains;
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: systemRefs, fields },
        { credentials },
      );
      items.forEach(add);
      return domains;
    }
    for await (const page of catalog.streamEntities(
      { filter: { kind: 'System' }, fields },
      { credentials },
    )) {
      page.forEach(add);
    }
    return domains;
  }

  /**
   * The component the caller may see in the catalog.
   * @throws NotFoundError when the catalog does not have it (for them),
   *   InputError when it is not a component
   */
  async findComponent(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`Entity ${entityRef} not found in the catalog`);
    }
    if (entity.kind.toLowerCase() !== 'component') {
      throw new InputError(
        `Invalid entity ref in the URL: readiness is evaluated for components, and ${entityRef} is a ${entity.kind}`,
      );
    }
    return entity;
  }
}
