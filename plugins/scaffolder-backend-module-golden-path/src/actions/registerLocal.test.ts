import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { LocalPublishRoot } from '../LocalPublishRoot';
import { createRegisterLocalAction } from './registerLocal';

const catalogInfo = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders
spec:
  type: service
  lifecycle: experimental
  owner: team-checkout
`;

describe('golden-path:catalog:register-local', () => {
  const rootDir = createMockDirectory();
  const root = () => rootDir.resolve('repos');
  const repoPath = () => rootDir.resolve('repos/orders');
  const run = async (
    catalog: ReturnType<typeof catalogServiceMock.mock>,
    input: Record<string, any>,
    isDryRun = false,
  ) => {
    const ctx = { ...createMockActionContext({ input }), isDryRun };
    await createRegisterLocalAction({
      catalog,
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      publishRoot: new LocalPublishRoot(root()),
      pollIntervalMs: 10,
    }).handler(ctx as any);
    return ctx;
  };

  beforeEach(() => {
    rootDir.clear();
    rootDir.setContent({ 'repos/orders/catalog-info.yaml': catalogInfo });
  });

  it("adds a file location with the module's own credentials (not the user's, who may not register locations) and waits for the entity with the task credentials", async () => {
    const entity = { kind: 'Component', metadata: { name: 'orders' } };
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn().mockResolvedValue({
        location: { id: 'loc-1', type: 'file', target: 'x' },
        entities: [],
      }),
      getEntityByRef: jest
        .fn()
        .mockResolvedValueOnce(undefined)
        .mockResolvedValueOnce(entity as any),
    });
    const ctx = await run(catalog, {
      repoPath: repoPath(),
      waitForEntityRef: 'component:orders',
    });
    const credentials = await ctx.getInitiatorCredentials();
    const file = path.join(repoPath(), 'catalog-info.yaml');
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target: file },
      { credentials: mockCredentials.service('plugin:scaffolder') },
    );
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      'component:default/orders',
      { credentials },
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders',
    );
    expect(ctx.output).toHaveBeenCalledWith('catalogInfoUrl', `file://${file}`);
    expect(ctx.output).toHaveBeenCalledWith('locationId', 'loc-1');
  });

  it('takes the repository by name instead of its path', async () => {
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn().mockResolvedValue({
        location: { id: 'loc-2', type: 'file', target: 'x' },
        entities: [],
      }),
      getEntityByRef: jest.fn().mockResolvedValue({
        kind: 'Component',
        metadata: { name: 'orders' },
      } as any),
    });
    await run(catalog, { repoName: 'orders' });
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target: path.join(repoPath(), 'catalog-info.yaml') },
      expect.anything(),
    );
    await expect(run(catalog, {})).rejects.toThrow(
      'Give one of repoPath and repoName.',
    );
    await expect(run(catalog, { repoName: '../x' })).rejects.toThrow(
      /^repoName '..\/x' is not a plain folder name/,
    );
  });

  it('waits for the first entity of the file by default; a dry run registers nothing', async () => {
    const catalog = catalogServiceMock.mock();
    const ctx = await run(catalog, { repoPath: repoPath() }, true);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders',
    );
    expect(ctx.output).toHaveBeenCalledWith('locationId', 'dry-run');
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('rolls back when the catalog refuses the location: the repo folder is removed', async () => {
    const catalog = catalogServiceMock.mock({
      addLocation: jest
        .fn()
        .mockRejectedValue(
          new Error('Registered locations must be of an allowed type ["url"]'),
        ),
    });
    await expect(run(catalog, { repoPath: repoPath() })).rejects.toThrow(
      /^The catalog refused to register file:\/\/.*catalog-info\.yaml \(Registered locations must be of an allowed type \["url"\]\); .*orders was deleted\.$/,
    );
    expect(fs.existsSync(repoPath())).toBe(false);
    expect(catalog.removeLocationById).not.toHaveBeenCalled();
  });

  it('keeps the repo when removeRepoOnFailure is false', async () => {
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn().mockRejectedValue(new Error('no')),
    });
    await expect(
      run(catalog, { repoPath: repoPath(), removeRepoOnFailure: false }),
    ).rejects.toThrow('The catalog refused to register');
    expect(fs.existsSync(repoPath())).toBe(true);
  });

  it('removes the location and the repo when the entity does not appear in time', async () => {
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn().mockResolvedValue({
        location: { id: 'loc-2', type: 'file', target: 'x' },
        entities: [],
      }),
      getEntityByRef: jest.fn().mockResolvedValue(undefined),
      removeLocationById: jest.fn().mockResolvedValue(undefined),
    });
    await expect(
      run(catalog, {
        repoPath: repoPath(),
        waitForEntityRef: 'component:default/other',
        timeoutSeconds: 1,
      }),
    ).rejects.toThrow(
      /^component:default\/other did not appear in the catalog within 1 seconds .*; the location was removed and .* was deleted\.$/,
    );
    expect(catalog.removeLocationById).toHaveBeenCalledWith('loc-2', {
      credentials: expect.anything(),
    });
    expect(fs.existsSync(repoPath())).toBe(false);
  });

  it.each([
    ['relative/path', /repoPath 'relative\/path' must be an absolute path/],
    ['/etc', /repoPath '\/etc' is not a repository folder directly under/],
  ])('refuses the repoPath %p', async (value, message) => {
    const catalog = catalogServiceMock.mock();
    await expect(run(catalog, { repoPath: value })).rejects.toThrow(message);
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('refuses the root itself, a nested folder and a traversal', async () => {
    const catalog = catalogServiceMock.mock();
    for (const value of [
      root(),
      path.join(repoPath(), 'sub'),
      `${root()}/orders/../../x`,
    ]) {
      await expect(run(catalog, { repoPath: value })).rejects.toThrow(
        /^(repoPath '.*' is not a repository folder directly under|repoPath '.*' is not a plain folder name)/,
      );
    }
    expect(fs.existsSync(root())).toBe(true);
  });

  it('refuses a repo folder that is a symlink out of the root', async () => {
    const outside = createMockDirectory();
    outside.setContent({ 'catalog-info.yaml': catalogInfo });
    fs.symlinkSync(outside.path, rootDir.resolve('repos/escape'));
    const catalog = catalogServiceMock.mock();
    await expect(
      run(catalog, { repoPath: rootDir.resolve('repos/escape') }),
    ).rejects.toThrow(/repoPath 'escape' resolves to a folder outside/);
    expect(fs.existsSync(outside.resolve('catalog-info.yaml'))).toBe(true);
  });

  it.each([
    [
      '../x.yaml',
      /catalogInfoPath '\.\.\/x\.yaml' leads outside the repository/,
    ],
    ['/etc/passwd', /catalogInfoPath '\/etc\/passwd' is absolute/],
    ['missing.yaml', /catalogInfoPath 'missing\.yaml' is not a file/],
  ])('refuses the catalogInfoPath %p', async (catalogInfoPath, message) => {
    const catalog = catalogServiceMock.mock();
    await expect(
      run(catalog, { repoPath: repoPath(), catalogInfoPath }),
    ).rejects.toThrow(message);
  });

  it('refuses a catalog file that is a symlink out of the repo, a chain or dangling', async () => {
    const outside = createMockDirectory();
    outside.setContent({ 'x.yaml': catalogInfo });
    fs.symlinkSync(
      outside.resolve('x.yaml'),
      path.join(repoPath(), 'out.yaml'),
    );
    fs.symlinkSync('out.yaml', path.join(repoPath(), 'chain.yaml'));
    fs.symlinkSync(
      outside.resolve('gone.yaml'),
      path.join(repoPath(), 'dangling.yaml'),
    );
    const catalog = catalogServiceMock.mock();
    for (const catalogInfoPath of ['out.yaml', 'chain.yaml', 'dangling.yaml']) {
      await expect(
        run(catalog, { repoPath: repoPath(), catalogInfoPath }),
      ).rejects.toThrow('leads outside the repository');
    }
  });

  it.each([['a:b:c'], ['kind:ns/'], ['component:default/']])(
    'refuses the waitForEntityRef %p',
    async waitForEntityRef => {
      const catalog = catalogServiceMock.mock();
      await expect(
        run(catalog, { repoPath: repoPath(), waitForEntityRef }),
      ).rejects.toThrow(/waitForEntityRef '.*' is not an entity reference/);
      expect(catalog.addLocation).not.toHaveBeenCalled();
    },
  );
});
