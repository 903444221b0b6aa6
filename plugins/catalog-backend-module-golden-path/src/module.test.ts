import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import unprocessedEntities from '@backstage/plugin-catalog-backend-module-unprocessed';
import request from 'supertest';
import catalogModuleGoldenPath from '.';

const header = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
`;
const spec = (lifecycle = 'production') => `spec:
  type: service
  lifecycle: ${lifecycle}
  owner: group:team-a
`;

/** One file per entity, so one broken file does not hold back the others. */
const files: Record<string, string> = {
  'good.yaml': `${header}  name: good
  annotations:
    golden-path.io/tier: important
    golden-path.io/on-call: Team A primary
    golden-path.io/runbook: https://runbooks.example.com/good
${spec()}`,
  'unknown-tier.yaml': `${header}  name: unknown-tier
  annotations:
    golden-path.io/tier: platinum
    golden-path.io/on-call: https://oncall.example.com/a
    golden-path.io/runbook: https://runbooks.example.com/a
${spec()}`,
  'bad-runbook.yaml': `${header}  name: bad-runbook
  annotations:
    golden-path.io/tier: standard
    golden-path.io/on-call: https://oncall.example.com/a
    golden-path.io/runbook: see the wiki
${spec()}`,
  'huge-annotation.yaml': `${header}  name: huge-annotation
  annotations:
    golden-path.io/tier: standard
    golden-path.io/on-call: https://oncall.example.com/a
    golden-path.io/runbook: https://runbooks.example.com/${'x'.repeat(10_000)}
${spec()}`,
  // The probe of issue 17: a 1 MB annotation grew a catalog page tenfold.
  'oversized.yaml': `${header}  name: oversized
  annotations:
    golden-path.io/tier: standard
    golden-path.io/on-call: https://oncall.example.com/a
    golden-path.io/runbook: https://runbooks.example.com/a
    example.com/blob: ${'b'.repeat(1 << 20)}
${spec()}`,
  'missing-metadata.yaml': `${header}  name: missing-metadata
${spec()}`,
  'experimental.yaml': `${header}  name: experimental
${spec('experimental')}`,
  'wrong-api-version.yaml': `apiVersion: backstage.io/v9
kind: Component
metadata:
  name: wrong-api-version
