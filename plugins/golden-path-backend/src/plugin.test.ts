import {
  createMockDirectory,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import git from 'isomorphic-git';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import goldenPathPlugin from '.';
import { CLONE_KEY_FILE } from './service/CloneUrlSigner';

const run = promisify(execFile);
const AUTHOR = { name: 'Ada Lovelace', email: 'ada@example.com' };

/** A repository like golden-path:publish:local makes: isomorphic-git, loose objects. */
async function makeRepository(
  dir: string,
  files: Record<string, string | Buffer>,
) {
  await git.init({ fs, dir, defaultBranch: 'main' });
  for (const [path, content] of Object.entries(files)) {
    fs.mkdirSync(join(dir, path, '..'), { recursive: true });
    fs.writeFileSync(join(dir, path), content);
    await git.add({ fs, dir, filepath: path });
  }
  await git.commit({
    fs,
    dir,
    message: 'Create orders from the Golden Path service template\n',
    author: { ...AUTHOR, timestamp: 1_790_000_000, timezoneOffset: 0 },
  });
}

function entity(name: string, location: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      title: `${name} service`,
      annotations: { 'backstage.io/managed-by-location': location },
    },
    spec: {
      type: 'service',
      owner: 'group:default/team-a',
      lifecycle: 'production',
    },
  };
}

/** git, with no user or system config. */
function gitCli(args: string[], cwd: string) {
  return run('git', args, {
    cwd,
    env: {
      ...process.env,
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
    },
  });
}

