import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  createPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  AdrSourceStatus,
  adrEntityRefreshPermission,
  adrReadPermission,
  adrRefreshAllPermission,
} from '@golden-path/plugin-adr-common';
import { ANNOTATION_ADR_LOCATION } from '@golden-path/plugin-golden-path-common';
import {
  readableEntityRefs,
  RefreshRateLimiter,
  requirePermission,
  SharedRuns,
  triggerScheduledTasks,
} from '@golden-path/plugin-golden-path-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AdrPermissionFilter } from '../database/AdrStore';
import { adrResourceRef } from '../permissions/rules';
import { AdrCommands } from './AdrCommands';
import { AdrReadModel } from './AdrReadModel';
import {
  adrFilePathSchema,
  contentTypeOf,
  entityRefSchema,
  listQuerySchema,
  parseInput,
} from './routerSchemas';
import { ADR_INGEST_TASK_ID } from './taskIds';

/** What the router needs. */
export type AdrRouterOptions = {
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  catalog: CatalogService;
  scheduler: SchedulerService;
  /** What the GET routes answer from; it never writes. */
  readModel: AdrReadModel;
  /** What POST /refresh runs. */
  commands: AdrCommands;
  /** At most one reading of every folder per interval (POST /refresh). */
  refreshLimiter: RefreshRateLimiter;
};

/**
 * The catalog's `catalog.entity.read` (as `@backstage/plugin-catalog-common`
 * defines it), asked beside `adr.record.read` in one batch.
 */
const catalogEntityReadPermission = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

const entityPathSchema = z.strictObject({ path: adrFilePathSchema });
const refreshBodySchema = z.strictObject({
  entityRef: entityRefSchema.optional(),
});
const noQuerySchema = z.strictObject({});

/**
 * The REST API under /api/adr: validate, check auth and permissions, call the
 * read model (GET) or the commands (POST), answer.
 */
