import { JsonObject } from '@backstage/types';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { LocalPublishRoot } from '@golden-path/plugin-golden-path-node';
import git from 'isomorphic-git';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { TemplateRenderer } from './renderTemplate';
import { readDemoServices, seedDemoServices } from './seedDemoServices';

const templateFile = path.resolve(
  __dirname,
  '../../../../templates/node-service/template.yaml',
);

describe('readDemoServices', () => {
  it('reads name, version and the answers; refuses bad names and versions', () => {
    const read = (olderServices: JsonObject[]) =>
      readDemoServices(
        new ConfigReader({ goldenPath: { demo: { olderServices } } }),
      );
    expect(
      read([{ name: 'old-svc', version: '1.0.0', tier: 'standard' }]),
    ).toEqual([
      {
        name: 'old-svc',
        version: '1.0.0',
        answers: { name: 'old-svc', tier: 'standard' },
      },
    ]);
    expect(() => read([{ name: 'Old', version: '1.0.0' }])).toThrow(
      "Invalid config goldenPath.demo.olderServices[0].name: 'Old' is not a service name",
    );
    expect(() => read([{ name: 'old-svc', version: 'v1' }])).toThrow(
      "Invalid config goldenPath.demo.olderServices[0].version: 'v1' is not a template version",
    );
    expect(readDemoServices(new ConfigReader({}))).toEqual([]);
  });
});

describe('seedDemoServices', () => {
  const dir = createMockDirectory();
  const template = parse(fs.readFileSync(templateFile, 'utf8')) as Entity;
  template.metadata.namespace = 'default';
  template.metadata.annotations = {
    ...template.metadata.annotations,
    'backstage.io/managed-by-location': `file:${templateFile}`,
  };
  const renderer = {
    render: jest.fn(
      async (request: { answers: Record<string, unknown>; label: string }) => {
        if (request.answers.name === 'broken')
          throw new Error('rendering failed');
        return new Map([
          [
            'catalog-info.yaml',
            {
              content: Buffer.from(`name: ${request.answers.name}\n`),
              executable: false,
            },
          ],
          [
            'src/version.txt',
            { content: Buffer.from(request.label), executable: false },
          ],
        ]);
      },
    ),
  } as unknown as TemplateRenderer;

  beforeEach(() => dir.setContent({ repos: {} }));
  // Each renders and commits real git repositories: seconds on a busy machine.

  it('creates each missing service from its version, dated by the changelog, and registers it; keeps what exists', async () => {
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn(async ref =>
        ref === 'template:default/node-service' ? template : undefined,
      ) as any,
      addLocation: jest.fn(async () => ({} as any)),
    });
    fs.mkdirSync(dir.resolve('repos/kept'));
    const logger = mockServices.logger.mock();
    const result = await seedDemoServices({
      services: [
        { name: 'old-one', version: '1.0.0', answers: { tier: 'standard' } },
        { name: 'kept', version: '2.0.0', answers: {} },
        { name: 'broken', version: '2.0.0', answers: {} },
      ],
      catalog,
      auth: mockServices.auth(),
      renderer,
      publishRoot: new LocalPublishRoot(dir.resolve('repos')),
      logger,
    });
    expect(result).toEqual({
      created: ['old-one'],
      registered: ['old-one', 'kept'],
    });
    const repo = dir.resolve('repos/old-one');
    expect(fs.readFileSync(path.join(repo, 'src/version.txt'), 'utf8')).toBe(
      'template:default/node-service 1.0.0',
    );
    const record = parse(
      fs.readFileSync(path.join(repo, '.golden-path/answers.yaml'), 'utf8'),
    );
    expect(record).toMatchObject({
      version: '1.0.0',
      answers: { name: 'old-one', tier: 'standard' },
    });
    const [commit] = await git.log({ fs, dir: repo });
    expect(commit.commit.message).toBe(
      'Create component:default/old-one from template:default/node-service 1.0.0\n',
    );
    expect(new Date(commit.commit.author.timestamp * 1000).toISOString()).toBe(
      '2026-11-25T09:00:00.000Z',
    );
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target: path.join(repo, 'catalog-info.yaml') },
      expect.anything(),
    );
    // The failure is logged, and leaves nothing behind.
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('Could not create the demo service broken'),
    );
    expect(fs.existsSync(dir.resolve('repos/broken'))).toBe(false);
  }, 30_000);

  it('does nothing once every service is in the catalog; waits for the template; a location registered already is fine', async () => {
    const inCatalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn(async () => ({} as Entity)) as any,
    });
    const options = {
      services: [{ name: 'old-one', version: '1.0.0', answers: {} }],
      auth: mockServices.auth(),
      renderer,
      publishRoot: new LocalPublishRoot(dir.resolve('repos')),
      logger: mockServices.logger.mock(),
    };
    expect(await seedDemoServices({ ...options, catalog: inCatalog })).toEqual({
      created: [],
      registered: [],
    });
    const noTemplate = catalogServiceMock.mock({
      getEntityByRef: jest.fn(async () => undefined) as any,
    });
    expect(await seedDemoServices({ ...options, catalog: noTemplate })).toEqual(
      { created: [], registered: [] },
    );
    expect(fs.existsSync(dir.resolve('repos/old-one'))).toBe(false);
    const conflict = catalogServiceMock.mock({
      getEntityByRef: jest.fn(async ref =>
        ref === 'template:default/node-service' ? template : undefined,
      ) as any,
      addLocation: jest
        .fn()
        .mockRejectedValueOnce(new ConflictError('exists'))
        // What the catalog client throws: a ResponseError with status 409.
        .mockRejectedValueOnce(
          Object.assign(new Error('Request failed with 409 Conflict'), {
            name: 'ResponseError',
            response: { status: 409 },
          }),
        ),
    });
    expect(await seedDemoServices({ ...options, catalog: conflict })).toEqual({
      created: ['old-one'],
      registered: ['old-one'],
    });
    fs.rmSync(dir.resolve('repos/old-one'), { recursive: true });
    expect(await seedDemoServices({ ...options, catalog: conflict })).toEqual({
      created: ['old-one'],
      registered: ['old-one'],
    });
    expect(fs.existsSync(dir.resolve('repos/old-one/.git'))).toBe(true);
  }, 30_000);
});
