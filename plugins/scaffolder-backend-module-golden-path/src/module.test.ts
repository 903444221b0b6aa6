import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import goldenPathFeatures, { scaffolderModuleGoldenPath } from '.';

const catalogInfo = (name: string) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    golden-path.io/tier: standard
    golden-path.io/on-call: https://oncall.example.com/a
    golden-path.io/runbook: https://runbooks.example.com/${name}
spec:
  type: service
  lifecycle: experimental
  owner: group:default/team-a
`;

/** Stands in for the scaffolder plugin: collects the registered actions. */
function actionCollector(actions: Map<string, TemplateAction<any, any, any>>) {
  return createBackendPlugin({
    pluginId: 'scaffolder',
    register(env) {
      env.registerExtensionPoint(scaffolderActionsExtensionPoint, {
        addActions: (...added) =>
          added.forEach(action => actions.set(action.id, action)),
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
}

const config = (root: string) =>
  mockServices.rootConfig.factory({
    data: {
      goldenPath: { scaffolder: { localPublishRoot: root } },
      catalog: {
        processingInterval: { seconds: 1 },
        rules: [{ allow: ['Component', 'Location'] }],
      },
    },
  });

describe('the Golden Path scaffolder module with the real catalog', () => {
  const rootDir = createMockDirectory();
  const workspace = createMockDirectory();

  beforeEach(() => {
    rootDir.clear();
    workspace.clear();
  });

  it.each([
    ['the default export, without the catalog plugin', goldenPathFeatures],
    ['the scaffolder module alone', scaffolderModuleGoldenPath],
  ])('registers the nine actions with %s', async (_what, feature) => {
    const actions = new Map<string, TemplateAction<any, any, any>>();
    const backend = await startTestBackend({
      features: [actionCollector(actions), feature, config(rootDir.path)],
    });
    await backend.stop();
    expect([...actions.keys()].sort()).toEqual([
      'golden-path:adr:create',
      'golden-path:catalog:register-local',
      'golden-path:catalog:validate',
      'golden-path:provenance:record',
      'golden-path:publish:local',
      'golden-path:repo:commit-local',
      'golden-path:repo:fetch-local',
      'golden-path:service:preflight',
      'golden-path:service:upgrade',
    ]);
    for (const action of actions.values()) {
      expect(action.supportsDryRun).toBe(true);
      expect(action.examples?.length).toBeGreaterThan(0);
      expect(action.schema?.input).toMatchObject({ type: 'object' });
    }
  });

  it('without this module the catalog refuses file locations (Backstage allows only url)', async () => {
    rootDir.setContent({ 'orders/catalog-info.yaml': catalogInfo('orders') });
    const backend = await startTestBackend({
      features: [catalogPlugin, config(rootDir.path)],
    });
    try {
      const res = await request(backend.server)
        .post('/api/catalog/locations')
        .set('authorization', mockCredentials.user.header())
        .send({
          type: 'file',
          target: rootDir.resolve('orders/catalog-info.yaml'),
        });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'Registered locations must be of an allowed type ["url"]',
      );
    } finally {
      await backend.stop();
    }
  });

  it('publishes a workspace and registers it: addLocation of type file makes the entity appear', async () => {
    const actions = new Map<string, TemplateAction<any, any, any>>();
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        actionCollector(actions),
        goldenPathFeatures,
        config(rootDir.resolve('repos')),
      ],
    });
    try {
      workspace.setContent({
        'catalog-info.yaml': catalogInfo('orders'),
        'README.md': '# orders\n',
      });
      const publishCtx = createMockActionContext({
        input: { repoName: 'orders' },
        workspacePath: workspace.path,
      });
      await actions.get('golden-path:publish:local')!.handler(publishCtx);
      const repoPath = rootDir.resolve('repos/orders');
      expect(publishCtx.output).toHaveBeenCalledWith('repoPath', repoPath);

      const registerCtx = createMockActionContext({
        input: {
          repoPath,
          waitForEntityRef: 'component:default/orders',
          timeoutSeconds: 60,
        },
      });
      await actions
        .get('golden-path:catalog:register-local')!
        .handler(registerCtx);
      expect(registerCtx.output).toHaveBeenCalledWith(
        'entityRef',
        'component:default/orders',
      );
      expect(registerCtx.output).toHaveBeenCalledWith(
        'catalogInfoUrl',
        `file://${path.join(repoPath, 'catalog-info.yaml')}`,
      );

      const entity = await request(backend.server)
        .get('/api/catalog/entities/by-name/component/default/orders')
        .set('authorization', mockCredentials.user.header());
      expect(entity.status).toBe(200);
      expect(
        entity.body.metadata.annotations['backstage.io/managed-by-location'],
      ).toBe(`file:${path.join(repoPath, 'catalog-info.yaml')}`);
    } finally {
      await backend.stop();
    }
  }, 90_000);

  it('does not let the catalog read file locations outside the publish root', async () => {
    const outside = createMockDirectory();
    outside.setContent({ 'catalog-info.yaml': catalogInfo('sneaky') });
    rootDir.setContent({ 'inside/catalog-info.yaml': catalogInfo('inside') });
    const backend = await startTestBackend({
      features: [catalogPlugin, goldenPathFeatures, config(rootDir.path)],
    });
    try {
      const auth = mockCredentials.user.header();
      const register = (target: string) =>
        request(backend.server)
          .post('/api/catalog/locations')
          .set('authorization', auth)
          .send({ type: 'file', target });
      const get = (name: string) =>
        request(backend.server)
          .get(`/api/catalog/entities/by-name/component/default/${name}`)
          .set('authorization', auth);
      expect(
        (await register(outside.resolve('catalog-info.yaml'))).status,
      ).toBe(201);
      expect(
        (await register(`${rootDir.path}/*/catalog-info.yaml`)).status,
      ).toBe(201);
      expect(
        (await register(rootDir.resolve('inside/catalog-info.yaml'))).status,
      ).toBe(201);
      // Once the file inside the root is in, the others had their turn.
      for (let i = 0; i < 100 && (await get('inside')).status !== 200; i++) {
        await new Promise(resolve => setTimeout(resolve, 200));
      }
      expect((await get('inside')).status).toBe(200);
      await new Promise(resolve => setTimeout(resolve, 1500));
      expect((await get('sneaky')).status).toBe(404);
    } finally {
      await backend.stop();
    }
  }, 30_000);

  it('registration is rolled back when the entity never appears', async () => {
    const actions = new Map<string, TemplateAction<any, any, any>>();
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        actionCollector(actions),
        goldenPathFeatures,
        config(rootDir.path),
      ],
    });
    try {
      rootDir.setContent({ 'orders/catalog-info.yaml': catalogInfo('orders') });
      const ctx = createMockActionContext({
        input: {
          repoPath: rootDir.resolve('orders'),
          waitForEntityRef: 'component:default/not-in-the-file',
          timeoutSeconds: 2,
        },
      });
      await expect(
        actions.get('golden-path:catalog:register-local')!.handler(ctx),
      ).rejects.toThrow(/the location was removed and .* was deleted/);
      expect(fs.existsSync(rootDir.resolve('orders'))).toBe(false);
      const locations = await request(backend.server)
        .get('/api/catalog/locations')
        .set('authorization', mockCredentials.user.header());
      expect(locations.body.filter((l: any) => l.data.type === 'file')).toEqual(
        [],
      );
    } finally {
      await backend.stop();
    }
  }, 30_000);
});
