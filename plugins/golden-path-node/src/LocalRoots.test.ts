import { createMockDirectory } from '@backstage/backend-test-utils';
import { LocalRoots, LocalRootsError } from './LocalRoots';

describe('LocalRoots', () => {
  const dir = createMockDirectory();

  beforeEach(() => {
    dir.setContent({
      root: {
        'slo.yaml': 'apiVersion: openslo/v1',
        'big.yaml': 'x'.repeat(2048),
        docs: {
          'a.md': '# a',
          '.hidden.md': 'h',
          node_modules: { 'b.md': 'b' },
          deep: { 'c.md': 'c' },
          'link-in.md': ({ symlink }) => symlink('a.md'),
          'link-out.md': ({ symlink }) => symlink('../../outside/x.md'),
          'dangling.md': ({ symlink }) => symlink('nope.md'),
        },
        'link-out': ({ symlink }) => symlink('../outside'),
        'file-link-out.yaml': ({ symlink }) => symlink('../outside/x.md'),
        'chain.yaml': ({ symlink }) => symlink('chain2.yaml'),
        'chain2.yaml': ({ symlink }) => symlink('../outside/x.md'),
      },
      outside: { 'x.md': 'secret' },
    });
  });

  const roots = (paths: string[]) =>
    new LocalRoots({
      roots: paths.map(path => ({ path, key: 'goldenPath.slo.localRoots' })),
      what: 'OpenSLO file',
      reader: 'the SLO backend',
      rootsKey: 'goldenPath.slo.localRoots',
    });

  describe('resolveFile', () => {
    it('answers the real path and size of a file inside a root', async () => {
      expect(
        await roots([dir.resolve('root')]).resolveFile(
          dir.resolve('root/slo.yaml'),
          { maxBytes: 1024 },
        ),
      ).toEqual({ realPath: dir.resolve('root/slo.yaml'), size: 22 });
    });

    it.each([
      [
        'outside',
        'outside/x.md',
        /^OpenSLO file .*outside\/x.md is outside the local folders the SLO backend may read \(allowed by goldenPath.slo.localRoots: .*root\)$/,
      ],
      ['traversal', 'root/../outside/x.md', /is outside the local folders/],
      ['a symlink out', 'root/file-link-out.yaml', /is a symlink to .*outside/],
      ['a symlink chain out', 'root/chain.yaml', /is a symlink to .*outside/],
      ['missing', 'root/nope.yaml', /nope.yaml does not exist$/],
      ['a folder', 'root/docs', /docs is not a file$/],
      [
        'too big',
        'root/big.yaml',
        /is 2048 bytes, over the limit of 1024 bytes/,
      ],
    ])('refuses %s', async (_name, path, message) => {
      const error = await roots([dir.resolve('root')])
        .resolveFile(dir.resolve(path), { maxBytes: 1024 })
        .catch(e => e);
      expect(error).toBeInstanceOf(LocalRootsError);
      expect(error.message).toMatch(message);
    });

    it('refuses everything when no root is configured, naming the key', async () => {
      await expect(
        roots([]).resolveFile(dir.resolve('root/slo.yaml'), { maxBytes: 10 }),
      ).rejects.toThrow(
        'goldenPath.slo.localRoots is not set, so no local folder may be read',
      );
    });
  });

  describe('resolveFolder and listFiles', () => {
    it('lists files depth first, following only symlinks inside the folder', async () => {
      const localRoots = roots([dir.resolve('root')]);
      const folder = await localRoots.resolveFolder(dir.resolve('root/docs'));
      const skipped: Array<[string, string]> = [];
      const files = await localRoots.listFiles(folder, {
        maxDepth: 1,
        include: path => path.endsWith('.md'),
        onSkip: (path, message) => skipped.push([path, message]),
      });
      expect(files.map(f => f.path)).toEqual(['a.md', 'link-in.md']);
      expect(skipped).toEqual([
        ['dangling.md', 'the file does not exist (or is a dangling symlink)'],
        [
          'link-out.md',
          'the file is a symlink to a place outside the OpenSLO file; skipped',
        ],
      ]);
      expect(
        (
          await localRoots.listFiles(folder, {
            maxDepth: 2,
            include: () => true,
            onSkip: () => {},
          })
        ).map(f => f.path),
      ).toContain('deep/c.md');
    });

    it('refuses a folder symlink out of the roots and a file as folder', async () => {
      const localRoots = roots([dir.resolve('root')]);
      await expect(
        localRoots.resolveFolder(dir.resolve('root/link-out')),
      ).rejects.toThrow(/is a symlink to .*outside/);
      await expect(
        localRoots.resolveFolder(dir.resolve('root/slo.yaml')),
      ).rejects.toThrow(/is not a folder$/);
    });

    it('realFileInside refuses a path outside the folder', async () => {
      const localRoots = roots([dir.resolve('root')]);
      expect(
        await localRoots.realFileInside(
          dir.resolve('root/docs'),
          dir.resolve('outside/x.md'),
        ),
      ).toBe('the path is outside the OpenSLO file');
    });
  });
});
