import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import { LocalPublishRoot } from './LocalPublishRoot';
import { createLocalAwareTextResolver } from './localTextPlaceholder';

describe('the $text placeholder for local repositories', () => {
  const dir = createMockDirectory();
  const resolver = () =>
    createLocalAwareTextResolver(new LocalPublishRoot(dir.resolve('repos')));
  const params = (value: unknown, baseUrl: string) => ({
    key: 'text',
    value: value as any,
    baseUrl,
    read: jest.fn(async (url: string) => Buffer.from(`read ${url}`)),
    resolveUrl: jest.fn((url: string, base: string) => new URL(url, base).href),
    emit: jest.fn(),
  });

  beforeEach(() => {
    dir.clear();
    dir.setContent({
      'repos/orders/catalog-info.yaml': 'kind: API',
      'repos/orders/openapi.yaml': 'openapi: 3.0.3',
      'repos/other/secret.yaml': 'secret',
      'elsewhere/catalog-info.yaml': 'kind: API',
      'elsewhere/openapi.yaml': 'openapi: 3.0.3',
    });
  });

  it('reads a relative file from the same local repository', async () => {
    const p = params(
      './openapi.yaml',
      dir.resolve('repos/orders/catalog-info.yaml'),
    );
    await expect(resolver()(p)).resolves.toBe('openapi: 3.0.3');
    expect(p.read).not.toHaveBeenCalled();
  });

  it.each([
    ['../other/secret.yaml', /leads outside it/],
    ['missing.yaml', /no such file/],
  ])('refuses %s', async (value, message) => {
    const p = params(value, dir.resolve('repos/orders/catalog-info.yaml'));
    await expect(resolver()(p)).rejects.toThrow(message);
  });

  it('refuses a symlink out of the repository', async () => {
    fs.symlinkSync(
      dir.resolve('repos/other/secret.yaml'),
      dir.resolve('repos/orders/link.yaml'),
    );
    const p = params(
      'link.yaml',
      dir.resolve('repos/orders/catalog-info.yaml'),
    );
    await expect(resolver()(p)).rejects.toThrow(/leads outside it/);
  });

  it('leaves other locations to the URL reader, as Backstage does', async () => {
    const url = params(
      './openapi.yaml',
      'https://github.com/acme/orders/blob/main/catalog-info.yaml',
    );
    await expect(resolver()(url)).resolves.toBe(
      'read https://github.com/acme/orders/blob/main/openapi.yaml',
    );
    expect(url.emit).toHaveBeenCalled();
    // A file location outside the publish root is not read from disk.
    const outside = params(
      './openapi.yaml',
      dir.resolve('elsewhere/catalog-info.yaml'),
    );
    outside.resolveUrl.mockImplementation(() => {
      throw new Error('could not form a URL');
    });
    await expect(resolver()(outside)).rejects.toThrow('could not form a URL');
    expect(outside.read).not.toHaveBeenCalled();
    await expect(
      resolver()(params(42, dir.resolve('repos/orders/catalog-info.yaml'))),
    ).rejects.toThrow(/expected a string/);
  });
});
