import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import fs from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { RepositoryFactCollector } from './RepositoryFactCollector';
import {
  compileRepositoryFileRules,
  DEFAULT_REPOSITORY_FILE_RULES,
} from './repositoryFileRules';

const TEMPLATE = resolvePath(__dirname, '../../../../templates/node-service');
const SKELETON = resolvePath(TEMPLATE, 'skeleton');
const rules = compileRepositoryFileRules(
  DEFAULT_REPOSITORY_FILE_RULES,
  'defaults',
);
const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
const logger = mockServices.logger.mock();

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations },
    spec: {
      type: 'service',
      owner: 'group:default/team',
      lifecycle: 'production',
    },
  };
}

function collector(
  options: Partial<
    ConstructorParameters<typeof RepositoryFactCollector>[0]
  > = {},
) {
  return new RepositoryFactCollector({
    reader: mockServices.urlReader.mock(),
    integrations,
    localRoots: [],
    rules,
    maxFiles: 500,
    maxFileBytes: 256 * 1024,
    ...options,
  });
}

const allFacts = (value: boolean) =>
  Object.fromEntries(
    ['repository.found', ...rules.map(r => r.fact)].map(id => [id, value]),
  );

describe('RepositoryFactCollector', () => {
  const dir = createMockDirectory();

  beforeEach(() => dir.clear());

  it('finds every default fact in a service made from the Golden Path template', async () => {
    const [result] = await collector({
      localRoots: [{ path: TEMPLATE, key: 'goldenPath.readiness.localRoots' }],
    }).collect(
      [
        component('from-template', {
          'backstage.io/managed-by-location': `file:${SKELETON}/catalog-info.yaml`,
        }),
      ],
      { logger },
    );
    expect(result.error).toBeUndefined();
    // Every fact, Dependabot included (.github/dependabot.yml).
    expect(result.facts).toEqual(allFacts(true));
  });

  it('finds nothing in an almost empty repository, which was found all the same', async () => {
    dir.setContent({
      'catalog-info.yaml': 'kind: Component',
      'README.md': '# Empty\n\nCircuit breaker and outbox, one day.',
    });
    const [result] = await collector({
      localRoots: [{ path: dir.path, key: 'goldenPath.readiness.localRoots' }],
    }).collect(
      [
        component('empty', {
          'backstage.io/managed-by-location': `file:${dir.resolve(
            'catalog-info.yaml',
          )}`,
        }),
      ],
      { logger },
    );
    expect(result).toEqual({
      entityRef: 'component:default/empty',
      facts: { ...allFacts(false), 'repository.found': true },
    });
  });

  it('reads golden-path.io/repository relative to the catalog file, and checks each rule', async () => {
    dir.setContent({
      'catalog/catalog-info.yaml': 'kind: Component',
      'repo/Dockerfile': 'FROM node',
      'repo/.github/workflows/release.yaml':
        'jobs:\n  deploy:\n    steps: []\n',
      'repo/db/migrations/001.sql': 'CREATE TABLE inbox (id text);',
      'repo/docs/decisions/0001-x.md': '# x',
      'repo/node_modules/x/asyncapi.yaml': 'asyncapi: 3.0.0',
      'repo/.github/dependabot.yml': 'version: 2',
    });
    const [result] = await collector({
      localRoots: [{ path: dir.path, key: 'goldenPath.readiness.localRoots' }],
    }).collect(
      [
        component('relative', {
          'backstage.io/managed-by-location': `file:${dir.resolve(
            'catalog/catalog-info.yaml',
          )}`,
          'golden-path.io/repository': '../repo',
        }),
      ],
      { logger },
    );
    expect(result.facts).toEqual({
      ...allFacts(false),
      'repository.found': true,
      'repository.dockerfile': true,
      'repository.ciWorkflow': true,
      'repository.deployWorkflow': true,
      'repository.inboxTable': true,
      'repository.adrFolder': true,
      'repository.dependencyUpdates': true,
      // node_modules is never looked into.
      'repository.asyncApi': false,
    });
  });

  it('records no repository, with every fact false, when none is known', async () => {
    const [result] = await collector().collect([component('nowhere', {})], {
      logger,
    });
    expect(result.facts).toEqual(allFacts(false));
    expect(result.error).toBe(
      "no repository is known for this service (the entity names none and was not registered from a catalog file the portal reads): name it in the catalog entity with the golden-path.io/repository annotation (the repository's URL, or its folder relative to catalog-info.yaml) or a url: backstage.io/source-location",
    );
  });

  it('treats a catalog file outside the local roots as no repository', async () => {
    dir.setContent({ 'a/catalog-info.yaml': 'x', 'a/Dockerfile': 'FROM x' });
    const [result] = await collector({
      localRoots: [
        { path: dir.resolve('b'), key: 'goldenPath.readiness.localRoots' },
      ],
    }).collect(
      [
        component('outside', {
          'backstage.io/managed-by-location': `file:${dir.resolve(
            'a/catalog-info.yaml',
          )}`,
        }),
      ],
      { logger },
    );
    expect(result.facts).toEqual(allFacts(false));
    // The page gets plain words and what to do on the entity's side...
    expect(result.error).toContain(
      'no repository is known for this service (the folder of its catalog file is not one the portal reads): name it in the catalog entity with the golden-path.io/repository annotation',
    );
    // ...no server path and no config key: those go to the backend log.
    expect(result.error).not.toContain(dir.path);
    expect(result.error).not.toContain('goldenPath.readiness.localRoots');
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('goldenPath.readiness.localRoots'),
      expect.objectContaining({
        entityRef: 'component:default/outside',
        error: expect.stringContaining(dir.resolve('a')),
      }),
    );
  });

  it('records an error and no facts for a repository annotation it may not read', async () => {
    dir.setContent({
      'secret/Dockerfile': 'FROM x',
      'allowed/catalog-info.yaml': 'x',
    });
    const [result] = await collector({
      localRoots: [
        {
          path: dir.resolve('allowed'),
          key: 'goldenPath.readiness.localRoots',
        },
      ],
    }).collect(
      [
        component('escape', {
          'backstage.io/managed-by-location': `file:${dir.resolve(
            'allowed/catalog-info.yaml',
          )}`,
          'golden-path.io/repository': '../secret',
        }),
      ],
      { logger },
    );
    expect(result.facts).toEqual({});
    expect(result.error).toBe(
      "the repository folder named by golden-path.io/repository is missing or not one the portal reads: check the annotation, or name it in the catalog entity with the golden-path.io/repository annotation (the repository's URL, or its folder relative to catalog-info.yaml) or a url: backstage.io/source-location instead",
    );
    expect(result.error).not.toContain(dir.path);
    expect(logger.info).toHaveBeenCalledWith(
      expect.any(String),
      expect.objectContaining({
        error: expect.stringContaining(`${dir.resolve('secret')} is outside`),
      }),
    );
  });

  it('refuses an annotation with another scheme, naming it', async () => {
    const [result] = await collector().collect(
      [
        component('bad-scheme', {
          // eslint-disable-next-line no-script-url -- the hostile value under test
          'golden-path.io/repository': 'javascript:alert(1)',
        }),
      ],
      { logger },
    );
    expect(result.facts).toEqual(allFacts(false));
    expect(result.error).toContain(
      "no repository is known for this service (golden-path.io/repository 'javascript:alert(1)' is neither an http(s) URL nor a relative path): name it",
    );
  });

  it('does not follow symlinks out of the repository, and skips files over the limit', async () => {
    dir.setContent({
      'outside/Dockerfile': 'FROM x',
      'outside/policies.ts': 'circuitBreaker bulkhead',
      'repo/catalog-info.yaml': 'x',
      'repo/src/big.ts': `// idempotency-key\n${'x'.repeat(2000)}`,
    });
    fs.symlinkSync(
      dir.resolve('outside/Dockerfile'),
      dir.resolve('repo/Dockerfile'),
    );
    fs.symlinkSync(dir.resolve('outside'), dir.resolve('repo/src/linked'));
    fs.symlinkSync(
      dir.resolve('repo/missing'),
      dir.resolve('repo/Containerfile'),
    );
    const [result] = await collector({
      localRoots: [{ path: dir.path, key: 'goldenPath.readiness.localRoots' }],
      maxFileBytes: 1000,
    }).collect(
      [
        component('links', {
          'backstage.io/managed-by-location': `file:${dir.resolve(
            'repo/catalog-info.yaml',
          )}`,
        }),
      ],
      { logger },
    );
    expect(result.facts).toMatchObject({
      'repository.found': true,
      'repository.dockerfile': false,
      'repository.resiliencePolicies': false,
      'repository.idempotencyGuard': false,
    });
  });

  describe('over the UrlReader', () => {
    type File = { path: string; content: string };
    const files: File[] = [
      { path: 'Dockerfile', content: 'FROM node' },
      { path: 'src/payments.ts', content: 'headers["idempotency-key"]' },
      {
        path: 'src/huge.ts',
        content: `circuitBreaker bulkhead ${'x'.repeat(5000)}`,
      },
      { path: 'docs/adr/0001.md', content: '# ADR' },
    ];
    const reader = (calls: UrlReaderServiceReadTreeOptions[]) =>
      mockServices.urlReader.mock({
        readTree: async (url, options) => {
          calls.push(options!);
          if (url.includes('missing')) throw new NotFoundError('nope');
          if (options?.etag === 'v1') throw new NotModifiedError('same');
          const kept = files.filter(file =>
            options!.filter!(file.path, { size: file.content.length }),
          );
          return {
            etag: 'v1',
            files: async () =>
              kept.map(file => ({
                path: file.path,
                content: async () => Buffer.from(file.content),
                lastModifiedAt: undefined,
              })),
            archive: async () => {
              throw new Error('not used');
            },
            dir: async () => {
              throw new Error('not used');
            },
          } as any;
        },
      }) as unknown as UrlReaderService;

    it('reads a url: source-location, filters by rule and size, and reuses the facts of an unchanged tree', async () => {
      const calls: UrlReaderServiceReadTreeOptions[] = [];
      const repository = collector({
        reader: reader(calls),
        maxFileBytes: 1000,
      });
      const entity = component('remote', {
        'backstage.io/source-location':
          'url:https://github.com/acme/remote/tree/main/',
        'golden-path.io/repository': './ignored-when-source-location-is-a-url',
      });
      const [first] = await repository.collect([entity], { logger });
      expect(first.facts).toEqual({
        ...allFacts(false),
        'repository.found': true,
        'repository.dockerfile': true,
        'repository.idempotencyGuard': true,
        'repository.adrFolder': true,
        // src/huge.ts is over maxFileBytes: not read.
        'repository.resiliencePolicies': false,
      });
      // Only files some rule looks at pass the filter: Dockerfile is
      // existence-only, so its content is not kept.
      const [second] = await repository.collect([entity], { logger });
      expect(second.facts).toEqual(first.facts);
      expect(calls.map(call => call.etag)).toEqual([undefined, 'v1']);
    });

    it('records an error and no facts for a repository that does not exist', async () => {
      const [result] = await collector({ reader: reader([]) }).collect(
        [
          component('gone', {
            'backstage.io/source-location':
              'url:https://github.com/acme/missing/tree/main/',
          }),
        ],
        { logger },
      );
      expect(result).toEqual({
        entityRef: 'component:default/gone',
        facts: {},
        error:
          'repository https://github.com/acme/missing/tree/main/ does not exist',
      });
    });

    it('keeps one entity failing from stopping the others', async () => {
      const results = await collector({ reader: reader([]) }).collect(
        [
          component('gone', {
            'backstage.io/source-location':
              'url:https://github.com/acme/missing/tree/main/',
          }),
          component('there', {
            'backstage.io/source-location':
              'url:https://github.com/acme/there/tree/main/',
          }),
        ],
        { logger },
      );
      expect(
        results.map(r => [r.entityRef, !!r.error, r.facts['repository.found']]),
      ).toEqual([
        ['component:default/gone', true, undefined],
        ['component:default/there', false, true],
      ]);
    });
  });
});
