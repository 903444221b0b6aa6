import {
  createMockDirectory,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import git from 'isomorphic-git';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import goldenPathPlugin from '..';
import { chassisVersionOf } from './DriftService';

const templateFile = path.resolve(
  __dirname,
  '../../../../templates/node-service/template.yaml',
);

async function makeRepository(dir: string, files: Record<string, string>) {
  await git.init({ fs, dir, defaultBranch: 'main' });
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
    await git.add({ fs, dir, filepath: file });
  }
  await git.commit({
    fs,
    dir,
    message: 'init',
    author: { name: 'A', email: 'a@b.c' },
  });
}

const lock = (version: string) =>
  JSON.stringify({
    packages: { 'node_modules/@golden-path/service-chassis': { version } },
  });

describe('the golden-path drift view', () => {
  const dir = createMockDirectory();
  let backend: TestBackend;
  const root = () => dir.resolve('repos');

  const component = (
    name: string,
    options: {
      version?: string;
      template?: string;
      location?: string;
      owner?: string;
      tier?: string;
      system?: string;
    },
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      title: `Service ${name}`,
      annotations: {
        'backstage.io/managed-by-location':
          options.location ??
          `file:${path.join(root(), name, 'catalog-info.yaml')}`,
        ...(options.template !== undefined || options.version
          ? {
              'golden-path.io/template':
                options.template ?? 'template:default/node-service',
            }
          : {}),
        ...(options.version
          ? { 'golden-path.io/template-version': options.version }
          : {}),
        ...(options.tier ? { 'golden-path.io/tier': options.tier } : {}),
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: options.owner ?? 'team-a',
    },
    relations: [
      {
        type: 'ownedBy',
        targetRef: `group:default/${options.owner ?? 'team-a'}`,
      },
      ...(options.system
        ? [{ type: 'partOf', targetRef: `system:default/${options.system}` }]
        : []),
    ],
  });

  beforeAll(async () => {
    dir.setContent({ repos: {} });
    const chassisPkg = JSON.stringify({
      dependencies: { '@golden-path/service-chassis': '^0.1.0' },
    });
    await makeRepository(path.join(root(), 'svc-current'), {
      'catalog-info.yaml': 'x',
      'package.json': chassisPkg,
      'package-lock.json': lock('0.1.3'),
    });
    await makeRepository(path.join(root(), 'svc-old'), {
      'catalog-info.yaml': 'x',
      'package.json': chassisPkg,
    });
    await makeRepository(path.join(root(), 'svc-v1'), {
      'catalog-info.yaml': 'x',
      'package.json': JSON.stringify({ dependencies: { fastify: '^5.0.0' } }),
    });
    await makeRepository(path.join(root(), 'svc-legacy'), {
      'catalog-info.yaml': 'x',
      '.golden-path/answers.yaml':
        'kind: TemplateProvenance\ntemplate: template:default/node-service\nversion: 2.0.0\nanswers: {}\n',
    });
    const template = parse(fs.readFileSync(templateFile, 'utf8')) as Entity;
    template.metadata.namespace = 'default';
    template.metadata.annotations = {
      ...template.metadata.annotations,
      'backstage.io/managed-by-location': `file:${templateFile}`,
    };
    backend = await startTestBackend({
      features: [
        goldenPathPlugin,
        catalogServiceMock.factory({
          entities: [
            template,
            {
              apiVersion: 'scaffolder.backstage.io/v1beta3',
              kind: 'Template',
              metadata: {
                name: 'adr',
                namespace: 'default',
                title: 'Record an ADR',
              },
              spec: { type: 'documentation', steps: [] },
            },
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Group',
              metadata: {
                name: 'team-a',
                namespace: 'default',
                title: 'Team A',
              },
              spec: { type: 'team', children: [] },
            },
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'System',
              metadata: {
                name: 'shop',
                namespace: 'default',
                title: 'The shop',
              },
              spec: { owner: 'team-a' },
            },
            component('svc-current', {
              version: '2.1.0',
              tier: 'critical',
              system: 'shop',
            }),
            component('svc-old', { version: '2.0.0', tier: 'important' }),
            component('svc-v1', { version: '1.0.0', owner: 'team-b' }),
            component('svc-legacy', {}),
            component('svc-unknown', { version: '0.9.0' }),
            component('svc-plain', {
              location: 'file:/elsewhere/catalog-info.yaml',
            }),
            component('svc-remote', {
              version: '2.0.0',
              location:
                'url:https://github.com/acme/remote/blob/main/catalog-info.yaml',
            }),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            goldenPath: { scaffolder: { localPublishRoot: root() } },
          },
        }),
      ],
    });
  });

  afterAll(() => backend?.stop());

  const get = (p: string) =>
    request(backend.server).get(`/api/golden-path${p}`);

  it('places every component against its template: version, how far behind, chassis, status', async () => {
    const res = await get('/drift');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(
      res.body.services.map((s: { entityRef: string }) => [
        s.entityRef.split('/')[1],
        s,
      ]),
    );
    expect(byName['svc-current']).toEqual({
      entityRef: 'component:default/svc-current',
      title: 'Service svc-current',
      ownerRef: 'group:default/team-a',
      ownerTitle: 'Team A',
      systemRef: 'system:default/shop',
      systemTitle: 'The shop',
      tier: 'critical',
      templateRef: 'template:default/node-service',
      templateTitle: 'Golden Path Node.js service',
      version: '2.1.0',
      chassisVersion: '0.1.3',
      latestVersion: '2.1.0',
      behind: 0,
      supported: true,
      status: 'current',
      upgradeable: false,
    });
    expect(byName['svc-old']).toMatchObject({
      version: '2.0.0',
      behind: 1,
      supported: true,
      status: 'behind',
      chassisVersion: '^0.1.0',
      upgradeable: true,
    });
    expect(byName['svc-v1']).toMatchObject({
      version: '1.0.0',
      behind: 2,
      supported: false,
      status: 'unsupported',
      chassisVersion: 'none',
      ownerTitle: 'team-b',
      upgradeable: true,
    });
    // No annotations: the repository's provenance record says 2.0.0.
    expect(byName['svc-legacy']).toMatchObject({
      version: '2.0.0',
      status: 'behind',
    });
    expect(byName['svc-unknown']).toMatchObject({
      status: 'unknown-version',
      error:
        "The repository 'svc-unknown' is not in the portal's repository folder. Version 0.9.0 is not one of Golden Path Node.js service's versions.",
      upgradeable: false,
    });
    expect(byName['svc-plain']).toMatchObject({
      status: 'not-from-template',
      upgradeable: false,
    });
    expect(byName['svc-remote']).toMatchObject({
      status: 'behind',
      upgradeable: false,
    });
    expect(res.body.counts).toEqual({
      current: 1,
      behind: 3,
      unsupported: 1,
      unknownVersion: 1,
      notFromTemplate: 1,
    });
    // Only templates that declare a version; counts per version.
    expect(res.body.templates).toHaveLength(1);
    expect(
      res.body.templates[0].versions.map((v: any) => [
        v.version,
        v.services,
        v.supported,
        v.current,
      ]),
    ).toEqual([
      ['2.1.0', 1, true, true],
      ['2.0.0', 3, true, false],
      ['1.0.0', 1, false, false],
    ]);
    expect(res.body.templates[0].versions[0].changes.length).toBeGreaterThan(0);
    expect(res.body.generatedAt).toMatch(/^\d{4}-/);
  });

  it('filters by owner, system and tier (none = no tier), counting only what is shown', async () => {
    const byOwner = await get('/drift?owner=group:default/team-b');
    expect(byOwner.body.services.map((s: any) => s.title)).toEqual([
      'Service svc-v1',
    ]);
    expect(
      byOwner.body.templates[0].versions.map((v: any) => v.services),
    ).toEqual([0, 0, 1]);
    const bySystem = await get('/drift?system=shop');
    expect(bySystem.body.services.map((s: any) => s.title)).toEqual([
      'Service svc-current',
    ]);
    const byTier = await get('/drift?tier=critical&tier=important');
    expect(byTier.body.services.map((s: any) => s.title)).toEqual([
      'Service svc-current',
      'Service svc-old',
    ]);
    const noTier = await get('/drift?tier=none');
    expect(noTier.body.services).toHaveLength(5);
  });

  it('answers one entity with its template, and names what is wrong', async () => {
    const res = await get('/drift/entities/component/default/svc-old');
    expect(res.status).toBe(200);
    expect(res.body.service).toMatchObject({
      status: 'behind',
      latestVersion: '2.1.0',
    });
    expect(res.body.template.ref).toBe('template:default/node-service');
    const missing = await get('/drift/entities/component/default/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'The catalog has no entity component:default/nope.',
    );
    const bad = await get('/drift?tier=gold');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("Invalid query parameter 'tier'");
    const unknown = await get('/drift?colour=red');
    expect(unknown.body.error.message).toBe("Unknown query parameter 'colour'");
  });

  it('starts a recomputation on request', async () => {
    const res = await request(backend.server).post(
      '/api/golden-path/drift/refresh',
    );
    expect(res.status).toBe(202);
  });
});

describe('chassisVersionOf', () => {
  it('reads the lockfile, else the manifest range, else none', () => {
    expect(chassisVersionOf(Buffer.from(lock('0.2.0')), undefined)).toBe(
      '0.2.0',
    );
    expect(
      chassisVersionOf(
        Buffer.from('{}'),
        Buffer.from(
          JSON.stringify({
            dependencies: { '@golden-path/service-chassis': '^0.1.0' },
          }),
        ),
      ),
    ).toBe('^0.1.0');
    expect(chassisVersionOf(undefined, Buffer.from('{}'))).toBe('none');
    expect(
      chassisVersionOf(Buffer.from('not json'), undefined),
    ).toBeUndefined();
    expect(chassisVersionOf(undefined, undefined)).toBeUndefined();
  });
});
