import { UrlReaderService } from '@backstage/backend-plugin-api';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { AdrFolderReader } from './AdrFolderReader';
import { AdrSourceError } from './AdrFolderReader';

const config = {
  localRoots: [] as Array<{ path: string; key: string }>,
  maxFileBytes: 1024,
  maxFiles: 1000,
  maxDepth: 3,
};

const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'x', annotations },
  };
}

function readerOf(partial: Partial<UrlReaderService>): UrlReaderService {
  return {
    readUrl: jest.fn(),
    readTree: jest.fn(),
    search: jest.fn(),
    ...partial,
  };
}

function tree(files: Record<string, string>, etag = 'etag-1') {
  return {
    etag,
    files: async () =>
      Object.entries(files).map(([path, text]) => ({
        path,
        content: async () => Buffer.from(text),
      })),
    archive: jest.fn(),
    dir: jest.fn(),
  };
}

describe('AdrFolderReader', () => {
  describe('resolveFolder', () => {
    const reader = new AdrFolderReader({
      reader: readerOf({}),
      integrations,
      config,
    });

    it('takes an http(s) URL as is', () => {
      expect(
        reader.resolveFolder(
          entity({
            'golden-path.io/adr-location':
              'https://github.com/o/r/tree/main/docs/adr/',
          }),
        ),
      ).toEqual({
        type: 'url',
        url: 'https://github.com/o/r/tree/main/docs/adr',
        location: 'https://github.com/o/r/tree/main/docs/adr',
      });
    });

    it('resolves a relative path against a url location', () => {
      expect(
        reader.resolveFolder(
          entity({
            'golden-path.io/adr-location': 'docs/adr',
            'backstage.io/managed-by-location':
              'url:https://github.com/o/r/blob/main/catalog-info.yaml',
          }),
        ),
      ).toMatchObject({
        type: 'url',
        url: 'https://github.com/o/r/tree/main/docs/adr',
      });
    });

    it('resolves a relative path against a file location', () => {
      expect(
        reader.resolveFolder(
          entity({
            'golden-path.io/adr-location': '../adrs/x',
            'backstage.io/managed-by-location': 'file:/repo/catalog/x.yaml',
          }),
        ),
      ).toEqual({
        type: 'file',
        path: '/repo/adrs/x',
        location: 'file:/repo/adrs/x',
      });
    });

    it.each([
      [{ 'golden-path.io/adr-location': '' }, 'empty'],
      // eslint-disable-next-line no-script-url -- the hostile annotation under test
      [{ 'golden-path.io/adr-location': 'javascript:alert(1)' }, 'neither'],
      [
        { 'golden-path.io/adr-location': 'docs' },
        'no backstage.io/managed-by-location',
      ],
      [
        {
          'golden-path.io/adr-location': 'docs',
          'backstage.io/managed-by-location': 'github:o/r',
        },
        "of type 'github'",
      ],
    ])('refuses %j', (annotations, message) => {
      expect(() => reader.resolveFolder(entity(annotations))).toThrow(
        expect.objectContaining({
          name: 'AdrSourceError',
          message: expect.stringContaining(message),
        }),
      );
    });
  });

  describe('URL folders', () => {
    const folder = {
      type: 'url' as const,
      url: 'https://example.com/adrs',
      location: 'https://example.com/adrs',
    };

    it('reads ADR files with the ETag, skipping big and non-ADR files', async () => {
      const readTree = jest.fn(async (_url: string, options?: any) => {
        // What the filter lets through is what the reader would download.
        const all = {
          '0001-a.md': '# A\n\nStatus: accepted\n',
          'README.md': '# readme',
          'img.png': 'png',
          'deep/deeper/deepest/too/0002-deep.md': '# deep',
          '0003-big.md': 'x'.repeat(2000),
        };
        const kept = Object.fromEntries(
          Object.entries(all).filter(([path, text]) =>
            options.filter(
              path,
              path === '0003-big.md' ? { size: text.length } : undefined,
            ),
          ),
        );
        return tree(kept, 'etag-2');
      });
      const reader = new AdrFolderReader({
        reader: readerOf({ readTree }),
        integrations,
        config,
      });
      const result = await reader.readFolder(folder, 'etag-1');
      expect(readTree).toHaveBeenCalledWith(
        'https://example.com/adrs',
        expect.objectContaining({ etag: 'etag-1' }),
      );
      expect(result).toMatchObject({
        notModified: false,
        etag: 'etag-2',
        warnings: [
          {
            path: '0003-big.md',
            message:
              '0003-big.md is 2.0 KB, over the 1 KiB limit; it was skipped',
          },
        ],
      });
      if (result.notModified) throw new Error('unexpected');
      expect(result.files.map(f => [f.path, f.sourceLocation])).toEqual([
        ['0001-a.md', 'https://example.com/adrs/0001-a.md'],
      ]);
    });

    it('answers notModified on NotModifiedError', async () => {
      const reader = new AdrFolderReader({
        reader: readerOf({
          readTree: async () => {
            throw new NotModifiedError('same');
          },
        }),
        integrations,
        config,
      });
      expect(await reader.readFolder(folder, 'etag-1')).toEqual({
        notModified: true,
      });
    });

    it.each([
      [
        new NotFoundError('gone'),
        'ADR folder https://example.com/adrs does not exist',
      ],
      [
        new Error('socket hang up'),
        'ADR folder https://example.com/adrs could not be read: socket hang up',
      ],
    ])(
      'turns a reader error into a source error: %s',
      async (error, message) => {
        const reader = new AdrFolderReader({
          reader: readerOf({
            readTree: async () => {
              throw error;
            },
          }),
          integrations,
          config,
        });
        await expect(reader.readFolder(folder, null)).rejects.toEqual(
          new AdrSourceError(message),
        );
      },
    );

    it('skips files whose content turns out too big', async () => {
      const reader = new AdrFolderReader({
        reader: readerOf({
          readTree: async () => tree({ '0001-a.md': 'y'.repeat(5000) }) as any,
        }),
        integrations,
        config,
      });
      const result = await reader.readFolder(folder, null);
      expect(result).toMatchObject({
        files: [],
        warnings: [{ path: '0001-a.md' }],
      });
    });

    it('only reads referenced files inside the folder', async () => {
      const readUrl = jest.fn(async () => ({
        buffer: async () => Buffer.from('png'),
      }));
      const reader = new AdrFolderReader({
        reader: readerOf({ readUrl }),
        integrations,
        config,
      });
      expect((await reader.readFile(folder, 'img/a.png')).toString()).toBe(
        'png',
      );
      expect(readUrl).toHaveBeenCalledWith(
        'https://example.com/adrs/img/a.png',
      );
    });
  });

  describe('with the real UrlReaders and backend.reading.allow', () => {
    let server: http.Server;
    let requests = 0;
    let port = 0;

    beforeAll(async () => {
      server = http.createServer((_req, res) => {
        requests++;
        res.end('# ADR');
      });
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise(resolve => server.close(resolve));
    });

    const realReader = () =>
      new AdrFolderReader({
        reader: UrlReaders.default({
          config: new ConfigReader({
            backend: { reading: { allow: [{ host: 'example.com' }] } },
          }),
          logger: mockServices.logger.mock(),
        }),
        integrations,
        config,
      });

    it.each([
      'http://169.254.169.254/latest/meta-data',
      'http://127.0.0.1:PORT/adrs',
    ])('refuses %s without making a request', async template => {
      const url = template.replace('PORT', String(port));
      const error = await realReader()
        .readFolder({ type: 'url', url, location: url }, null)
        .catch(e => e);
      expect(error).toBeInstanceOf(AdrSourceError);
      expect(error.message).toContain(`ADR folder ${url} could not be read`);
      await expect(
        realReader().readFile({ type: 'url', url, location: url }, 'a.png'),
      ).rejects.toThrow();
      expect(requests).toBe(0);
    });
  });

  describe('local folders', () => {
    const dir = createMockDirectory();

    beforeEach(() => {
      dir.setContent({
        root: {
          adrs: {
            '0001-a.md': '# A',
            deep: { a: { b: { c: { '0002-deep.md': '# deep' } } } },
            'big.md': 'z'.repeat(4096),
          },
          'link-out': ({ symlink }) => symlink('../outside'),
        },
        outside: { '0001-x.md': '# X' },
      });
    });

    const localReader = (roots: string[], overrides = {}) =>
      new AdrFolderReader({
        reader: readerOf({}),
        integrations,
        config: {
          ...config,
          ...overrides,
          localRoots: roots.map(path => ({
            path,
            key: 'goldenPath.adr.localRoots',
          })),
        },
      });
    const local = (path: string) => ({
      type: 'file' as const,
      path,
      location: `file:${path}`,
    });

    it('reads inside a root, honouring depth and size limits', async () => {
      const result = await localReader([dir.resolve('root')]).readFolder(
        local(dir.resolve('root/adrs')),
        null,
      );
      if (result.notModified) throw new Error('unexpected');
      expect(result.files.map(f => f.path)).toEqual(['0001-a.md']);
      expect(result.warnings).toEqual([
        {
          path: 'big.md',
          message: 'big.md is 4.0 KB, over the 1 KiB limit; it was skipped',
        },
      ]);
    });

    it('caps the number of files with a warning', async () => {
      dir.addContent({ 'root/adrs/0003-more.md': '# more' });
      const result = await localReader([dir.resolve('root')], {
        maxFiles: 1,
      }).readFolder(local(dir.resolve('root/adrs')), null);
      if (result.notModified) throw new Error('unexpected');
      expect(result.files).toHaveLength(1);
      expect(result.warnings[0].message).toContain('goldenPath.adr.maxFiles');
    });

    it('refuses a folder outside the roots, naming it and the config key', async () => {
      await expect(
        localReader([dir.resolve('root')]).readFolder(
          local(dir.resolve('outside')),
          null,
        ),
      ).rejects.toThrow(
        `ADR folder ${dir.resolve(
          'outside',
        )} is outside the local folders the ADR backend may read (allowed by goldenPath.adr.localRoots: ${dir.resolve(
          'root',
        )})`,
      );
    });

    it('refuses everything when no root is configured', async () => {
      await expect(
        localReader([]).readFolder(local(dir.resolve('root/adrs')), null),
      ).rejects.toThrow('goldenPath.adr.localRoots is not set');
    });

    it('refuses a symlink that leaves the roots', async () => {
      await expect(
        localReader([dir.resolve('root')]).readFolder(
          local(dir.resolve('root/link-out')),
          null,
        ),
      ).rejects.toThrow(/is a symlink to .*outside/);
    });

    it('says when a folder does not exist', async () => {
      await expect(
        localReader([dir.resolve('root')]).readFolder(
          local(dir.resolve('root/nope')),
          null,
        ),
      ).rejects.toThrow(
        `ADR folder ${dir.resolve('root/nope')} does not exist`,
      );
    });
  });
});
