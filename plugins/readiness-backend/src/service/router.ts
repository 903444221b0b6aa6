import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  PermissionRequirement,
  RefreshRateLimiter,
  requirePermission,
  SharedRuns,
  triggerScheduledTasks,
} from '@golden-path/plugin-golden-path-node';
import {
  ReadinessEntityDetail,
  readinessAttestationCreatePermission,
  readinessEntityRefreshPermission,
  readinessRefreshAllPermission,
} from '@golden-path/plugin-readiness-common';
import express from 'express';
import Router from 'express-promise-router';
import { ReadinessCommands } from './ReadinessCommands';
import { ReadinessReadModel } from './ReadinessReadModel';
import {
  attestationBodySchema,
  historyQuerySchema,
  noQuerySchema,
  overviewQuerySchema,
  parseInput,
  pathEntityRefSchema,
  rollupsQuerySchema,
  servicesQuerySchema,
} from './routerSchemas';
import { EVALUATE_TASK_ID, collectTaskId } from './taskIds';

/** What the router needs. */
export type ReadinessRouterOptions = {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  /** What the GET routes answer from; it never writes. */
  readModel: ReadinessReadModel;
  /** What the POST routes do. */
  commands: ReadinessCommands;
  /** At most one org-wide refresh per interval (POST /v1/refresh). */
  refreshLimiter: RefreshRateLimiter;
};

/**
 * The REST API under /api/readiness: authenticate, validate, check the
 * permission of mutations, call the read model (GET) or the commands
 * (POST), answer.
 */
export async function createRouter(
  options: ReadinessRouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    scheduler,
    readModel,
    commands,
    refreshLimiter,
  } = options;
  // A component's refresh runs every collector inline: concurrent calls
  // for one component share the run in progress instead of starting more.
  const entityRefreshes = new SharedRuns<ReadinessEntityDetail>();

  const authorize = (
    requirement: PermissionRequirement,
    credentials: BackstageCredentials,
    what: string,
  ) => requirePermission({ permissions, ...requirement, credentials, what });
  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const entityRefOf = (req: express.Request) =>
    parseInput(
      pathEntityRefSchema,
      `${req.params.kind}:${req.params.namespace}/${req.params.name}`,
      'entity ref in the URL',
    );

  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  router.get('/v1/checks', async (req, res) => {
    await credentialsOf(req);
    parseInput(noQuerySchema, req.query);
    res.json(readModel.checksResponse());
  });

  // The org views hold only the components the caller may read in the
  // catalog, as the entity route does (it reads the component as them).
  router.get('/v1/overview', async (req, res) => {
    const credentials = await credentialsOf(req);
    const query = parseInput(overviewQuerySchema, req.query);
    const entityRefs = await readModel.readableComponentRefs(credentials);
    res.json(await readModel.overview({ ...query, entityRefs }));
  });

  // One page of the services table: filtered to the readable components
  // first, then searched, sorted and paged; totalItems counts them all.
  router.get('/v1/services', async (req, res) => {
    const credentials = await credentialsOf(req);
    const query = parseInput(servicesQuerySchema, req.query);
    const entityRefs = await readModel.readableComponentRefs(credentials);
    res.json(await readModel.services({ ...query, entityRefs }));
  });

  router.get('/v1/rollups', async (req, res) => {
    const credentials = await credentialsOf(req);
    const { by, ...filter } = parseInput(rollupsQuerySchema, req.query);
    const entityRefs = await readModel.readableComponentRefs(credentials);
    res.json(await readModel.rollups(by, { ...filter, entityRefs }));
  });

  router.post('/v1/refresh', async (req, res) => {
    const credentials = await credentialsOf(req);
    parseInput(noQuerySchema, req.body ?? {}, 'body field');
    // The permission before the limit: a refused caller does not use up
    // the interval's run.
    await authorize(
      { permission: readinessRefreshAllPermission },
      credentials,
      'refresh the readiness of every component',
    );
    // Collectors first, then evaluation; the scheduler runs each on one
    // replica. A run already in progress is as good as a new one.
    await refreshLimiter.run(
      {
        key: readinessRefreshAllPermission.name,
        what: 'The readiness refresh of every component',
        response: res,
      },
      () =>
        triggerScheduledTasks(scheduler, [
          ...commands.collectors.map(collector => collectTaskId(collector.id)),
          EVALUATE_TASK_ID,
        ]),
    );
    res.status(202).json({ status: 'started' });
  });

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entityRef = entityRefOf(req);
    parseInput(noQuerySchema, req.query);
    const entity = await readModel.findComponent(entityRef, credentials);
    res.json(await readModel.detail(entity));
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/history',
    async (req, res) => {
      const credentials = await credentialsOf(req);
      const entityRef = entityRefOf(req);
      const { days } = parseInput(historyQuerySchema, req.query);
      await readModel.findComponent(entityRef, credentials);
      res.json(await readModel.history(entityRef, days ?? 90));
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/collectors',
    async (req, res) => {
      const credentials = await credentialsOf(req);
      const entityRef = entityRefOf(req);
      parseInput(noQuerySchema, req.query);
      await readModel.findComponent(entityRef, credentials);
      res.json(await readModel.collectorRuns(entityRef));
    },
  );

  router.post(
    '/v1/entities/:kind/:namespace/:name/refresh',
    async (req, res) => {
      const credentials = await credentialsOf(req);
      const entityRef = entityRefOf(req);
      parseInput(noQuerySchema, req.body ?? {}, 'body field');
      await authorize(
        {
          permission: readinessEntityRefreshPermission,
          resourceRef: entityRef,
        },
        credentials,
        `refresh the readiness of ${entityRef}`,
      );
      const entity = await readModel.findComponent(entityRef, credentials);
      res.json(
        await entityRefreshes.run(entityRef, async () => {
          await commands.refresh(entity);
          return readModel.detail(entity);
        }),
      );
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/attestations',
    async (req, res) => {
      const credentials = await credentialsOf(req);
      const entityRef = entityRefOf(req);
      parseInput(noQuerySchema, req.query);
      await readModel.findComponent(entityRef, credentials);
      res.json(await readModel.listAttestations(entityRef));
    },
  );

  router.post(
    '/v1/entities/:kind/:namespace/:name/attestations',
    async (req, res) => {
      // A person attests, never a service: the author is the signed-in user.
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const entityRef = entityRefOf(req);
      await authorize(
        {
          permission: readinessAttestationCreatePermission,
          resourceRef: entityRef,
        },
        credentials,
        `attest readiness checks of ${entityRef}`,
      );
      const body = parseInput(
        attestationBodySchema,
        req.body ?? {},
        'body field',
      );
      const entity = await readModel.findComponent(entityRef, credentials);
      const attestation = await commands.attest(
        entity,
        body,
        credentials.principal.userEntityRef,
      );
      res.status(201).json(attestation);
    },
  );

  return router;
}
