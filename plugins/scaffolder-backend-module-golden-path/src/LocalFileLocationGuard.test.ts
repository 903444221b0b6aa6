import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { LocalFileLocationGuard } from './LocalFileLocationGuard';
import { LocalPublishRoot } from './LocalPublishRoot';

describe('LocalFileLocationGuard', () => {
  const dir = createMockDirectory();
  const outside = createMockDirectory();
  const guard = () =>
    LocalFileLocationGuard.fromConfig(
      new ConfigReader({
        catalog: {
          locations: [
            { type: 'file', target: dir.resolve('org/*.yaml') },
            { type: 'file', target: dir.resolve('templates/*/template.yaml') },
            { type: 'url', target: 'https://example.com/x.yaml' },
          ],
        },
      }),
      new LocalPublishRoot(dir.resolve('repos')),
    );

  beforeEach(() => {
    dir.setContent({ 'repos/orders/catalog-info.yaml': 'x', org: {} });
    outside.setContent({ 'x.yaml': 'x' });
  });

  it('allows files under the publish root and the configured folders', () => {
    const g = guard();
    expect(g.allows(dir.resolve('repos/orders/catalog-info.yaml'))).toBe(true);
    expect(g.allows(dir.resolve('org/groups.yaml'))).toBe(true);
    expect(g.allows(dir.resolve('org/*.yaml'))).toBe(true);
    expect(g.allows(dir.resolve('templates/a/template.yaml'))).toBe(true);
  });

  it('refuses everything else: outside, traversal, globs, symlinks, the root itself', () => {
    const g = guard();
    fs.symlinkSync(outside.path, dir.resolve('repos/escape'));
    expect(g.allows('/etc/passwd')).toBe(false);
    expect(g.allows(outside.resolve('x.yaml'))).toBe(false);
    expect(g.allows(dir.resolve('repos/../secret.yaml'))).toBe(false);
    expect(g.allows(dir.resolve('repos/*/catalog-info.yaml'))).toBe(false);
    expect(g.allows(dir.resolve('repos/escape/x.yaml'))).toBe(false);
    expect(g.allows(dir.resolve('repos'))).toBe(false);
    expect(g.allows(path.join(dir.path, 'org2/x.yaml'))).toBe(false);
  });

  it('reports a refused file location and leaves others to the catalog', async () => {
    const g = guard();
    const emit = jest.fn();
    const target = outside.resolve('x.yaml');
    await expect(
      g.readLocation({ type: 'file', target }, false, emit),
    ).resolves.toBe(true);
    expect(emit).toHaveBeenCalledWith(
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({
          message: expect.stringContaining(
            `file location ${target} is outside`,
          ),
        }),
      }),
    );
    await expect(
      g.readLocation(
        { type: 'file', target: dir.resolve('repos/orders/catalog-info.yaml') },
        false,
        emit,
      ),
    ).resolves.toBe(false);
    await expect(
      g.readLocation({ type: 'url', target: 'https://x' }, false, emit),
    ).resolves.toBe(false);
    expect(g.getPriority()).toBeLessThan(20);
  });

  it('refuses an empty publish root setting at start-up, naming the key', () => {
    expect(() =>
      LocalPublishRoot.fromConfig(
        new ConfigReader({
          goldenPath: { scaffolder: { localPublishRoot: ' ' } },
        }),
      ),
    ).toThrow('Invalid config goldenPath.scaffolder.localPublishRoot');
    expect(
      LocalPublishRoot.fromConfig(new ConfigReader({}), '/srv/backend').path,
    ).toBe('/srv/backend/.data/repos');
    expect(
      LocalPublishRoot.fromConfig(
        new ConfigReader({
          goldenPath: { scaffolder: { localPublishRoot: '../repos' } },
        }),
        '/srv/backend',
      ).path,
    ).toBe('/srv/repos');
  });
});
