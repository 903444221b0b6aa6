import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TIER_NAMES } from '@golden-path/plugin-golden-path-common';
import {
  entityRefSchema,
  pagingQueryShape,
  parseInput,
  readableEntityRefs,
  repeatableSchema,
} from '@golden-path/plugin-golden-path-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { METADATA } from './serviceRows';
import {
  GROUPINGS,
  SERVICE_SORTS,
  ServicesReadModel,
} from './ServicesReadModel';

/** The tier table's tiers, and `none` for services without one. */
const TIERS = [...TIER_NAMES, 'none'] as const;

const servicesQuerySchema = z
  .object({
    ...pagingQueryShape,
    sort: z.enum(SERVICE_SORTS).default('service'),
    q: z.string().max(200).optional(),
    groupBy: z.enum(GROUPINGS).optional(),
    group: z.string().min(1).max(300).optional(),
    tier: repeatableSchema(z.enum(TIERS)).optional(),
    lifecycle: repeatableSchema(z.string().min(1).max(100)).optional(),
    missing: repeatableSchema(z.enum(METADATA)).optional(),
    owner: repeatableSchema(entityRefSchema('group')).optional(),
    system: repeatableSchema(entityRefSchema('system')).optional(),
    domain: repeatableSchema(entityRefSchema('domain')).optional(),
  })
  .strict()
  .refine(query => query.group === undefined || query.groupBy !== undefined, {
    path: ['group'],
    message: 'needs groupBy (team, domain or tier)',
  });

/**
 * `GET /services`: the Services page's rows, one page at a time (see the
 * README's route table). Every signed-in user or service may call it; what it
 * answers follows the catalog: only the Components the caller may read.
 */
export function createServicesRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: Pick<CatalogService, 'getEntities'>;
  readModel: ServicesReadModel;
}): express.Router {
  const { httpAuth, permissions, catalog, readModel } = options;
  const router = Router();
  router.get('/services', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseInput(servicesQuerySchema, req.query);
    const readable = await readableEntityRefs({
      catalog,
      permissions,
      credentials,
      filter: { kind: 'Component' },
    });
    res.json(await readModel.list(query, readable));
  });
  return router;
}