describe('the golden-path backend plugin: repositories', () => {
  const dir = createMockDirectory();
  let backend: TestBackend;
  const root = () => dir.resolve('repos');

  beforeAll(async () => {
    dir.setContent({ repos: {}, work: {}, elsewhere: {} });
    await makeRepository(join(root(), 'orders'), {
      'catalog-info.yaml': 'kind: Component\n',
      'README.md': '# Orders\n',
      'src/server.ts': 'export const port = 8080;\n',
      'docs/adr/0001-record.md': '# 1. Record decisions\n',
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]),
    });
    // A second branch, as an upgrade would leave it.
    const orders = join(root(), 'orders');
    await git.branch({
      fs,
      dir: orders,
      ref: 'golden-path/upgrade-v2',
      checkout: true,
    });
    fs.writeFileSync(
      join(orders, 'src/server.ts'),
      'export const port = 9090;\n',
    );
    await git.add({ fs, dir: orders, filepath: 'src/server.ts' });
    await git.commit({
      fs,
      dir: orders,
      message: 'Upgrade to v2',
      author: { ...AUTHOR, timestamp: 1_790_000_100, timezoneOffset: 0 },
    });
    await git.checkout({ fs, dir: orders, ref: 'main' });
    // A packed repository (git gc), with an annotated tag.
    const packed = join(root(), 'payments');
    await makeRepository(packed, { 'catalog-info.yaml': 'kind: Component\n' });
    await gitCli(
      [
        '-c',
        'user.name=A',
        '-c',
        'user.email=a@b.c',
        'tag',
        '-a',
        'v1',
        '-m',
        'v1',
      ],
      packed,
    );
    await gitCli(['gc', '--quiet'], packed);
    // A folder that leads out of the root, to a real repository.
    await makeRepository(dir.resolve('elsewhere/real'), { 'x.txt': 'x' });
    fs.symlinkSync(dir.resolve('elsewhere/real'), join(root(), 'linked'));
    // Not a git repository.
    fs.mkdirSync(join(root(), 'plain'));
    fs.writeFileSync(join(root(), 'plain', 'catalog-info.yaml'), 'x');

    backend = await startTestBackend({
      features: [
        goldenPathPlugin,
        catalogServiceMock.factory({
          entities: [
            entity(
              'orders',
              `file:${join(root(), 'orders', 'catalog-info.yaml')}`,
            ),
            entity(
              'payments',
              `file:${join(root(), 'payments', 'catalog-info.yaml')}`,
            ),
            entity(
              'plain',
              `file:${join(root(), 'plain', 'catalog-info.yaml')}`,
            ),
            entity(
              'linked',
              `file:${join(root(), 'linked', 'catalog-info.yaml')}`,
            ),
            entity(
              'outside',
              `file:${dir.resolve('elsewhere/catalog-info.yaml')}`,
            ),
            entity(
              'remote',
              'url:https://github.com/acme/remote/blob/main/catalog-info.yaml',
            ),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            goldenPath: { scaffolder: { localPublishRoot: root() } },
          },
        }),
      ],
    });
  });

  afterAll(() => backend?.stop());

  const api = (path: string) =>
    request(backend.server).get(`/api/golden-path${path}`);
  const ORDERS = '/entities/component/default/orders/repository';

  it('summarises the repository of a scaffolded entity, with a signed clone URL', async () => {
    const res = await api(ORDERS);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'orders',
      defaultBranch: 'main',
      branches: ['golden-path/upgrade-v2', 'main'],
      head: {
        message: 'Create orders from the Golden Path service template',
        author: 'Ada Lovelace',
        date: new Date(1_790_000_000 * 1000).toISOString(),
      },
    });
    expect(res.body.head.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(res.body.cloneUrl).toMatch(
      /^http:\/\/localhost:\d+\/api\/golden-path\/git\/[0-9a-z]+-[\w-]{43}\/orders\.git$/,
    );
    const expires = Date.parse(res.body.cloneUrlExpiresAt) - Date.now();
    expect(expires).toBeGreaterThan(29 * 24 * 3600_000);
    expect(expires).toBeLessThan(31 * 24 * 3600_000);
    // The key sits beside the repositories, readable by the backend only.
    expect(fs.statSync(join(root(), CLONE_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('lists a folder: folders first, then files by name whatever their case', async () => {
    const res = await api(`${ORDERS}/tree`);
    expect(res.status).toBe(200);
    expect(
      res.body.entries.map(
        (e: { name: string; type: string }) => `${e.type}:${e.name}`,
      ),
    ).toEqual([
      'folder:docs',
      'folder:src',
      'file:catalog-info.yaml',
      'file:logo.png',
      'file:README.md',
    ]);
    const sub = await api(`${ORDERS}/tree?path=docs/adr`);
    expect(sub.body.entries).toEqual([
      { name: '0001-record.md', path: 'docs/adr/0001-record.md', type: 'file' },
    ]);
  });

  it('reads a file at a branch; binary files by size only', async () => {
    const main = await api(`${ORDERS}/file?path=src/server.ts`);
    expect(main.body).toEqual({
      path: 'src/server.ts',
      size: 26,
      binary: false,
      truncated: false,
      text: 'export const port = 8080;\n',
    });
    const upgrade = await api(
      `${ORDERS}/file?path=src/server.ts&branch=golden-path/upgrade-v2`,
    );
    expect(upgrade.body.text).toBe('export const port = 9090;\n');
    const logo = await api(`${ORDERS}/file?path=logo.png`);
    expect(logo.body).toEqual({
      path: 'logo.png',
      size: 8,
      binary: true,
      truncated: false,
    });
  });

  it.each([
    [
      `${ORDERS}/file?path=../payments/catalog-info.yaml`,
      400,
      "path '../payments/catalog-info.yaml' is not a path inside the repository",
    ],
    [
      `${ORDERS}/file?path=/etc/passwd`,
      400,
      'is not a path inside the repository',
    ],
    [`${ORDERS}/file?path=src`, 400, "'src' is a folder, not a file."],
    [
      `${ORDERS}/tree?path=README.md`,
      400,
      "'README.md' is a file, not a folder.",
    ],
    [`${ORDERS}/file?path=nope.ts`, 404, "There is no file 'nope.ts'."],
    [`${ORDERS}/tree?path=nope`, 404, "There is no folder 'nope'."],
    [`${ORDERS}/file`, 400, "Invalid query parameter 'path'"],
    [`${ORDERS}/file?path=a&ref=main`, 400, "Unknown query parameter 'ref'"],
    [
      `${ORDERS}/tree?branch=develop`,
      404,
      "The repository 'orders' has no branch 'develop'.",
    ],
    [
      `${ORDERS}?branch=-x`,
      400,
      "Invalid query parameter 'branch': is not a branch name",
    ],
    [
      '/entities/component/default/missing/repository',
      404,
      'The catalog has no entity component:default/missing.',
    ],
    [
      '/entities/component/default/outside/repository',
      404,
      "outside service was not created by the portal's templates",
    ],
    [
      '/entities/component/default/remote/repository/tree',
      404,
      "remote service was not created by the portal's templates",
    ],
    [
      '/entities/component/default/linked/repository/tree',
      404,
      "linked service was not created by the portal's templates",
    ],
    [
      '/entities/component/default/plain/repository',
      404,
      "The repository 'plain' is not in the portal's repository folder.",
    ],
  ])('GET %s answers %i naming the problem', async (path, status, message) => {
    const res = await api(path);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toContain(message);
  });

  it('needs a signed-in caller for the file view', async () => {
    const res = await request(backend.server)
      .get(`/api/golden-path${ORDERS}/tree`)
      .set('Authorization', 'Bearer not-a-token');
    expect(res.status).toBe(401);
  });

  describe('clone URLs (git dumb HTTP transport)', () => {
    const cloneUrl = async (name: string) => {
      const res = await api(`/entities/component/default/${name}/repository`);
      return res.body.cloneUrl as string;
    };

    it('clones a repository of loose objects, every branch included', async () => {
      const target = dir.resolve('work/orders');
      await gitCli(
        ['clone', '--quiet', await cloneUrl('orders'), target],
        dir.resolve('work'),
      );
      expect(fs.readFileSync(join(target, 'src/server.ts'), 'utf8')).toBe(
        'export const port = 8080;\n',
      );
      expect(fs.readFileSync(join(target, 'logo.png'))).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]),
      );
      const { stdout } = await gitCli(['branch', '-r'], target);
      expect(
        stdout
          .split('\n')
          .map(l => l.trim())
          .filter(Boolean),
      ).toEqual([
        'origin/HEAD -> origin/main',
        'origin/golden-path/upgrade-v2',
        'origin/main',
      ]);
      // And it fetches again (git pull) with the same URL.
      await gitCli(['fetch', '--quiet'], target);
    });

    it('clones a packed repository with an annotated tag', async () => {
      const target = dir.resolve('work/payments');
      await gitCli(
        ['clone', '--quiet', await cloneUrl('payments'), target],
        dir.resolve('work'),
      );
      const { stdout } = await gitCli(['tag', '--list'], target);
      expect(stdout.trim()).toBe('v1');
      expect(fs.existsSync(join(target, 'catalog-info.yaml'))).toBe(true);
    });

    it('refuses a token of another repository, a tampered or expired token, and anything but refs and objects', async () => {
      const orders = await cloneUrl('orders');
      const token = orders.split('/git/')[1].split('/')[0];
      const base = `/api/golden-path/git`;
      const get = (path: string) =>
        request(backend.server).get(`${base}/${path}`);
      expect((await get(`${token}/orders.git/info/refs`)).status).toBe(200);
      expect((await get(`${token}/orders.git/HEAD`)).text).toBe(
        'ref: refs/heads/main\n',
      );
      // The payments token is not the orders token.
      expect((await get(`${token}/payments.git/info/refs`)).status).toBe(404);
      const tampered = `${token.slice(0, -1)}${
        token.endsWith('A') ? 'B' : 'A'
      }`;
      expect((await get(`${tampered}/orders.git/info/refs`)).status).toBe(404);
      const [, mac] = token.split('-');
      expect((await get(`1-${mac}/orders.git/info/refs`)).status).toBe(404);
      for (const path of [
        'config',
        'index',
        'hooks/pre-commit.sample',
        'objects/../config',
        'objects/info/../../config',
        'description',
        'refs/heads/main',
        'packed-refs',
      ]) {
        expect({
          path,
          status: (await get(`${token}/orders.git/${path}`)).status,
        }).toEqual({ path, status: 404 });
      }
    });
  });
});
