import {
  DiscoveryService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityRefSchema,
  parseInput,
  RefreshRateLimiter,
  repeatableSchema,
  requirePermission,
  triggerScheduledTasks,
} from '@golden-path/plugin-golden-path-node';
import { DriftService } from '../drift/DriftService';
import { DriftReadModel } from '../drift/DriftReadModel';
import { DriftStore } from '../drift/DriftStore';
import {
  goldenPathDriftRefreshAllPermission,
  TIER_NAMES,
} from '@golden-path/plugin-golden-path-common';
import express from 'express';
import Router from 'express-promise-router';
import fs from 'node:fs';
import { z } from 'zod';
import { CloneUrlSigner } from './CloneUrlSigner';
import { LocalRepositoryReader } from './LocalRepositoryReader';
import { DRIFT_TASK_ID } from './taskIds';

/** What the router needs. */
export type GoldenPathRouterOptions = {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  /** At most one drift recomputation per interval (POST /drift/refresh). */
  refreshLimiter: RefreshRateLimiter;
  drift: DriftService;
  driftStore: DriftStore;
  catalog: CatalogService;
  discovery: DiscoveryService;
  logger: LoggerService;
  reader: LocalRepositoryReader;
  signer: CloneUrlSigner;
};

const NAME_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const entityParamsSchema = z.object({
  kind: z.string().regex(NAME_PART),
  namespace: z.string().regex(NAME_PART),
  name: z.string().regex(NAME_PART),
});
const branchSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'is not a branch name');
const summaryQuerySchema = z.strictObject({ branch: branchSchema.optional() });
const treeQuerySchema = z.strictObject({
  branch: branchSchema.optional(),
  path: z.string().max(1024).default(''),
});
/** The tier table's tiers, and `none` for services without one. */
const TIERS = [...TIER_NAMES, 'none'] as const;
const driftQuerySchema = z.strictObject({
  owner: repeatableSchema(entityRefSchema('group')).optional(),
  system: repeatableSchema(entityRefSchema('system')).optional(),
  tier: repeatableSchema(z.enum(TIERS)).optional(),
});
const noQuerySchema = z.strictObject({});

const fileQuerySchema = z.strictObject({
  branch: branchSchema.optional(),
  path: z.string().min(1, 'is required').max(1024),
});

/**
 * The REST API under /api/golden-path:
 * - `GET /entities/:kind/:namespace/:name/repository[/tree|/file]`: the
 *   repository a scaffolded entity lives in (read with the caller's
 *   credentials, so catalog read permissions apply), its folders and files;
 * - `GET /git/:token/:repository.git/...`: the same repository over git's
 *   dumb HTTP transport for `git clone`, read-only, for a signed token.
 */
