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
  mergeText,
  TemplateRenderer,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path';
import git from 'isomorphic-git';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';

/**
 * Upgrading services created from older versions of the node-service
 * template through the upgrade-service template, end to end: the real
 * scaffolder renders both versions (dry runs) with the recorded answers, the
 * merge goes onto a new branch of each local repository.
 */

const repoRoot = path.resolve(__dirname, '../../..');
const templateFile = path.join(
  repoRoot,
  'templates/node-service/template.yaml',
);
const upgradeTemplateFile = path.join(
  repoRoot,
  'templates/upgrade-service/template.yaml',
);
const AUTHOR = { name: 'Ada Lovelace', email: 'ada@example.com' };

const templateEntity = (file: string): Entity => {
  const entity = parse(fs.readFileSync(file, 'utf8')) as Entity;
  entity.metadata.namespace = 'default';
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'backstage.io/managed-by-location': `file:${file}`,
  };
  return entity;
};

const answers = (name: string) => ({
  name,
  description: 'Keeps the order history',
  owner: 'group:default/team-checkout',
  system: 'system:default/commerce',
  tier: 'important',
  database: 'postgres',
  broker: 'nats',
});

describe('upgrading services to the current node-service template', () => {
  const publishRoot = createMockDirectory();
  const permissions = mockServices.permissions.mock();
  let backend: TestBackend;
  let history: TemplateHistory;
  let renderer: TemplateRenderer;
  const services = [
    'v2-clean',
    'v2-hand',
    'v2-conflict',
    'v1-svc',
    'bad-yaml',
    'no-record',
    'dirty',
    'has-branch',
    'current',
    'denied',
  ];

  const service = (name: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      title: `Service ${name}`,
      annotations: {
        'backstage.io/managed-by-location': `file:${publishRoot.resolve(
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

  const repo = (name: string) => publishRoot.resolve(name);
  const gitdir = (name: string) => path.join(repo(name), '.git');
  const readOn = async (name: string, ref: string, file: string) => {
    const oid = await git.resolveRef({ fs, gitdir: gitdir(name), ref });
    const { blob } = await git.readBlob({
      fs,
      gitdir: gitdir(name),
      oid,
      filepath: file,
    });
    return Buffer.from(blob).toString('utf8');
  };
  const commitFile = async (
    name: string,
    file: string,
    content: string,
    message: string,
  ) => {
    fs.writeFileSync(path.join(repo(name), file), content);
    await git.add({ fs, dir: repo(name), filepath: file });
    return git.commit({ fs, dir: repo(name), message, author: AUTHOR });
  };

  /** Runs the upgrade-service template as a user would; the finished task. */
  async function runUpgrade(entityRef: string, version?: string) {
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('authorization', mockCredentials.user.header())
      .send({
        templateRef: 'template:default/upgrade-service',
        values: { entityRef, ...(version ? { version } : {}) },
      });
    expect(created.status).toBe(201);
    for (let i = 0; i < 600; i++) {
      const task = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('authorization', mockCredentials.user.header());
      if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
        const events = await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
          .set('authorization', mockCredentials.user.header());
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
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('the upgrade task did not finish');
  }

  /** What the current version renders for a service, from scratch. */
  const freshRender = async (name: string) =>
    renderer.render({
      files: await history.files(history.currentVersion),
      answers: answers(name),
      entityRef: `component:default/${name}`,
      templateRef: 'template:default/node-service',
      label: 'current',
    });

  const refsOf = async (name: string) =>
    Object.fromEntries(
      await Promise.all(
        (
          await git.listBranches({ fs, gitdir: gitdir(name) })
        ).map(async b => [
          b,
          await git.resolveRef({
            fs,
            gitdir: gitdir(name),
            ref: `refs/heads/${b}`,
          }),
        ]),
      ),
    );

  beforeAll(async () => {
    permissions.authorize.mockImplementation(async requests =>
      requests.map(
        r =>
          ({
            result:
              (r as { resourceRef?: string }).resourceRef ===
              'component:default/denied'
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
            ...services.map(service),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            goldenPath: { scaffolder: { localPublishRoot: publishRoot.path } },
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
    const create = (name: string, version: string) =>
      createServiceRepository({
        renderer,
        history,
        version,
        answers: answers(name),
        entityRef: `component:default/${name}`,
        dir: repo(name),
        author: AUTHOR,
        createdAt: new Date('2026-12-01T10:00:00Z'),
      });
    await Promise.all([
      ...[
        'v2-clean',
        'v2-hand',
        'v2-conflict',
        'bad-yaml',
        'no-record',
        'dirty',
        'has-branch',
        'denied',
      ].map(n => create(n, '2.0.0')),
      create('v1-svc', '1.0.0'),
      create('current', history.currentVersion),
    ]);
  }, 240_000);

  afterAll(() => backend?.stop());

  it('upgrades an untouched 2.0.0 service: the new version on a branch, the default branch unchanged', async () => {
    const before = await refsOf('v2-clean');
    const result = await runUpgrade('component:default/v2-clean');
    expect(result).toMatchObject({ status: 'completed' });
    const branch = `golden-path/upgrade-v${history.currentVersion}`;
    expect(result.output.links).toEqual([
      {
        title: 'Open the upgrade branch',
        url: `/catalog/default/component/v2-clean/repository?branch=${encodeURIComponent(
          branch,
        )}`,
      },
    ]);
    const refs = await refsOf('v2-clean');
    expect(refs.main).toBe(before.main);
    expect(Object.keys(refs).sort()).toEqual([branch, 'main']);
    // No conflicts; the branch holds exactly what 2.1.0 renders, except the
    // provenance record, which keeps the creation date and answers.
    const summary = result.output.text[0].content as string;
    expect(summary).toContain('**With conflicts**: none.');
    const fresh = await freshRender('v2-clean');
    for (const file of [
      'catalog-info.yaml',
      'openslo.yaml',
      'src/server.ts',
      'package.json',
    ]) {
      expect({ file, text: await readOn('v2-clean', branch, file) }).toEqual({
        file,
        text: fresh.get(file)!.content.toString('utf8'),
      });
    }
    const record = parse(
      await readOn('v2-clean', branch, '.golden-path/answers.yaml'),
    );
    expect(record).toMatchObject({
      template: 'template:default/node-service',
      version: history.currentVersion,
      createdAt: '2026-12-01T10:00:00.000Z',
      answers: answers('v2-clean'),
    });
    const [catalogInfo] = parseAllDocuments(
      await readOn('v2-clean', branch, 'catalog-info.yaml'),
    ).map(doc => doc.toJS());
    expect(catalogInfo.metadata.annotations).toMatchObject({
      'golden-path.io/template': 'template:default/node-service',
      'golden-path.io/template-version': history.currentVersion,
    });
    // The working tree is still the default branch's.
    expect(
      fs.readFileSync(
        path.join(repo('v2-clean'), '.golden-path/answers.yaml'),
        'utf8',
      ),
    ).toContain('version: 2.0.0');
  }, 120_000);

  it("keeps the service's own changes, and marks a conflicting one", async () => {
    // A hand change away from anything the template changes: kept.
    const server = fs.readFileSync(
      path.join(repo('v2-hand'), 'src/server.ts'),
      'utf8',
    );
    await commitFile(
      'v2-hand',
      'src/server.ts',
      `${server}// our own change\n`,
      'Our change',
    );
    const hand = await runUpgrade('component:default/v2-hand');
    expect(hand.status).toBe('completed');
    const branch = `golden-path/upgrade-v${history.currentVersion}`;
    expect(await readOn('v2-hand', branch, 'src/server.ts')).toContain(
      '// our own change\n',
    );
    expect(await readOn('v2-hand', branch, 'openslo.yaml')).toBe(
      (await freshRender('v2-hand')).get('openslo.yaml')!.content.toString(),
    );

    // A change to the lines the template changes too: a conflict, marked.
    const base = fs.readFileSync(
      path.join(repo('v2-conflict'), 'openslo.yaml'),
      'utf8',
    );
    const theirs = (await freshRender('v2-conflict'))
      .get('openslo.yaml')!
      .content.toString();
    const changedLine = base
      .split('\n')
      .find(line => line.trim() && !theirs.split('\n').includes(line));
    expect(changedLine).toBeDefined();
    await commitFile(
      'v2-conflict',
      'openslo.yaml',
      base.replace(changedLine!, `${changedLine} # ours`),
      'Tune the SLO',
    );
    const conflict = await runUpgrade('component:default/v2-conflict');
    expect(conflict.status).toBe('completed');
    expect(conflict.output.text[0].content).toMatch(
      /\*\*With conflicts\*\* \(1\)[\s\S]*`openslo.yaml`: 1 conflict/,
    );
    const merged = await readOn('v2-conflict', branch, 'openslo.yaml');
    expect(merged).toContain('<<<<<<< Service v2-conflict (main)\n');
    expect(merged).toContain(
      `>>>>>>> template:default/node-service ${history.currentVersion}\n`,
    );
    // The same merge as git's own machinery gives.
    expect(merged).toBe(
      mergeText({
        base,
        ours: base.replace(changedLine!, `${changedLine} # ours`),
        theirs,
        oursLabel: 'Service v2-conflict (main)',
        theirsLabel: `template:default/node-service ${history.currentVersion}`,
      }).text,
    );
  }, 120_000);

  it('upgrades a 1.0.0 service (plumbing copied into it) to the chassis', async () => {
    const result = await runUpgrade('component:default/v1-svc');
    expect(result.status).toBe('completed');
    const branch = `golden-path/upgrade-v${history.currentVersion}`;
    const { tree } = await git.readTree({
      fs,
      gitdir: gitdir('v1-svc'),
      oid: await git.resolveRef({ fs, gitdir: gitdir('v1-svc'), ref: branch }),
      filepath: 'src',
    });
    // The copied outbox is gone; the chassis is a dependency.
    expect(tree.map(e => e.path)).not.toContain('outbox');
    expect(
      JSON.parse(await readOn('v1-svc', branch, 'package.json')).dependencies,
    ).toHaveProperty('@golden-path/service-chassis');
    expect(result.output.text[0].content).toContain('(removed)');
  }, 120_000);

  it.each([
    [
      'bad-yaml',
      async () =>
        commitFile(
          'bad-yaml',
          '.golden-path/answers.yaml',
          'template: [\n',
          'Break it',
        ),
      '.golden-path/answers.yaml is not valid YAML',
    ],
    [
      'no-record',
      async () => {
        await git.remove({
          fs,
          dir: repo('no-record'),
          filepath: '.golden-path/answers.yaml',
        });
        fs.rmSync(path.join(repo('no-record'), '.golden-path/answers.yaml'));
        await git.commit({
          fs,
          dir: repo('no-record'),
          message: 'Drop it',
          author: AUTHOR,
        });
      },
      'Service no-record has no .golden-path/answers.yaml on main',
    ],
    [
      'dirty',
      async () =>
        fs.appendFileSync(
          path.join(repo('dirty'), 'README.md'),
          'uncommitted\n',
        ),
      'has uncommitted changes (README.md)',
    ],
    [
      'has-branch',
      async () =>
        git.branch({
          fs,
          dir: repo('has-branch'),
          ref: `golden-path/upgrade-v${history.currentVersion}`,
        }),
      `already has a branch golden-path/upgrade-v`,
    ],
    [
      'current',
      async () => undefined,
      `Service current is already on template:default/node-service ${'2.1.0'}`,
    ],
    [
      'denied',
      async () => undefined,
      'You may not upgrade Service denied: upgrading a service takes the goldenpath.upgrade.create permission',
    ],
  ])(
    'refuses %s with a clear message and writes nothing',
    async (name, prepare, message) => {
      await prepare();
      const before = await refsOf(name);
      const objects = fs.readdirSync(path.join(gitdir(name), 'objects')).length;
      const result = await runUpgrade(`component:default/${name}`);
      expect(result.status).toBe('failed');
      expect(result.log).toContain(message);
      expect(await refsOf(name)).toEqual(before);
      expect(fs.readdirSync(path.join(gitdir(name), 'objects')).length).toBe(
        objects,
      );
    },
    120_000,
  );

  it('refuses a version the template does not have', async () => {
    const result = await runUpgrade('component:default/v2-clean', '9.9.9');
    expect(result.status).toBe('failed');
    expect(result.log).toContain(
      'template:default/node-service has no version 9.9.9; it has 2.1.0, 2.0.0, 1.0.0.',
    );
  }, 60_000);
});
