import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { TemplateHistory } from '@golden-path/plugin-golden-path-node';
import scaffolderModuleGoldenPath, {
  createServiceRepository,
  TemplateRenderer,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';

const repoRoot = path.resolve(__dirname, '../../../..');
const templateFile = path.join(
  repoRoot,
  'templates/node-service/template.yaml',
);
const upgradeTemplateFile = path.join(
  repoRoot,
  'templates/upgrade-service/template.yaml',
);

/** The author of the commits the harness makes. */
export const AUTHOR = { name: 'Ada Lovelace', email: 'ada@example.com' };

/** A template.yaml as the catalog holds it, read from this repository. */
export function templateEntity(file: string): Entity {
  const entity = parse(fs.readFileSync(file, 'utf8')) as Entity;
  entity.metadata.namespace = 'default';
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'backstage.io/managed-by-location': `file:${file}`,
  };
  return entity;
}

/** The form's answers for a node-service named `name`. */
export const answers = (name: string) => ({
  name,
  description: 'Keeps the order history',
  owner: 'group:default/team-checkout',
  system: 'system:default/commerce',
  tier: 'important',
  database: 'postgres',
  broker: 'nats',
});

/** What a finished scaffolder task left: status, output and log. */
export type FinishedTask = { status: string; output?: any; log: string };

/**
 * A test backend with the scaffolder, the Golden Path module, the
 * node-service and upgrade-service templates and a catalog of `services`
 * (components whose repositories are `repo(name)` under a temporary publish
 * root), for upgrade tests and the upgrade benchmark. Call `start()` in
 * beforeAll (or once), `stop()` at the end.
 */
export function upgradeHarness(options: {
  services: string[];
  /** Services the upgrade permission is denied for. */
  denied?: string[];
}) {
  const publishRoot = createMockDirectory();
  const permissions = mockServices.permissions.mock();
  let backend: TestBackend;
  let history: TemplateHistory;
  let renderer: TemplateRenderer;

  const repo = (name: string) => publishRoot.resolve(name);
  const service = (name: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      title: `Service ${name}`,
      annotations: {
        'backstage.io/managed-by-location': `file:${repo(
          name,
        )}/catalog-info.yaml`,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-checkout',
    },
  });
  const denied = new Set(
    (options.denied ?? []).map(name => `component:default/${name}`),
  );

  return {
    repo,
    get backend() {
      return backend;
    },
    get history() {
      return history;
    },
    get renderer() {
      return renderer;
    },

    async start() {
      permissions.authorize.mockImplementation(async requests =>
        requests.map(
          r =>
            ({
              result: denied.has((r as { resourceRef?: string }).resourceRef!)
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
            } as any),
        ),
      );
      permissions.authorizeConditional.mockImplementation(async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW } as any)),
      );
      backend = await startTestBackend({
        features: [
          scaffolderPlugin,
          scaffolderModuleGoldenPath,
          permissions.factory,
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Group',
                metadata: { name: 'team-checkout', namespace: 'default' },
                spec: { type: 'team', children: [] },
              },
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'System',
                metadata: { name: 'commerce', namespace: 'default' },
                spec: { owner: 'group:default/team-checkout' },
              },
              templateEntity(templateFile),
              templateEntity(upgradeTemplateFile),
              ...options.services.map(service),
            ],
          }),
          mockServices.rootConfig.factory({
            data: {
              goldenPath: {
                scaffolder: { localPublishRoot: publishRoot.path },
              },
            },
          }),
        ],
      });
      history = await TemplateHistory.fromEntity(templateEntity(templateFile));
      renderer = new TemplateRenderer({
        auth: mockServices.auth(),
        discovery: {
          getBaseUrl: async () =>
            `http://localhost:${backend.server.port()}/api/scaffolder`,
          getExternalBaseUrl: async () => '',
        },
      });
    },

    stop: () => backend?.stop(),

    /** Creates `name`'s repository as `version` would have (2026-12-01). */
    create: (name: string, version: string) =>
      createServiceRepository({
        renderer,
        history,
        version,
        answers: answers(name),
        entityRef: `component:default/${name}`,
        dir: repo(name),
        author: AUTHOR,
        createdAt: new Date('2026-12-01T10:00:00Z'),
      }),

    /** What the current version renders for `name`, from scratch. */
    freshRender: async (name: string) =>
      renderer.render({
        files: await history.files(history.currentVersion),
        answers: answers(name),
        entityRef: `component:default/${name}`,
        templateRef: 'template:default/node-service',
        label: 'current',
      }),

    /** Runs the upgrade-service template as a user would; the finished task. */
    async runUpgrade(
      entityRef: string,
      version?: string,
    ): Promise<FinishedTask> {
      const auth = mockCredentials.user.header();
      const created = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('authorization', auth)
        .send({
          templateRef: 'template:default/upgrade-service',
          values: { entityRef, ...(version ? { version } : {}) },
        });
      if (created.status !== 201) {
        throw new Error(
          `the task was not created: ${created.status} ${created.text}`,
        );
      }
      for (let i = 0; i < 6000; i++) {
        const task = await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('authorization', auth);
        if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
          const events = await request(backend.server)
            .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
            .set('authorization', auth);
          type TaskEvent = {
            type: string;
            body: { message?: string; output?: any };
          };
          const log = (events.body as TaskEvent[])
            .map(e => e.body.message ?? '')
            .join('\n');
          const completion = (events.body as TaskEvent[]).find(
            e => e.type === 'completion',
          );
          return {
            status: task.body.status as string,
            output: completion?.body.output,
            log,
          };
        }
        await new Promise(r => setTimeout(r, 50));
      }
      throw new Error('the upgrade task did not finish');
    },
  };
}