export async function createRouter(
  options: GoldenPathRouterOptions,
): Promise<express.Router> {
  const { httpAuth, catalog, discovery, reader, signer } = options;
  const { drift, driftStore, scheduler, logger } = options;
  const { permissions, refreshLimiter } = options;
  const router = Router();
  router.use(express.json({ limit: '10kb' }));

  // GET /drift reads; a snapshot computed for a reader stays in memory and
  // the scheduled task is asked to store its own (DriftReadModel).
  const driftReadModel = new DriftReadModel({
    drift,
    store: driftStore,
    logger,
    onStale: () => triggerScheduledTasks(scheduler, [DRIFT_TASK_ID]),
  });
  const snapshot = (needs: Iterable<string>) => driftReadModel.snapshot(needs);

  router.get('/drift', async (req, res) => {
    const query = parseInput(driftQuerySchema, req.query);
    const credentials = await httpAuth.credentials(req);
    // A component the stored snapshot lacks (new since the last run) is
    // computed for this answer, so a created service shows at once.
    const visible = await drift.visibleComponents(credentials);
    res.json(await drift.view(await snapshot(visible), query, visible));
  });

  router.get('/drift/entities/:kind/:namespace/:name', async (req, res) => {
    parseInput(noQuerySchema, req.query);
    const params = parseInput(entityParamsSchema, req.params, 'path part');
    const credentials = await httpAuth.credentials(req);
    const entity = await catalog.getEntityByRef(params, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `The catalog has no entity ${stringifyEntityRef(params)}.`,
      );
    }
    const ref = stringifyEntityRef(entity);
    const current = await snapshot([ref]);
    const service = current.services.find(s => s.entityRef === ref);
    if (!service) {
      throw new NotFoundError(
        `${
          entity.metadata.title ?? entity.metadata.name
        } is not a component the golden-path view follows.`,
      );
    }
    const template = current.templates.find(t => t.ref === service.templateRef);
    res.json({ service, ...(template ? { template } : {}) });
  });

  router.post('/drift/refresh', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    parseInput(noQuerySchema, req.query);
    parseInput(noQuerySchema, req.body ?? {}, 'body field');
    // The permission before the limit: a refused caller does not use up
    // the interval's run.
    await requirePermission({
      permissions,
      permission: goldenPathDriftRefreshAllPermission,
      credentials,
      what: 'recompute the golden-path drift of every service',
    });
    await refreshLimiter.run(
      {
        key: goldenPathDriftRefreshAllPermission.name,
        what: 'The drift recomputation of every service',
        response: res,
      },
      () =>
        triggerScheduledTasks(scheduler, [DRIFT_TASK_ID]).catch(error => {
          logger.warn(`Could not start ${DRIFT_TASK_ID}: ${error}`);
          throw error;
        }),
    );
    res.status(202).json({ status: 'started' });
  });

  async function repositoryOfEntity(req: express.Request) {
    const params = parseInput(entityParamsSchema, req.params, 'path part');
    const credentials = await httpAuth.credentials(req);
    const entity = await catalog.getEntityByRef(params, { credentials });
    const ref = stringifyEntityRef(params);
    if (!entity) {
      throw new NotFoundError(`The catalog has no entity ${ref}.`);
    }
    const repository = reader.repositoryOf(entity);
    if (!repository) {
      throw new NotFoundError(
        `${
          entity.metadata.title ?? entity.metadata.name
        } was not created by the portal's templates, so the portal has no repository to show for it.`,
      );
    }
    return repository;
  }

  router.get(
    '/entities/:kind/:namespace/:name/repository',
    async (req, res) => {
      const query = parseInput(summaryQuerySchema, req.query);
      const repository = await repositoryOfEntity(req);
      const summary = await reader.summary(repository, query.branch);
      const { token, expiresAt } = await signer.sign(repository);
      const base = await discovery.getExternalBaseUrl('golden-path');
      res.json({
        ...summary,
        cloneUrl: `${base}/git/${token}/${repository}.git`,
        cloneUrlExpiresAt: expiresAt,
      });
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/repository/tree',
    async (req, res) => {
      const query = parseInput(treeQuerySchema, req.query);
      const repository = await repositoryOfEntity(req);
      res.json({
        path: query.path,
        entries: await reader.tree(repository, query.path, query.branch),
      });
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/repository/file',
    async (req, res) => {
      const query = parseInput(fileQuerySchema, req.query);
      const repository = await repositoryOfEntity(req);
      res.json(await reader.file(repository, query.path, query.branch));
    },
  );

  // git's dumb HTTP transport. Anything not named here is 404: the git
  // config, hooks, index and working tree are never served.
  router.get('/git/:token/:repository/*', async (req, res) => {
    const notFound = () =>
      res.status(404).type('text/plain').send('Not found\n');
    const match = /^([A-Za-z0-9][A-Za-z0-9._-]{0,99})\.git$/.exec(
      req.params.repository,
    );
    const name = match?.[1];
    if (!name || !(await signer.verify(name, req.params.token))) {
      // The same answer for a bad token and a missing repository.
      return notFound();
    }
    const rest = (req.params as Record<string, string>)[0] ?? '';
    res.setHeader('Cache-Control', 'no-cache');
    try {
      if (rest === 'info/refs') {
        return res.type('text/plain').send(await reader.infoRefs(name));
      }
      if (rest === 'HEAD') {
        return res.type('text/plain').send(await reader.head(name));
      }
      if (rest === 'objects/info/packs') {
        return res.type('text/plain').send(await reader.packs(name));
      }
      const prefix = 'objects/';
      const object = rest.startsWith(prefix)
        ? await reader.objectFile(name, rest.slice(prefix.length))
        : undefined;
      if (!object) return notFound();
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.type('application/octet-stream');
      res.setHeader('Content-Length', String(object.size));
      fs.createReadStream(object.file).pipe(res);
      return undefined;
    } catch (error) {
      if (error instanceof NotFoundError) return notFound();
      throw error;
    }
  });

  return router;
}
