import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import catalogModuleGoldenPath from '@golden-path/plugin-catalog-backend-module-golden-path';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderModuleGoldenPath from '@golden-path/plugin-scaffolder-backend-module-golden-path';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';

/*
 * The two Golden Path templates as real scaffolder tasks against a real
 * catalog (the example organisation and templates/ as locations): create a
 * service (published as a local git repository, registered in the catalog),
 * refuse the same name again before any side effect, then add an ADR to the
 * new service's repository with the ADR template.
 */
const repoRoot = path.resolve(__dirname, '../../..');

describe('Golden Path templates as scaffolder tasks', () => {
  const publishRoot = createMockDirectory();
  let server: any;
  let stop: () => Promise<void>;
  const auth = mockCredentials.user.header();
  // Everything is allowed but the permissions named here.
  const denied = new Set<string>();
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async requests =>
    requests.map(r => ({
      result: denied.has(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    })),
  );
  permissions.authorizeConditional.mockImplementation(async requests =>
    requests.map(r => ({
      result: denied.has(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    })),
  );

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        permissions.factory,
        catalogPlugin,
        scaffolderEntityModel,
        catalogModuleGoldenPath,
        scaffolderPlugin,
        scaffolderModuleGoldenPath,
        mockServices.rootConfig.factory({
          data: {
            goldenPath: { scaffolder: { localPublishRoot: publishRoot.path } },
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'API',
                    'Resource',
                    'Location',
                    'Domain',
                    'Group',
                    'User',
                    'Template',
                  ],
                },
              ],
              locations: [
                {
                  type: 'file',
                  target: path.join(repoRoot, 'catalog-info/*.yaml'),
                },
                {
                  type: 'file',
                  target: path.join(repoRoot, 'templates/*/template.yaml'),
                },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
    await waitFor(async () => {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/template/default/adr')
        .set('authorization', auth);
      const team = await request(server)
        .get('/api/catalog/entities/by-name/group/default/team-checkout')
        .set('authorization', auth);
      return res.status === 200 && team.status === 200;
    }, 'the templates and the example organisation in the catalog');
  }, 120_000);
  afterAll(() => stop());

  async function waitFor(probe: () => Promise<boolean>, what: string) {
    const deadline = Date.now() + 90_000;
    while (!(await probe())) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}`);
      await new Promise(r => setTimeout(r, 250));
    }
  }

  async function runTask(templateRef: string, values: Record<string, unknown>) {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('authorization', auth)
      .send({ templateRef, values });
    expect(created.status).toBe(201);
    let task: any;
    await waitFor(async () => {
      task = (
        await request(server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('authorization', auth)
      ).body;
      return ['completed', 'failed', 'cancelled'].includes(task.status);
    }, `task ${created.body.id}`);
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set('authorization', auth);
    const log = (events.body as any[])
      .map(e => e.body?.message)
      .filter(Boolean)
      .join('\n');
    return { status: task.status as string, log };
  }

  const service = {
    name: 'order-history',
    description: 'Keeps the history of every order',
    owner: 'group:default/team-checkout',
    system: 'system:default/billing',
    tier: 'important',
    database: 'postgres',
    broker: 'nats',
  };

  it('creates a service, refuses its name a second time, then records an ADR in its repository', async () => {
    const first = await runTask('template:default/node-service', service);
    expect({
      status: first.status,
      log: first.status === 'completed' ? '' : first.log,
    }).toEqual({
      status: 'completed',
      log: '',
    });

    const repo = path.join(publishRoot.path, 'order-history');
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
    expect(git('log', '--format=%s')).toBe(
      'Create order-history from the Golden Path service template',
    );
    const adrs = fs.readdirSync(path.join(repo, 'docs/adr')).sort();
    expect(adrs[0]).toBe('0001-record-architecture-decisions.md');
    expect(adrs[2]).toMatch(
      /^0003-run-order-history-as-an-important-tier-service/,
    );

    const entity = await request(server)
      .get('/api/catalog/entities/by-name/component/default/order-history')
      .set('authorization', auth);
    expect(entity.status).toBe(200);
    expect(entity.body.metadata.annotations).toMatchObject({
      'golden-path.io/tier': 'important',
      'backstage.io/managed-by-location': `file:${repo}/catalog-info.yaml`,
    });
    expect(entity.body.spec.owner).toBe('group:default/team-checkout');
    // Its two APIs come from the same file, with their definitions read from
    // the repository ($text: ./openapi.yaml, ./asyncapi.yaml).
    const apiDefinition = async (name: string) => {
      let definition: string | undefined;
      await waitFor(async () => {
        const res = await request(server)
          .get(`/api/catalog/entities/by-name/api/default/${name}`)
          .set('authorization', auth);
        definition = res.body?.spec?.definition;
        return res.status === 200;
      }, `api:default/${name}`);
      return definition;
    };
    expect(await apiDefinition('order-history-api')).toContain('openapi: 3');
    expect(await apiDefinition('order-history-events')).toContain(
      'asyncapi: 3',
    );

    // Same name again: refused by the preflight step, nothing else happens.
    const again = await runTask('template:default/node-service', {
      ...service,
      description: 'A second try',
    });
    expect(again.status).toBe('failed');
    expect(again.log).toContain(
      "A component named 'order-history' already exists in the catalog",
    );
    expect(
      fs.readdirSync(publishRoot.path).filter(f => !f.startsWith('.')),
    ).toEqual(['order-history']);
    expect(git('log', '--format=%s').split('\n')).toHaveLength(1);

    const adrValues = {
      entity: 'component:default/order-history',
      title: 'Keep order history for seven years',
      status: 'accepted',
      decisionMakers: ['group:default/team-checkout'],
      context: 'Tax law asks for seven years of order records.',
      options: ['Seven years', 'Forever'],
      decision: 'Seven years, then anonymise.',
    };
    // Without adr.record.create on the service (a policy gives it to the
    // owners): the commit step refuses, naming the service and the
    // permission, and nothing is committed.
    denied.add('adr.record.create');
    const refused = await runTask('template:default/adr', adrValues);
    denied.clear();
    expect(refused.status).toBe('failed');
    expect(refused.log).toMatch(
      /You may not add an ADR to .+ \(component:default\/order-history\): that takes the adr\.record\.create permission on it, which the portal gives its owners/,
    );
    expect(git('log', '--format=%s').split('\n')).toHaveLength(1);
    expect(git('status', '--porcelain')).toBe('');

    // An ADR for the new service, numbered after the three it has.
    const adr = await runTask('template:default/adr', adrValues);
    expect({
      status: adr.status,
      log: adr.status === 'completed' ? '' : adr.log,
    }).toEqual({
      status: 'completed',
      log: '',
    });
    expect(git('log', '--format=%s').split('\n')).toEqual([
      'ADR 4: Keep order history for seven years',
      'Create order-history from the Golden Path service template',
    ]);
    const record = fs.readFileSync(
      path.join(repo, 'docs/adr/0004-keep-order-history-for-seven-years.md'),
      'utf8',
    );
    expect(record).toContain('status: accepted');
    expect(record).toContain('Seven years, then anonymise.');
    expect(git('status', '--porcelain')).toBe('');
  }, 180_000);
});
