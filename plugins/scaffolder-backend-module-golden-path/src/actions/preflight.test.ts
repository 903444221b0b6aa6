import { createMockDirectory } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { LocalPublishRoot } from '../LocalPublishRoot';
import {
  createPreflightAction,
  readNpmRegistry,
  readSloDataSource,
  titleFromName,
} from './preflight';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-checkout' },
  },
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
    spec: { owner: 'team-checkout' },
  },
];

describe('golden-path:service:preflight', () => {
  const dir = createMockDirectory();
  let root: string;
  const catalog = catalogServiceMock({ entities });
  const action = () =>
    createPreflightAction({
      catalog,
      publishRoot: new LocalPublishRoot(root),
      config: new ConfigReader({}),
    });
  const run = (input: Record<string, any>, isDryRun = false) => {
    const ctx = { ...createMockActionContext({ input }), isDryRun };
    jest.spyOn(ctx.logger, 'info');
    return action()
      .handler(ctx as any)
      .then(() => ctx);
  };

  beforeEach(() => {
    dir.clear();
    root = dir.resolve('repos');
  });

  it('passes a free name with an existing owner and system, creating the root', async () => {
    const ctx = await run({
      name: 'payments',
      owner: 'group:default/team-checkout',
      system: 'commerce',
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/payments',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'ownerRef',
      'group:default/team-checkout',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'systemRef',
      'system:default/commerce',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'repoPath',
      path.join(root, 'payments'),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'npmRegistry',
      'http://127.0.0.1:4873/',
    );
    expect(fs.statSync(root).isDirectory()).toBe(true);
  });

  it('outputs the title, the creation date and the SLO data source, and logs no server path', async () => {
    const ctx = await run({
      name: 'order-history',
      owner: 'team-checkout',
      description: 'Café orders: history & more!',
    });
    expect(ctx.output).toHaveBeenCalledWith('title', 'Order history');
    expect(ctx.output).toHaveBeenCalledWith(
      'today',
      new Date().toISOString().slice(0, 10),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'sloDataSource',
      'golden-path-ingestion',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'sloDataSourceType',
      'GoldenPathIngestion',
    );
    const logged = (ctx.logger.info as jest.Mock).mock.calls.flat().join('\n');
    expect(logged).toContain('as the repository order-history');
    expect(logged).not.toContain(root);
  });

  it('keeps a given title and refuses control characters in title and description', async () => {
    const ctx = await run({
      name: 'order-history',
      owner: 'team-checkout',
      title: ' Order history (EU) ',
    });
    expect(ctx.output).toHaveBeenCalledWith('title', 'Order history (EU)');
    await expect(
      run({ name: 'payments', owner: 'team-checkout', title: 'a\nb' }),
    ).rejects.toThrow(/^title 'a\nb' must be one line/);
    await expect(
      run({ name: 'payments', owner: 'team-checkout', description: 'a\u0007' }),
    ).rejects.toThrow(/^description contains a line break or another control/);
  });

  it('outputs the npm registry from config', async () => {
    const ctx = {
      ...createMockActionContext({
        input: { name: 'payments', owner: 'team-checkout' },
      }),
      isDryRun: true,
    };
    await createPreflightAction({
      catalog,
      publishRoot: new LocalPublishRoot(root),
      config: new ConfigReader({
        goldenPath: {
          scaffolder: { npmRegistry: 'https://npm.example.com/repository/npm' },
        },
      }),
    }).handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith(
      'npmRegistry',
      'https://npm.example.com/repository/npm/',
    );
  });

  it('accepts an owner without kind and a blank system, and creates nothing in a dry run', async () => {
    const ctx = await run(
      { name: 'payments', owner: 'team-checkout', system: '' },
      true,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'ownerRef',
      'group:default/team-checkout',
    );
    expect(fs.existsSync(root)).toBe(false);
  });

  it('refuses a taken name, naming the owner', async () => {
    await expect(
      run({ name: 'orders', owner: 'team-checkout' }),
    ).rejects.toThrow(
      "A component named 'orders' already exists in the catalog (owned by group:default/team-checkout); choose another name.",
    );
  });

  it('renders an existing service again in a dry run marked for it: no checks of a new service', async () => {
    fs.mkdirSync(`${root}/orders`, { recursive: true });
    const input = { name: 'orders', owner: 'team-gone', system: 'gone' };
    const render = (secrets: Record<string, string>, isDryRun = true) => {
      const ctx = {
        ...createMockActionContext({ input, secrets }),
        isDryRun,
      };
      return action()
        .handler(ctx as any)
        .then(() => ctx);
    };
    const ctx = await render({
      goldenPathRenderFor: 'component:default/orders',
      goldenPathRenderDate: '2026-11-25',
    });
    expect(ctx.output).toHaveBeenCalledWith('repoName', 'orders');
    // Files dated on creation render with the creation date.
    expect(ctx.output).toHaveBeenCalledWith('today', '2026-11-25');
    expect(ctx.output).toHaveBeenCalledWith('title', 'Orders');
    // Marked for another service, or not a dry run: the checks apply.
    await expect(
      render({ goldenPathRenderFor: 'component:default/payments' }),
    ).rejects.toThrow("A component named 'orders' already exists");
    await expect(
      render({ goldenPathRenderFor: 'component:default/orders' }, false),
    ).rejects.toThrow("A component named 'orders' already exists");
  });

  it.each([
    ['Orders'],
    ['ab'],
    ['a'.repeat(41)],
    ['-orders'],
    ['orders-'],
    ['or--ders'],
    ['or_ders'],
    ['../x'],
  ])('refuses the name %s', async name => {
    await expect(run({ name, owner: 'team-checkout' })).rejects.toThrow(
      /^name '.*' is not a lower-case DNS label/,
    );
  });

  it('refuses an unknown owner', async () => {
    await expect(
      run({ name: 'payments', owner: 'group:default/team-gone' }),
    ).rejects.toThrow(
      "owner 'group:default/team-gone' (group:default/team-gone) is not in the catalog",
    );
  });

  it.each([[''], ['a:b:c'], ['kind:ns/'], ['user:default/someone']])(
    'refuses the owner ref %p',
    async owner => {
      await expect(run({ name: 'payments', owner })).rejects.toThrow(
        /^owner '.*' (is not an entity reference|must refer to a group)/,
      );
    },
  );

  it('refuses an unknown system', async () => {
    await expect(
      run({ name: 'payments', owner: 'team-checkout', system: 'nowhere' }),
    ).rejects.toThrow(
      "system 'nowhere' (system:default/nowhere) is not in the catalog",
    );
  });

  it('refuses an existing publish target', async () => {
    dir.setContent({ 'repos/payments/README.md': 'x' });
    await expect(
      run({ name: 'payments', owner: 'team-checkout' }),
    ).rejects.toThrow(
      /repoName 'payments': the portal already has a repository of that name/,
    );
  });

  it.each([['../x'], ['/abs'], ['.hidden'], ['a/b']])(
    'refuses the repoName %p',
    async repoName => {
      await expect(
        run({ name: 'payments', owner: 'team-checkout', repoName }),
      ).rejects.toThrow(/^repoName '.*' is not a plain folder name/);
    },
  );

  it('refuses a repoName that is a symlink out of the root', async () => {
    dir.setContent({ 'repos/.keep': '', outside: {} });
    fs.symlinkSync(dir.resolve('outside'), path.join(root, 'escape'));
    await expect(
      run({ name: 'payments', owner: 'team-checkout', repoName: 'escape' }),
    ).rejects.toThrow(/^repoName 'escape' resolves to a folder outside/);
  });

  it('refuses a root that is a regular file (not a writable folder)', async () => {
    dir.setContent({ repos: 'not a folder' });
    await expect(
      run({ name: 'payments', owner: 'team-checkout' }),
    ).rejects.toThrow(/local publish root .* is not a folder/);
  });

  it('refuses a root whose parent is a regular file, in a dry run too', async () => {
    dir.setContent({ file: 'x' });
    root = dir.resolve('file/repos');
    await expect(
      run({ name: 'payments', owner: 'team-checkout' }, true),
    ).rejects.toThrow(/local publish root .* is not a folder/);
  });

  it('refuses a read-only root when not running as root', async () => {
    if (process.getuid?.() === 0) {
      // eslint-disable-next-line no-console
      console.log(
        'skipped: running as root, chmod 0500 does not stop writes (the regular-file root test covers it)',
      );
      return;
    }
    fs.mkdirSync(root, { recursive: true });
    fs.chmodSync(root, 0o500);
    try {
      await expect(
        run({ name: 'payments', owner: 'team-checkout' }),
      ).rejects.toThrow(/is not writable by the backend/);
    } finally {
      fs.chmodSync(root, 0o700);
    }
  });

  it('looks entities up with the task credentials', async () => {
    const spy = jest.spyOn(catalog, 'getEntityByRef');
    const ctx = await run({ name: 'payments', owner: 'team-checkout' });
    const credentials = await ctx.getInitiatorCredentials();
    expect(spy).toHaveBeenCalledWith('component:default/payments', {
      credentials,
    });
    spy.mockRestore();
  });
});

describe('titleFromName', () => {
  it.each([
    ['order-history', 'Order history'],
    ['payments', 'Payments'],
    ['e2e-svc-1', 'E2e svc 1'],
  ])('%s -> %s', (name, title) => {
    expect(titleFromName(name)).toBe(title);
  });
});

describe('readSloDataSource', () => {
  const read = (data: object) => readSloDataSource(new ConfigReader(data));

  it('names the ingestion API when no Prometheus data source is chosen', () => {
    expect(
      read({
        goldenPath: { slo: { prometheus: { main: { url: 'http://p' } } } },
      }),
    ).toEqual({ name: 'golden-path-ingestion', type: 'GoldenPathIngestion' });
  });

  it('names the chosen Prometheus data source', () => {
    expect(
      read({
        goldenPath: {
          scaffolder: { sloPrometheusDataSource: 'main' },
          slo: { prometheus: { main: { url: 'http://p' } } },
        },
      }),
    ).toEqual({ name: 'main', type: 'Prometheus' });
  });

  it('refuses a data source the SLO backend does not have', () => {
    expect(() =>
      read({ goldenPath: { scaffolder: { sloPrometheusDataSource: 'main' } } }),
    ).toThrow(
      "Invalid config goldenPath.scaffolder.sloPrometheusDataSource: 'main' is not a Prometheus data source of goldenPath.slo.prometheus (none is configured)",
    );
    expect(() =>
      read({
        goldenPath: { scaffolder: { sloPrometheusDataSource: 'Main DS' } },
      }),
    ).toThrow(/'Main DS' is not a data source name/);
  });
});

describe('readNpmRegistry', () => {
  const read = (npmRegistry?: unknown) =>
    readNpmRegistry(
      new ConfigReader(
        npmRegistry === undefined
          ? {}
          : { goldenPath: { scaffolder: { npmRegistry } } },
      ),
    );

  it('defaults to the local Verdaccio of scripts/start.sh', () => {
    expect(read()).toBe('http://127.0.0.1:4873/');
  });

  it.each([
    ['http://127.0.0.1:4874', 'http://127.0.0.1:4874/'],
    ['https://npm.example.com/', 'https://npm.example.com/'],
    ['https://npm.example.com/api/npm', 'https://npm.example.com/api/npm/'],
  ])('accepts %s as %s', (value, expected) => {
    expect(read(value)).toBe(expected);
  });

  it.each([
    ['not a url'],
    ['127.0.0.1:4873'],
    ['ftp://npm.example.com/'],
    ['file:///srv/npm'],
  ])('refuses %p, naming the key', value => {
    expect(() => read(value)).toThrow(
      `Invalid config goldenPath.scaffolder.npmRegistry: '${value}' is not an http(s) URL of an npm registry`,
    );
  });

  it.each([
    ['https://user:secret@npm.example.com/'],
    ['https://npm.example.com/?token=x'],
  ])('refuses %p, which would leak into every .npmrc', value => {
    expect(() => read(value)).toThrow(
      /^Invalid config goldenPath\.scaffolder\.npmRegistry: the registry URL must not contain credentials/,
    );
  });

  it.each([[''], [4873]])(
    'refuses %p (Backstage config names the key)',
    value => {
      expect(() => read(value)).toThrow(/goldenPath\.scaffolder\.npmRegistry/);
    },
  );
});