${spec()}`,
  'malformed.yaml': `${header}  name: [malformed\n`,
  'unknown-owner.yaml': `${header}  name: unknown-owner
  annotations:
    golden-path.io/tier: standard
    golden-path.io/on-call: https://oncall.example.com/a
    golden-path.io/runbook: https://runbooks.example.com/a
spec:
  type: service
  lifecycle: production
  owner: group:team-gone
`,
  // Last, so components are often processed before their owner exists as an
  // entity: the owner check must not depend on processing order.
  'team-a.yaml': `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-a
spec:
  type: team
  children: []
`,
};

/**
 * A component whose annotations, labels and description measure exactly
 * `bytes` as the processor sees them: with the two location annotations
 * Backstage adds before any module processor runs.
 */
function sizedComponent(name: string, file: string, bytes: number) {
  const location = `file:${file}`;
  const annotations = {
    'backstage.io/managed-by-location': location,
    'backstage.io/managed-by-origin-location': location,
    'example.com/pad': '',
  };
  const pad = bytes - JSON.stringify({ annotations }).length;
  return {
    pad,
    yaml: `${header}  name: ${name}
  annotations:
    example.com/pad: ${'x'.repeat(pad)}
${spec('experimental')}`,
  };
}

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'catalogModuleGoldenPath on %s',
  databaseId => {
    const dir = createMockDirectory();

    it('validates Golden Path metadata on ingestion and keeps every entity', async () => {
      const atLimit = sizedComponent(
        'at-limit',
        dir.resolve('at-limit.yaml'),
        65536,
      );
      const overLimit = sizedComponent(
        'over-limit',
        dir.resolve('over-limit.yaml'),
        65537,
      );
      const allFiles = {
        ...files,
        'at-limit.yaml': atLimit.yaml,
        'over-limit.yaml': overLimit.yaml,
      };
      dir.setContent(allFiles);
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          mockServices.database.factory({ knex }),
          catalogPlugin,
          catalogModuleGoldenPath,
          unprocessedEntities,
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                processingInterval: { seconds: 1 },
                rules: [{ allow: ['Component', 'Group'] }],
                locations: Object.keys(allFiles).map(file => ({
                  type: 'file',
                  target: dir.resolve(file),
                })),
              },
            },
          }),
        ],
      });

      try {
        const auth = mockCredentials.user.header();
        const expected = [
          'good',
          'unknown-tier',
          'bad-runbook',
          'huge-annotation',
          'oversized',
          'at-limit',
          'over-limit',
          'missing-metadata',
          'experimental',
          'unknown-owner',
        ];
        const fetchComponents = async (): Promise<any[]> => {
          const res = await request(backend.server)
            .get('/api/catalog/entities/by-query')
            .query({ filter: 'kind=component', limit: 100 })
            .set('authorization', auth);
          return res.body.items ?? [];
        };
        let entities: any[] = [];
        for (let i = 0; i < 300; i++) {
          entities = await fetchComponents();
          const names = new Set(entities.map(e => e.metadata.name));
          // Each file is its own location, so a component may be processed
          // before the location holding its group has been read: that owner
          // error clears on the next processing (every second here).
          const settled = !JSON.stringify(entities).includes(
            'refers to group:default/team-a,',
          );
          if (expected.every(n => names.has(n)) && settled) break;
          await new Promise(r => setTimeout(r, 100));
        }
        const byName = (name: string) =>
          entities.find(e => e.metadata.name === name);
        const items = (name: string) =>
          (byName(name)?.status?.items ?? []).map((i: any) => ({
            type: i.type,
            level: i.level,
            message: i.message,
          }));

        // Every entity with Golden Path findings is kept in the catalog.
        expect(entities.map(e => e.metadata.name).sort()).toEqual(
          [...expected].sort(),
        );

        expect(items('good')).toEqual([]);
        expect(
          byName('good').metadata.annotations[
            'golden-path.io/deployment-strategy'
          ],
        ).toBe('canary');

        expect(items('unknown-tier')).toEqual([
          {
            type: 'backstage.io/catalog-processing',
            level: 'error',
            message: expect.stringMatching(
              /^component:default\/unknown-tier: metadata\.annotations\["golden-path\.io\/tier"\] unknown tier 'platinum'/,
            ),
          },
        ]);
        expect(
          byName('unknown-tier').metadata.annotations[
            'golden-path.io/deployment-strategy'
          ],
        ).toBeUndefined();

        expect(items('bad-runbook')).toEqual([
          expect.objectContaining({
            level: 'error',
            message: expect.stringContaining(
              `component:default/bad-runbook: metadata.annotations["golden-path.io/runbook"] 'see the wiki' is not an http(s) URL`,
            ),
          }),
        ]);

        const huge = items('huge-annotation');
        expect(huge).toEqual([
          expect.objectContaining({
            level: 'error',
            message: expect.stringContaining('is 10029 characters long'),
          }),
        ]);
        expect(huge[0].message.length).toBeLessThan(300);

        // Metadata over goldenPath.catalog.maxMetadataBytes (64 KB): the
        // entity stays, its biggest value is neither stored nor served, and
        // the error on the entity names the size, the limit and the key.
        const oversized = byName('oversized');
        expect(oversized.metadata.annotations['example.com/blob']).toBe(
          undefined,
        );
        expect(JSON.stringify(oversized).length).toBeLessThan(5000);
        expect(
          oversized.metadata.annotations['golden-path.io/deployment-strategy'],
        ).toBe('rolling');
        expect(items('oversized')).toEqual([
          {
            type: 'backstage.io/catalog-processing',
            level: 'error',
            message: expect.stringMatching(
              /^component:default\/oversized: metadata annotations, labels and description are 10[0-9]{5} bytes together \(as JSON\), over the limit of 65536 bytes \(goldenPath\.catalog\.maxMetadataBytes\); the biggest, metadata\.annotations\["example\.com\/blob"\] \(1048597 bytes\), is left out of the catalog\./,
            ),
          },
        ]);

        // Exactly at the limit passes; one byte over does not.
        expect(items('at-limit')).toEqual([]);
        expect(
          byName('at-limit').metadata.annotations['example.com/pad'],
        ).toHaveLength(atLimit.pad);
        expect(items('over-limit')).toEqual([
          expect.objectContaining({
            level: 'error',
            message: expect.stringContaining(
              'component:default/over-limit: metadata annotations, labels and description are 65537 bytes together (as JSON), over the limit of 65536 bytes',
            ),
          }),
        ]);
        expect(
          byName('over-limit').metadata.annotations['example.com/pad'],
        ).toBeUndefined();

        expect(items('missing-metadata')).toEqual([
          expect.objectContaining({
            type: 'golden-path.io/validation',
            level: 'warning',
            message: expect.stringContaining('needs a tier'),
          }),
          expect.objectContaining({
            level: 'warning',
            message: expect.stringContaining('needs a on-call rota'),
          }),
          expect.objectContaining({
            level: 'warning',
            message: expect.stringContaining('needs a runbook'),
          }),
        ]);
        expect(items('experimental')).toEqual([]);

        expect(items('unknown-owner')).toEqual([
          {
            type: 'backstage.io/catalog-processing',
            level: 'error',
            message:
              'component:default/unknown-owner: spec.owner refers to group:default/team-gone, which is not in the catalog: add that Group or User, or fix the owner',
          },
        ]);

        // Backstage's own checks still apply: a wrong apiVersion and malformed
        // YAML are processing errors that name the entity or file.
        expect(byName('wrong-api-version')).toBeUndefined();
        const pending = await request(backend.server)
          .get('/api/catalog/entities/unprocessed/pending')
          .set('authorization', auth);
        const processingErrors = pending.body.entities
          .flatMap((e: any) => e.errors ?? [])
          .map((e: any) => e.message)
          .join('\n');
        expect(processingErrors).toContain(
          'No processor recognized the entity component:default/wrong-api-version',
        );
        expect(processingErrors).toMatch(/YAML error at .*malformed\.yaml/);
      } finally {
        await backend.stop();
      }
    }, 60_000);
  },
);
