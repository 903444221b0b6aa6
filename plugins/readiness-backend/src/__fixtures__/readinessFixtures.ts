import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import express from 'express';

/** The catalog of the plugin tests; repositories live below `reposDir`. */
export function readinessEntities(reposDir: string): Entity[] {
  const component = (
    name: string,
    annotations: Record<string, string>,
    spec: Record<string, unknown> = {},
    metadata: Partial<Entity['metadata']> = {},
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations, ...metadata },
    spec: { type: 'service', lifecycle: 'production', ...spec },
  });
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-orders', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-legacy', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'shop', namespace: 'default' },
      spec: { owner: 'team-orders', domain: 'commerce' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: { name: 'orders-api', namespace: 'default' },
      spec: {
        type: 'openapi',
        lifecycle: 'production',
        owner: 'team-orders',
        definition: 'openapi: 3.0.3',
      },
    },
    component(
      'orders',
      {
        'golden-path.io/tier': 'critical',
        'golden-path.io/on-call': 'https://oncall.example/orders',
        'golden-path.io/runbook': 'https://runbooks.example/orders',
        'backstage.io/managed-by-location': `file:${reposDir}/orders/catalog-info.yaml`,
      },
      { owner: 'team-orders', system: 'shop', providesApis: ['orders-api'] },
      { title: 'Orders', description: 'Takes orders.' },
    ),
    component(
      'legacy',
      {
        'golden-path.io/tier': 'standard',
        'golden-path.io/on-call': 'legacy-rota',
      },
      { owner: 'group:default/team-legacy' },
      { description: 'The old monolith.' },
    ),
    component('untiered', {}, { owner: 'team-orders', system: 'shop' }),
  ];
}

/** The files of the orders repository: most of what the checks look for. */
export const ordersRepository = {
  'catalog-info.yaml': 'kind: Component',
  Dockerfile: 'FROM node:22-slim\nUSER node\n',
  '.github/workflows/ci.yml':
    'jobs:\n  test:\n    steps:\n      - run: npm test\n      - run: docker build --tag x .\n',
  'package.json':
    '{ "dependencies": { "@opentelemetry/instrumentation-pg": "^0.77.0" } }',
  'src/db/migrations/messaging.ts':
    "await knex.schema.createTable('outbox', t => {});\nawait knex.schema.createTable('inbox', t => {});\n",
  'src/domain/idempotency.ts': "const key = headers['idempotency-key'];",
  'src/resilience/policies.ts': 'circuitBreaker(); bulkhead(10);',
  'src/events/registry.ts': 'class EventValidationError extends Error {}',
  'asyncapi.yaml': 'asyncapi: 3.0.0',
  'openslo.yaml': 'apiVersion: openslo/v1\nkind: SLO\n',
  'docs/adr/0001-record-architecture-decisions.md': '# 1. Record decisions',
};

/** What the fake SLO backend answers; switch `mode` to make it fail. */
export const fakeSlo = { mode: 'ok' as 'ok' | 'down' };

/**
 * A stand-in for the SLO backend: GET /api/slo/v1/services (its rows) and
 * GET /api/slo/v1/overview (its firing alerts).
 */
export const fakeSloPlugin = createBackendPlugin({
  pluginId: 'slo',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = express.Router();
        router.use((_req, res, next) => {
          if (fakeSlo.mode !== 'down') {
            next();
            return;
          }
          res.status(503).json({
            error: {
              name: 'ServiceUnavailableError',
              message: 'Prometheus is down',
            },
          });
        });
        const rows = [
          { entityRef: 'component:default/orders', status: 'ok', sloCount: 2 },
          {
            entityRef: 'component:default/legacy',
            status: 'breaching',
            sloCount: 1,
          },
        ];
        router.get('/v1/services', (req, res) => {
          const offset = Number(req.query.offset ?? 0);
          const limit = Number(req.query.limit ?? 50);
          res.json({
            items: rows.slice(offset, offset + limit),
            totalItems: rows.length,
            offset,
            limit,
          });
        });
        router.get('/v1/overview', (_req, res) => {
          res.json({
            tiers: [],
            totalServices: rows.length,
            choices: { owner: [], system: [] },
            firingAlerts: [
              { entityRef: 'component:default/legacy', severity: 'page' },
            ],
            tierViolations: [],
            computedAt: null,
          });
        });
        httpRouter.use(router);
      },
    });
  },
});

/** A stand-in for the ADR backend: GET /api/adr/facets. */
export const fakeAdrPlugin = createBackendPlugin({
  pluginId: 'adr',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = express.Router();
        router.get('/facets', (_req, res) => {
          res.json({
            owners: [],
            systems: [],
            entities: [{ value: 'component:default/orders', count: 3 }],
            decisionMakers: [],
          });
        });
        httpRouter.use(router);
      },
    });
  },
});
