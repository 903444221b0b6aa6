import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  readableEntityRefs,
  RefreshRateLimiter,
  requestBodyErrorHandler,
  requirePermission,
  triggerScheduledTasks,
} from '@golden-path/plugin-golden-path-node';
import {
  sloIngestPermission,
  sloReadPermission,
  sloRefreshAllPermission,
  SliIngestResponse,
  SloServicesPage,
} from '@golden-path/plugin-slo-common';
import express from 'express';
import Router from 'express-promise-router';
import { SliIngestCommand } from './SliIngestCommand';
import { SloReadModel } from './SloReadModel';
import {
  noQuerySchema,
  overviewQuerySchema,
  parseInput,
  servicesQuerySchema,
  pathEntityRefSchema,
  sliIngestBodySchema,
} from './routerSchemas';
import { SLO_COMPUTE_TASK_ID } from './taskIds';

/**
 * The JSON body limit of the ingestion API: 10,000 points of about 120
 * bytes fit with room to spare; 100,000 are refused before being parsed.
 */
export const SLI_BODY_LIMIT = '4mb';

/** What the router needs. */
export type SloRouterOptions = {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Which components a caller may read (the overview shows only those). */
  catalog: Pick<CatalogService, 'getEntities'>;
  scheduler: SchedulerService;
  /** POST /v1/sli. */
  ingest: SliIngestCommand;
  /** Every GET route: reads only. */
  readModel: SloReadModel;
  /** At most one recomputation per interval (POST /v1/refresh). */
  refreshLimiter: RefreshRateLimiter;
};

/**
 * The REST API under /api/slo: validate, check auth and permissions, call
 * the commands or the read model, answer.
 */
export async function createRouter(
  options: SloRouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    scheduler,
    ingest,
    readModel,
    refreshLimiter,
  } = options;

  const authorize = (
    permission: BasicPermission,
    credentials: BackstageCredentials,
    what: string,
  ) => requirePermission({ permissions, permission, credentials, what });
  const reader = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorize(sloReadPermission, credentials, 'read SLOs');
    return credentials;
  };

  const router = Router();

  // Only the components the caller may read in the catalog, as the entity
  // route does (it reads the component as them).
  // The read model filters its snapshot by them per request, before
  // aggregating or paging (never baked into the snapshot).
  const readable = (credentials: BackstageCredentials) =>
    readableEntityRefs({
      catalog: options.catalog,
      permissions,
      credentials,
      filter: { kind: 'Component' },
    });

  router.get('/v1/overview', async (req, res) => {
    const credentials = await reader(req);
    const query = parseInput(overviewQuerySchema, req.query);
    const entityRefs = await readable(credentials);
    res.json(await readModel.overview({ ...query, entityRefs }));
  });

  router.get('/v1/services', async (req, res) => {
    const credentials = await reader(req);
    const query = parseInput(servicesQuerySchema, req.query);
    const entityRefs = await readable(credentials);
    const page: SloServicesPage = await readModel.services({
      ...query,
      entityRefs,
    });
    res.json(page);
  });

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorize(sloReadPermission, credentials, 'read SLOs');
    parseInput(noQuerySchema, req.query);
    const entityRef = parseInput(
      pathEntityRefSchema,
      `${req.params.kind}:${req.params.namespace}/${req.params.name}`,
      'entity ref in the URL',
    );
    res.json(await readModel.entity(entityRef, credentials));
  });

  // Only after authentication is the body read: an anonymous caller
  // cannot make the backend parse megabytes.
  const sliBody = express.json({ limit: SLI_BODY_LIMIT });
  router.post(
    '/v1/sli',
    async (req, _res, next) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      await authorize(sloIngestPermission, credentials, 'send SLI data');
      next();
    },
    sliBody,
    async (req, res) => {
      const body = parseInput(
        sliIngestBodySchema,
        req.body ?? {},
        'body field',
      );
      const result: SliIngestResponse = await ingest.ingest(body);
      res.json(result);
    },
  );
  // A body over the ingestion limit says what fits; the backend's error
  // handler answers every other body error, and those of other routes with
  // their own limit (see safeErrorsHttpRouterServiceFactory).
  router.use(
    '/v1/sli',
    requestBodyErrorHandler({
      tooLargeHint: 'send at most 10000 points per request',
    }),
  );

  router.post(
    '/v1/refresh',
    express.json({ limit: '1kb' }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      parseInput(noQuerySchema, req.body ?? {}, 'body field');
      // The permission before the limit: a refused caller does not use up
      // the interval's run.
      await authorize(sloRefreshAllPermission, credentials, 'recompute SLOs');
      await refreshLimiter.run(
        {
          key: sloRefreshAllPermission.name,
          what: 'The recomputation of every SLO',
          response: res,
        },
        () => triggerScheduledTasks(scheduler, [SLO_COMPUTE_TASK_ID]),
      );
      res.status(202).json({ status: 'started' });
    },
  );

  return router;
}