export async function createRouter(
  options: AdrRouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    auth,
    permissions,
    permissionsRegistry,
    catalog,
    scheduler,
    readModel,
    commands,
    refreshLimiter,
  } = options;
  // Concurrent refreshes of one entity share the reading in progress.
  const entityRefreshes = new SharedRuns<AdrSourceStatus>();
  const ruleset = permissionsRegistry.getPermissionRuleset(adrResourceRef);
  const toFilter = createConditionTransformer(ruleset);
  const isAllowed = createConditionAuthorizer(ruleset);

  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  /**
   * DENY -> 403; CONDITIONAL -> the conditions as SQL filter. Either way,
   * only the ADRs of entities the caller may read in the catalog (the rule
   * every Golden Path view follows) for the org routes, applied in memory
   * to the org view before paging.
   */
  const readAccess = async (
    credentials: BackstageCredentials,
  ): Promise<{ filter?: AdrPermissionFilter }> => {
    const [decision] = await permissions.authorizeConditional(
      [{ permission: adrReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('You may not read ADRs');
    }
    const readable = await readableEntityRefs({
      catalog,
      permissions,
      credentials,
      filter: {
        [`metadata.annotations.${ANNOTATION_ADR_LOCATION}`]:
          CATALOG_FILTER_EXISTS,
      },
    });
    const own =
      decision.result === AuthorizeResult.CONDITIONAL
        ? toFilter(decision.conditions)
        : undefined;
    const visible: AdrPermissionFilter | undefined = readable && {
      column: 'entity_ref',
      values: [...readable],
    };
    const filter: AdrPermissionFilter | undefined =
      own && visible ? { allOf: [own, visible] } : own ?? visible;
    return { filter };
  };

  const entityRefOf = (req: express.Request) =>
    parseInput(
      entityRefSchema,
      `${req.params.kind}:${req.params.namespace}/${req.params.name}`,
      'entity ref in the URL',
    );

  /**
   * For the entity routes: DENY -> 403; CONDITIONAL -> the conditions as
   * filter; and whether the caller may read this one entity in the catalog.
   * One authorization batch for `adr.record.read` and `catalog.entity.read`;
   * under a conditional catalog decision, one `getEntityByRef` with the
   * caller's credentials (the catalog applies its conditions) instead of
   * listing every readable entity.
   */
  const entityAccess = async (
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<{
    decision: PolicyDecision;
    filter?: AdrPermissionFilter;
    entityReadable: boolean;
  }> => {
    const [decision, catalogDecision] = await permissions.authorizeConditional(
      [
        { permission: adrReadPermission },
        { permission: catalogEntityReadPermission },
      ],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('You may not read ADRs');
    }
    let entityReadable = catalogDecision.result === AuthorizeResult.ALLOW;
    if (catalogDecision.result === AuthorizeResult.CONDITIONAL) {
      const entity = await catalog.getEntityByRef(entityRef, {
        credentials,
      });
      entityReadable = Boolean(entity);
    }
    const own =
      decision.result === AuthorizeResult.CONDITIONAL
        ? toFilter(decision.conditions)
        : undefined;
    // Not readable in the catalog: no ADR of the entity passes.
    const hidden: AdrPermissionFilter | undefined = entityReadable
      ? undefined
      : { column: 'entity_ref', values: [] };
    const filter: AdrPermissionFilter | undefined =
      own && hidden ? { allOf: [own, hidden] } : own ?? hidden;
    return { decision, filter, entityReadable };
  };

  /** Whether the caller may see an entity's folder. */
  const mayReadEntity = async (
    { decision, entityReadable }: Awaited<ReturnType<typeof entityAccess>>,
    entityRef: string,
  ): Promise<boolean> => {
    if (!entityReadable) return false;
    if (decision.result !== AuthorizeResult.CONDITIONAL) return true;
    const source = await readModel.getSource(entityRef);
    return isAllowed(decision, {
      entityRef,
      owner: source?.owner ?? null,
      path: '',
    });
  };

  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  router.get('/adrs', async (req, res) => {
    const credentials = await credentialsOf(req);
    const query = parseInput(listQuerySchema, req.query);
    if (query.withBody && !auth.isPrincipal(credentials, 'service')) {
      throw new NotAllowedError('withBody is only for service callers');
    }
    const { filter } = await readAccess(credentials);
    const { limit, offset, sort, order, withBody, ...filters } = query;
    res.json(
      await readModel.list({
        filter: filters,
        sort,
        order,
        offset,
        limit,
        permission: filter,
        withBody,
      }),
    );
  });

  router.get('/facets', async (req, res) => {
    const credentials = await credentialsOf(req);
    parseInput(noQuerySchema, req.query);
    const { filter } = await readAccess(credentials);
    res.json(await readModel.facets(filter));
  });

  router.get('/stats', async (req, res) => {
    const credentials = await credentialsOf(req);
    parseInput(noQuerySchema, req.query);
    const { filter } = await readAccess(credentials);
    res.json(await readModel.stats(filter));
  });

  router.get('/entities/:kind/:namespace/:name/adrs', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entityRef = entityRefOf(req);
    parseInput(noQuerySchema, req.query);
    const access = await entityAccess(credentials, entityRef);
    const { filter } = access;
    res.json(
      await readModel.getEntity({
        entityRef,
        showSource: await mayReadEntity(access, entityRef),
        permission: filter,
      }),
    );
  });

  router.get('/entities/:kind/:namespace/:name/adr', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entityRef = entityRefOf(req);
    const { path } = parseInput(entityPathSchema, req.query);
    const { filter } = await entityAccess(credentials, entityRef);
    res.json(await readModel.get({ entityRef, path, permission: filter }));
  });

  router.get('/entities/:kind/:namespace/:name/file', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entityRef = entityRefOf(req);
    const { path } = parseInput(entityPathSchema, req.query);
    const contentType = contentTypeOf(path);
    const access = await entityAccess(credentials, entityRef);
    if (!(await mayReadEntity(access, entityRef))) {
      // As for a filtered-out ADR: not found rather than "exists, forbidden".
      throw new NotFoundError(`No ADR folder is known for ${entityRef}`);
    }
    const content = await readModel.readFile(entityRef, path);
    res
      .status(200)
      .set({
        'Content-Type': contentType,
        'X-Content-Type-Options': 'nosniff',
        // An SVG opened directly must not run scripts or load anything.
        'Content-Security-Policy':
          "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        'Cache-Control': 'private, max-age=300',
        'Content-Disposition': 'inline',
      })
      .send(content);
  });

  router.post('/refresh', async (req, res) => {
    const credentials = await credentialsOf(req);
    const body = parseInput(refreshBodySchema, req.body ?? {}, 'body field');
    // Permissions before the limit: a refused caller does not use up the
    // interval's run.
    if (!body.entityRef) {
      await requirePermission({
        permissions,
        permission: adrRefreshAllPermission,
        credentials,
        what: 'refresh the ADRs of every entity',
      });
      await refreshLimiter.run(
        {
          key: adrRefreshAllPermission.name,
          what: 'The reading of every ADR folder',
          response: res,
        },
        () => triggerScheduledTasks(scheduler, [ADR_INGEST_TASK_ID]),
      );
      res.status(202).json({ status: 'started' });
      return;
    }
    const entityRef = body.entityRef;
    await requirePermission({
      permissions,
      permission: adrEntityRefreshPermission,
      resourceRef: entityRef,
      credentials,
      what: `refresh the ADRs of ${entityRef}`,
    });
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`Entity ${entityRef} not found`);
    }
    if (!entity.metadata.annotations?.[ANNOTATION_ADR_LOCATION]) {
      throw new InputError(
        `Entity ${entityRef} has no ${ANNOTATION_ADR_LOCATION} annotation`,
      );
    }
    res.json(
      await entityRefreshes.run(entityRef, () => commands.ingestEntity(entity)),
    );
  });

  return router;
}
