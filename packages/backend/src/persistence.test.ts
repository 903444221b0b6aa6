import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';

/*
 * The embedded default keeps what users create across a restart: the database
 * configured in app-config.yaml is SQLite in files, and a location registered
 * through the catalog API is still there after the backend starts again on the
 * same folder.
 */

const repoRoot = path.resolve(__dirname, '../../..');

function configuredDatabase() {
  const appConfig = parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
  );
  return appConfig.backend.database;
}

describe('the embedded database', () => {
  const dataDir = createMockDirectory();

  it('is SQLite in files, not in memory', () => {
    const database = configuredDatabase();
    expect(database.client).toBe('better-sqlite3');
    expect(database.connection).toEqual({ directory: expect.any(String) });
    expect(database.connection.directory).not.toMatch(/:memory:/);
  });

  it('keeps a registered location across a restart', async () => {
    const database = {
      ...configuredDatabase(),
      connection: { directory: dataDir.path },
    };
    const start = () =>
      startTestBackend({
        features: [
          catalogPlugin,
          mockServices.rootConfig.factory({
            data: { backend: { database }, catalog: { locations: [] } },
          }),
        ],
      });
    const auth = mockCredentials.user.header();
    // Only url locations may be registered through the API; nothing reads it here.
    const target =
      'https://git.example.com/payments/blob/main/catalog-info.yaml';

    const first = await start();
    try {
      const created = await request(first.server)
        .post('/api/catalog/locations')
        .set('authorization', auth)
        .send({ type: 'url', target });
      expect(created.status).toBe(201);
    } finally {
      await first.stop();
    }
    expect(fs.readdirSync(dataDir.path)).toContain('catalog.sqlite');

    const second = await start();
    try {
      const locations = await request(second.server)
        .get('/api/catalog/locations')
        .set('authorization', auth);
      expect(locations.status).toBe(200);
      expect(locations.body.map((l: any) => l.data.target)).toContain(target);
    } finally {
      await second.stop();
    }
  });
});
