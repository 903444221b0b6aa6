import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import catalogModuleGoldenPath from '@golden-path/plugin-catalog-backend-module-golden-path';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import unprocessedEntities from '@backstage/plugin-catalog-backend-module-unprocessed';
import { parse, parseAllDocuments } from 'yaml';

/*
 * The catalog as the demo backend runs it, with the real catalog locations
 * from app-config.yaml, on every database the environment offers: SQLite
 * always, PostgreSQL when scripts/test.sh found one (it sets
 * BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING).
 */

const repoRoot = path.resolve(__dirname, '../../..');
const backendDir = path.resolve(__dirname, '..');
const fixtures = path.resolve(__dirname, '__fixtures__');

type Location = { type: string; target: string; rules?: unknown[] };

/** The catalog section of app-config.yaml, with file targets made absolute. */
function appCatalogConfig() {
  const appConfig = parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
  );
  const catalog = appConfig.catalog;
  return {
    ...catalog,
    locations: (catalog.locations as Location[]).map(location => ({
      ...location,
      target: path.resolve(backendDir, location.target),
    })),
  };
}

/** Every entity ref declared in the files a location glob names. */
function declaredEntityRefs(dir: string, fileFilter: (f: string) => boolean) {
  const refs: string[] = [];
  for (const file of fs.readdirSync(dir).filter(fileFilter)) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      const entity = doc.toJS();
      if (!entity) continue;
      const namespace = entity.metadata.namespace ?? 'default';
      refs.push(
        `${entity.kind}:${namespace}/${entity.metadata.name}`.toLowerCase(),
      );
    }
  }
  return refs;
}

async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string | (() => string),
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const description = typeof what === 'string' ? what : what();
      throw new Error(`timed out waiting for ${description}`);
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('catalog on %s', databaseId => {
  it('ingests every entity of catalog-info/ and templates/, and reports invalid files as processing errors', async () => {
    const knex = await databases.init(databaseId);
    const catalog = {
      ...appCatalogConfig(),
      processingInterval: { seconds: 2 },
    };
    catalog.locations.push(
      { type: 'file', target: path.join(fixtures, 'invalid', '*.yaml') },
      { type: 'file', target: path.join(fixtures, 'broken', '*.yaml') },
    );

    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        scaffolderEntityModel,
        unprocessedEntities,
        catalogModuleGoldenPath,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({ data: { catalog } }),
      ],
    });

    const server = backend.server;
    try {
      const auth = mockCredentials.user.header();
      const expected = [
        ...declaredEntityRefs(path.join(repoRoot, 'catalog-info'), f =>
          f.endsWith('.yaml'),
        ),
        ...fs
          .readdirSync(path.join(repoRoot, 'templates'))
          // A template folder without template.yaml is not in the catalog yet.
          .filter(t =>
            fs.existsSync(path.join(repoRoot, 'templates', t, 'template.yaml')),
          )
          .map(t => `template:default/${t}`),
        'component:default/fixture-valid-service',
      ];
      expect(expected.length).toBeGreaterThanOrEqual(10);

      let missing: string[] = [];
      const ingested = await waitFor(
        async () => {
          const res = await request(server)
            .get('/api/catalog/entities/by-query')
            .query({
              limit: 1000,
              fields: 'kind,metadata.name,metadata.namespace',
            })
            .set('authorization', auth);
          expect(res.status).toBe(200);
          const refs: string[] = res.body.items.map((e: any) =>
            `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase(),
          );
          missing = expected.filter(ref => !refs.includes(ref));
          return missing.length === 0 ? refs : undefined;
        },
        () => `every declared entity to be ingested; missing: ${missing}`,
      );
      expect(ingested).not.toContain('component:default/fixture-missing-owner');

      // With the Golden Path module, the example organisation has no errors
      // (only missing-metadata warnings): tiers and URLs are valid and every
      // owner exists. An owner from another location may be read after its
      // components on first start; the error clears on their next
      // processing (every 2 s here, 100-150 s by default).
      let errors: string[] = [];
      await waitFor(
        async () => {
          const res = await request(server)
            .get('/api/catalog/entities/by-query')
            .query({
              limit: 1000,
              fields: 'kind,metadata.name,metadata.namespace,status',
            })
            .set('authorization', auth);
          errors = res.body.items
            .flatMap((e: any) =>
              (e.status?.items ?? [])
                .filter((i: any) => i.level === 'error')
                .map((i: any) => String(i.message)),
            )
            .filter((m: string) => !m.includes('fixture-unknown-tier'));
          return errors.length === 0 ? true : undefined;
        },
        () => `no errors on valid entities; got: ${errors.join('; ')}`,
      );

      // Entities that never make it into the catalog are listed by the
      // unprocessed-entities module (the "Unprocessed entities" page) with
      // their processing errors.
      type Unprocessed = { name: string; messages: string[] };
      const unprocessed = async (): Promise<Unprocessed[]> => {
        const res = await request(server)
          .get('/api/catalog/entities/unprocessed/pending')
          .set('authorization', auth);
        expect(res.status).toBe(200);
        return res.body.entities.map((e: any) => ({
          name: e.unprocessed_entity.metadata.name,
          messages: (e.errors ?? []).map((err: any) => String(err.message)),
        }));
      };
      const reported = await waitFor(async () => {
        const all = await unprocessed();
        const messages = all.flatMap(u => u.messages);
        const ownerError = all.find(u => u.name === 'fixture-missing-owner')
          ?.messages[0];
        // A file that is not YAML is an error on the location that reads it
        // (Backstage then holds back that location's other entities), never
        // a crash.
        const yamlError = messages.find(m => m.includes('broken-yaml.yaml'));
        return ownerError && yamlError ? { ownerError, yamlError } : undefined;
      }, 'the invalid entity and the broken file to be reported');
      expect(reported.ownerError).toMatch(/owner/);
      expect(reported.yamlError).toMatch(/YAML error/);
    } finally {
      await backend.stop();
    }
  }, 120_000);
});
