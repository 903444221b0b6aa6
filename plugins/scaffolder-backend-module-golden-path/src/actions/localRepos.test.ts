import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import fsSync from 'node:fs';
import fs from 'node:fs';
import { LocalPublishRoot } from '../LocalPublishRoot';
import { createRepoCommitLocalAction } from './repoCommitLocal';
import { createRepoFetchLocalAction } from './repoFetchLocal';

/** golden-path:repo:fetch-local and golden-path:repo:commit-local together. */
describe('local repository actions', () => {
  const dir = createMockDirectory();
  const root = () => dir.resolve('repos');
  const repo = () => dir.resolve('repos/orders');
  const workspace = () => dir.resolve('workspace');
  const publishRoot = () => new LocalPublishRoot(root());

  const entity = (location: string, adrLocation?: string) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders',
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': location,
        ...(adrLocation ? { 'golden-path.io/adr-location': adrLocation } : {}),
      },
    },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'team-a' },
  });

  const fetchAdrs = async (
    entities: any[],
    entityRef = 'component:default/orders',
  ) => {
    const ctx = createMockActionContext({
      input: { entityRef },
      workspacePath: workspace(),
    });
    await createRepoFetchLocalAction({
      catalog: catalogServiceMock({ entities }),
      publishRoot: publishRoot(),
    }).handler(ctx as any);
    return ctx;
  };
  const permissions = mockServices.permissions.mock();
  const allowAdrs = (allowed: boolean) =>
    permissions.authorize.mockImplementation(async requests =>
      requests.map(() => ({
        result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      })),
    );
  const commit = async (
    input: Record<string, any>,
    isDryRun = false,
    entities: any[] = [entity(`file:${repo()}/catalog-info.yaml`)],
  ) => {
    const ctx = {
      ...createMockActionContext({
        input: { entityRef: 'component:default/orders', ...input },
        workspacePath: workspace(),
      }),
      isDryRun,
    };
    await createRepoCommitLocalAction({
      catalog: catalogServiceMock({ entities }),
      permissions,
      publishRoot: publishRoot(),
    }).handler(ctx as any);
    return ctx;
  };

  beforeEach(async () => {
    permissions.authorize.mockReset();
    allowAdrs(true);
    dir.clear();
    dir.setContent({
      'repos/orders/catalog-info.yaml': 'kind: Component',
      'repos/orders/docs/adr/0001-record-architecture-decisions.md': '# 1',
      'repos/orders/docs/adr/0002-use-outbox.md': '# 2',
      'repos/orders/docs/adr/notes.txt': 'not an ADR',
      workspace: {},
    });
    await git.init({ fs: fsSync, dir: repo(), defaultBranch: 'main' });
    await git.add({ fs: fsSync, dir: repo(), filepath: '.' });
    await git.commit({
      fs: fsSync,
      dir: repo(),
      message: 'init',
      author: { name: 't', email: 't@x' },
    });
  });

  it("copies the ADRs of the entity's local repository, then commits a new one", async () => {
    const fetched = await fetchAdrs([
      entity(`file:${repo()}/catalog-info.yaml`),
    ]);
    expect(fetched.output).toHaveBeenCalledWith('repoPath', repo());
    expect(fetched.output).toHaveBeenCalledWith('adrDirectory', 'docs/adr');
    expect(fetched.output).toHaveBeenCalledWith('adrCount', 2);
    expect(fs.readdirSync(`${workspace()}/docs/adr`).sort()).toEqual([
      '0001-record-architecture-decisions.md',
      '0002-use-outbox.md',
    ]);

    fs.writeFileSync(`${workspace()}/docs/adr/0003-use-kafka.md`, '# 3');
    const committed = await commit({
      repoPath: repo(),
      paths: ['docs/adr/0003-use-kafka.md'],
      commitMessage: 'Add ADR 0003',
    });
    const log = await git.log({ fs: fsSync, dir: repo() });
    expect(log.map(c => c.commit.message.trim())).toEqual([
      'Add ADR 0003',
      'init',
    ]);
    expect(committed.output).toHaveBeenCalledWith('commitHash', log[0].oid);
    // Asked for this entity, with the initiator's credentials.
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'adr.record.create',
            resourceType: 'catalog-entity',
          }),
          resourceRef: 'component:default/orders',
        },
      ],
      { credentials: mockCredentials.user() },
    );
    expect(
      fs.readFileSync(`${repo()}/docs/adr/0003-use-kafka.md`, 'utf8'),
    ).toBe('# 3');
  });

  it('follows a relative golden-path.io/adr-location', async () => {
    fs.mkdirSync(`${repo()}/decisions`);
    const fetched = await fetchAdrs([
      entity(`file:${repo()}/catalog-info.yaml`, './decisions/'),
    ]);
    expect(fetched.output).toHaveBeenCalledWith('adrDirectory', 'decisions');
    expect(fetched.output).toHaveBeenCalledWith('adrCount', 0);
  });

  it.each([
    [
      'an entity from a URL location',
      'url:https://github.com/acme/orders/blob/main/catalog-info.yaml',
      /does not come from a local repository/,
    ],
    [
      'a file outside the publish root',
      'file:/etc/catalog-info.yaml',
      /not in a repository folder directly under the local publish root/,
    ],
    [
      'the publish root itself',
      'file:REPOS/catalog-info.yaml',
      /not in a repository folder directly under/,
    ],
  ])('refuses %s', async (_what, location, message) => {
    await expect(
      fetchAdrs([entity(location.replace('REPOS', root()))]),
    ).rejects.toThrow(message);
  });

  it('refuses an ADR location that leaves the repository, and unknown entities', async () => {
    await expect(
      fetchAdrs([entity(`file:${repo()}/catalog-info.yaml`, '../other')]),
    ).rejects.toThrow(
      /golden-path.io\/adr-location '..\/other' leads outside the repository/,
    );
    await expect(fetchAdrs([])).rejects.toThrow(/is not in the catalog/);
    await expect(fetchAdrs([], 'component:')).rejects.toThrow(
      /not an entity reference/,
    );
  });

  it('refuses a symlinked ADR file in the repository', async () => {
    fs.symlinkSync('/etc/passwd', `${repo()}/docs/adr/0003-link.md`);
    await expect(
      fetchAdrs([entity(`file:${repo()}/catalog-info.yaml`)]),
    ).rejects.toThrow(/0003-link.md .* is a symlink/);
  });

  describe('commit-local refuses before writing anything', () => {
    beforeEach(() => {
      fs.mkdirSync(`${workspace()}/docs/adr`, { recursive: true });
      fs.writeFileSync(`${workspace()}/docs/adr/0003-new.md`, '# 3');
      fs.writeFileSync(
        `${workspace()}/docs/adr/0001-record-architecture-decisions.md`,
        'changed',
      );
    });

    it.each([
      [
        'an existing file',
        {
          paths: [
            'docs/adr/0003-new.md',
            'docs/adr/0001-record-architecture-decisions.md',
          ],
        },
        /already exists .* never overwritten/,
      ],
      [
        'a path out of the workspace',
        { paths: ['../repos/orders/catalog-info.yaml'] },
        /leads outside the workspace/,
      ],
      ['an absolute path', { paths: ['/etc/passwd'] }, /is absolute/],
      [
        'a path into .git',
        { paths: ['.git/config'] },
        /not a regular file|has a .git folder in it/,
      ],
      [
        'a repo outside the root',
        { repoPath: '/tmp' },
        /not a repository folder directly under/,
      ],
      [
        'a relative repoPath',
        { repoPath: 'repos/orders' },
        /not a repository folder directly under/,
      ],
    ])('%s', async (_what, override, message) => {
      await expect(
        commit({
          repoPath: repo(),
          paths: ['docs/adr/0003-new.md'],
          commitMessage: 'x',
          ...override,
        }),
      ).rejects.toThrow(message);
      expect(fs.existsSync(`${repo()}/docs/adr/0003-new.md`)).toBe(false);
      expect((await git.log({ fs: fsSync, dir: repo() })).length).toBe(1);
    });

    it.each([['docs/.git/config'], ['docs/.GIT/config'], ['a/b/.git/HEAD']])(
      'a .git folder anywhere in the path: %s',
      async file => {
        fs.mkdirSync(`${workspace()}/${file.replace(/\/[^/]+$/, '')}`, {
          recursive: true,
        });
        fs.writeFileSync(`${workspace()}/${file}`, '[core]');
        await expect(
          commit({ repoPath: repo(), paths: [file], commitMessage: 'x' }),
        ).rejects.toThrow(
          `paths: '${file}' has a .git folder in it; git's own files are never committed.`,
        );
        expect(fs.existsSync(`${repo()}/${file}`)).toBe(false);
        expect((await git.log({ fs: fsSync, dir: repo() })).length).toBe(1);
      },
    );

    it('a workspace file that is a symlink out of the workspace', async () => {
      fs.symlinkSync('/etc/hostname', `${workspace()}/docs/adr/0004-link.md`);
      await expect(
        commit({
          repoPath: repo(),
          paths: ['docs/adr/0004-link.md'],
          commitMessage: 'x',
        }),
      ).rejects.toThrow(/leads outside the workspace|not a regular file/);
    });

    it('an initiator without adr.record.create on the entity, naming the service and the permission', async () => {
      allowAdrs(false);
      for (const isDryRun of [false, true]) {
        await expect(
          commit(
            {
              repoPath: repo(),
              paths: ['docs/adr/0003-new.md'],
              commitMessage: 'x',
            },
            isDryRun,
          ),
        ).rejects.toThrow(
          'You may not add an ADR to orders (component:default/orders): that takes the adr.record.create permission on it, which the portal gives its owners',
        );
      }
      expect(fs.existsSync(`${repo()}/docs/adr/0003-new.md`)).toBe(false);
      expect((await git.log({ fs: fsSync, dir: repo() })).length).toBe(1);
    });

    it("a repoPath that is not the entity's own repository", async () => {
      fs.mkdirSync(dir.resolve('repos/payments'), { recursive: true });
      await git.init({
        fs: fsSync,
        dir: dir.resolve('repos/payments'),
        defaultBranch: 'main',
      });
      await expect(
        commit({
          repoPath: dir.resolve('repos/payments'),
          paths: ['docs/adr/0003-new.md'],
          commitMessage: 'x',
        }),
      ).rejects.toThrow(
        `repoPath '${dir.resolve(
          'repos/payments',
        )}' is not the repository of component:default/orders (${repo()}).`,
      );
      expect(
        fs.existsSync(dir.resolve('repos/payments/docs/adr/0003-new.md')),
      ).toBe(false);
    });

    it('an entity the initiator cannot see, or a malformed ref', async () => {
      const input = {
        repoPath: repo(),
        paths: ['docs/adr/0003-new.md'],
        commitMessage: 'x',
      };
      await expect(commit(input, false, [])).rejects.toThrow(
        "entityRef 'component:default/orders' is not in the catalog.",
      );
      await expect(
        commit({ ...input, entityRef: 'component:' }),
      ).rejects.toThrow(/entityRef 'component:' is not an entity reference/);
      expect(permissions.authorize).not.toHaveBeenCalled();
      expect((await git.log({ fs: fsSync, dir: repo() })).length).toBe(1);
    });

    it('a dry run writes nothing', async () => {
      const ctx = await commit(
        {
          repoPath: repo(),
          paths: ['docs/adr/0003-new.md'],
          commitMessage: 'x',
        },
        true,
      );
      expect(ctx.output).toHaveBeenCalledWith('commitHash', 'dry-run');
      expect(fs.existsSync(`${repo()}/docs/adr/0003-new.md`)).toBe(false);
    });
  });
});
