import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import fs from 'node:fs';
import path from 'node:path';
import { LocalPublishRoot } from '../LocalPublishRoot';
import { createPublishLocalAction } from './publishLocal';

describe('golden-path:publish:local', () => {
  const workspace = createMockDirectory();
  const rootDir = createMockDirectory();
  let root: string;
  const run = async (input: Record<string, any>, isDryRun = false) => {
    const ctx = {
      ...createMockActionContext({ input, workspacePath: workspace.path }),
      isDryRun,
    };
    await createPublishLocalAction({
      publishRoot: new LocalPublishRoot(root),
    }).handler(ctx as any);
    return ctx;
  };
  /** What the root holds: nothing half-written may stay. */
  const rootEntries = () =>
    fs.existsSync(root) ? fs.readdirSync(root).sort() : [];

  beforeEach(() => {
    workspace.clear();
    rootDir.clear();
    root = rootDir.resolve('repos');
    workspace.setContent({
      'catalog-info.yaml': 'kind: Component\n',
      'src/index.ts': 'export {};\n',
      'scripts/run.sh': '#!/bin/sh\necho hi\n',
      '.github/workflows/ci.yml': 'on: push\n',
      '.git/HEAD': 'ref: refs/heads/old\n',
    });
    fs.chmodSync(workspace.resolve('scripts/run.sh'), 0o755);
  });

  it('publishes the workspace as a git repo whose HEAD commit holds every file', async () => {
    fs.symlinkSync('../catalog-info.yaml', workspace.resolve('src/link.yaml'));
    const ctx = await run({
      repoName: 'orders',
      commitMessage: 'Create orders',
      gitAuthorName: 'Jane',
      gitAuthorEmail: 'jane@example.com',
    });
    const repoPath = path.join(root, 'orders');
    const commitHash = await git.resolveRef({
      fs,
      dir: repoPath,
      ref: 'HEAD',
    });
    expect(ctx.output).toHaveBeenCalledWith('repoPath', repoPath);
    expect(ctx.output).toHaveBeenCalledWith('remoteUrl', `file://${repoPath}`);
    expect(ctx.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      `file://${repoPath}`,
    );
    expect(ctx.output).toHaveBeenCalledWith('commitHash', commitHash);
    expect(await git.currentBranch({ fs, dir: repoPath })).toBe('main');
    const files = await git.listFiles({ fs, dir: repoPath, ref: 'HEAD' });
    expect(files.sort()).toEqual([
      '.github/workflows/ci.yml',
      'catalog-info.yaml',
      'scripts/run.sh',
      'src/index.ts',
      'src/link.yaml',
    ]);
    const [commit] = await git.log({ fs, dir: repoPath });
    expect(commit.commit.message).toBe('Create orders\n');
    expect(commit.commit.author).toMatchObject({
      name: 'Jane',
      email: 'jane@example.com',
    });
    expect(fs.readlinkSync(path.join(repoPath, 'src/link.yaml'))).toBe(
      '../catalog-info.yaml',
    );
    expect(
      fs.statSync(path.join(repoPath, 'scripts/run.sh')).mode & 0o111,
    ).not.toBe(0);
    // The workspace's own .git is not copied: the repo has a fresh history.
    expect(fs.readFileSync(path.join(repoPath, '.git/HEAD'), 'utf8')).toBe(
      'ref: refs/heads/main\n',
    );
    expect(rootEntries()).toEqual(['orders']);
  });

  it('publishes a sub-folder on another branch', async () => {
    await run({
      repoName: 'src-only',
      sourcePath: 'src',
      defaultBranch: 'trunk',
    });
    const dir = path.join(root, 'src-only');
    expect(await git.currentBranch({ fs, dir })).toBe('trunk');
    expect(await git.listFiles({ fs, dir, ref: 'HEAD' })).toEqual(['index.ts']);
  });

  it('writes nothing in a dry run', async () => {
    const ctx = await run({ repoName: 'orders' }, true);
    expect(ctx.output).toHaveBeenCalledWith('commitHash', 'dry-run');
    expect(fs.existsSync(root)).toBe(false);
  });

  it('never overwrites an existing target', async () => {
    rootDir.setContent({ 'repos/orders/keep.txt': 'mine' });
    await expect(run({ repoName: 'orders' })).rejects.toThrow(
      /repoName 'orders': the portal already has a repository of that name; it is never overwritten/,
    );
    expect(fs.readFileSync(path.join(root, 'orders/keep.txt'), 'utf8')).toBe(
      'mine',
    );
  });

  it.each([['../x'], ['/abs'], [''], ['.hidden'], ['a/b'], ['..']])(
    'refuses the repoName %p',
    async repoName => {
      await expect(run({ repoName })).rejects.toThrow(
        /^repoName '.*' is not a plain folder name/,
      );
      expect(rootEntries()).toEqual([]);
    },
  );

  it('refuses a repoName that is a symlink leading out of the root', async () => {
    const outside = createMockDirectory();
    fs.mkdirSync(root);
    fs.symlinkSync(outside.resolve('target'), path.join(root, 'escape'));
    await expect(run({ repoName: 'escape' })).rejects.toThrow(
      /repoName 'escape' resolves to a folder outside/,
    );
  });

  it.each([
    ['../outside', /sourcePath '\.\.\/outside' leads outside the workspace/],
    ['/etc', /sourcePath '\/etc' is absolute/],
    ['missing', /sourcePath 'missing' is not a folder in the workspace/],
  ])('refuses the sourcePath %p', async (sourcePath, message) => {
    await expect(run({ repoName: 'orders', sourcePath })).rejects.toThrow(
      message,
    );
  });

  describe('symlinks in the workspace', () => {
    const outside = createMockDirectory();
    beforeEach(() => outside.setContent({ 'secret.txt': 'secret' }));

    it.each([
      [
        'a symlink out of the workspace',
        () =>
          fs.symlinkSync(
            path.relative(
              workspace.resolve('src'),
              outside.resolve('secret.txt'),
            ),
            workspace.resolve('src/secret.txt'),
          ),
        /the symlink 'src\/secret\.txt' points outside the copied folder/,
      ],
      [
        'an absolute symlink',
        () =>
          fs.symlinkSync(
            workspace.resolve('catalog-info.yaml'),
            workspace.resolve('abs.yaml'),
          ),
        /the symlink 'abs\.yaml' has an absolute target/,
      ],
      [
        'a symlink chain that ends outside',
        () => {
          fs.symlinkSync(
            outside.resolve('secret.txt'),
            workspace.resolve('hop'),
          );
          fs.symlinkSync('hop', workspace.resolve('chain'));
        },
        /the symlink '(chain|hop)'/,
      ],
      [
        'a dangling symlink',
        () => fs.symlinkSync('missing.txt', workspace.resolve('dangling')),
        /the symlink 'dangling' is dangling/,
      ],
      [
        'a symlink loop',
        () => {
          fs.symlinkSync('loop-b', workspace.resolve('loop-a'));
          fs.symlinkSync('loop-a', workspace.resolve('loop-b'));
        },
        /the symlink 'loop-a' is part of a loop/,
      ],
    ])('refuses %s and leaves nothing behind', async (_what, link, message) => {
      link();
      await expect(run({ repoName: 'orders' })).rejects.toThrow(message);
      expect(rootEntries()).toEqual([]);
    });

    it('refuses a link in a sub-folder that leads to the rest of the workspace', async () => {
      fs.symlinkSync('../catalog-info.yaml', workspace.resolve('src/up.yaml'));
      await expect(
        run({ repoName: 'orders', sourcePath: 'src' }),
      ).rejects.toThrow(
        /sourcePath 'src': the symlink 'up\.yaml' points outside/,
      );
    });
  });

  it('refuses a root that is a regular file', async () => {
    rootDir.setContent({ repos: 'a file' });
    await expect(run({ repoName: 'orders' })).rejects.toThrow(
      /local publish root .* is not a folder/,
    );
  });

  it.each([
    [
      { defaultBranch: 'a..b' },
      /defaultBranch 'a\.\.b' is not a valid git branch name/,
    ],
    [{ defaultBranch: '-x' }, /defaultBranch '-x'/],
    [
      { gitAuthorEmail: 'nope' },
      /gitAuthorEmail 'nope' is not an email address/,
    ],
    [{ gitAuthorName: 'a <b>' }, /gitAuthorName 'a <b>'/],
  ])('refuses %p', async (extra, message) => {
    await expect(run({ repoName: 'orders', ...extra })).rejects.toThrow(
      message,
    );
    expect(rootEntries()).toEqual([]);
  });

  it('removes the staging folder when the commit fails', async () => {
    const spy = jest
      .spyOn(git, 'commit')
      .mockRejectedValueOnce(new Error('disk full'));
    await expect(run({ repoName: 'orders' })).rejects.toThrow(
      "Publishing repoName 'orders' to",
    );
    expect(rootEntries()).toEqual([]);
    spy.mockRestore();
  });
});
