import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { parseAdr } from '@golden-path/plugin-adr-common';
import { GoldenPathEntityProcessor } from '@golden-path/plugin-catalog-backend-module-golden-path';
import { DEFAULT_TIER_TABLE } from '@golden-path/plugin-golden-path-common';
import { DEFAULT_REPOSITORY_FILE_RULES } from '@golden-path/plugin-readiness-backend';
// Not exported by the plugins: the very classes their backends run (the
// plugin families' -node packages are where they will be public).
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { RepositoryFactCollector } from '@golden-path/plugin-readiness-backend/src/collectors/RepositoryFactCollector';
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { compileRepositoryFileRules } from '@golden-path/plugin-readiness-backend/src/collectors/repositoryFileRules';
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { SloDefinitionReader } from '@golden-path/plugin-slo-backend/src/service/SloDefinitionReader';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { template, useTemplateDryRun } from './__testUtils__/templateDryRun';

/**
 * A service created from the node-service template passes every check the
 * portal itself runs on it, before anyone touches it: the template is
 * rendered through the scaffolder's dry-run API (Backstage's own templating
 * of template.yaml and fetch:template of the skeleton, with our actions),
 * then the rendered files go through the portal's own readers: the catalog
 * validation of the golden-path module, the SLO backend's OpenSLO reader, the
 * ADR parser and the readiness backend's repository collector.
 */

const catalogEntities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-checkout', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'commerce', namespace: 'default' },
    spec: { owner: 'group:default/team-checkout' },
  },
];

const baseValues = {
  name: 'order-history',
  description: 'Café orders: history & more! (for "support", 100 % of them)',
  owner: 'group:default/team-checkout',
  system: 'system:default/commerce',
  tier: 'important',
  database: 'postgres',
  broker: 'nats',
};

const today = () => new Date().toISOString().slice(0, 10);

describe('a service created from the node-service template', () => {
  const rendered = createMockDirectory();
  const { dryRun, publishRoot } = useTemplateDryRun(catalogEntities);

  /** Renders the template; writes the files to <rendered>/<name>/. */
  async function render(values: Record<string, unknown>) {
    const res = await dryRun(values);
    expect({ status: res.status, errors: res.body.errors }).toEqual({
      status: 200,
      errors: undefined,
    });
    const dir = path.join(rendered.path, String(values.name));
    for (const file of res.body.directoryContents) {
      const target = path.join(dir, file.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, Buffer.from(file.base64Content, 'base64'));
    }
    const text = (file: string) =>
      fs.readFileSync(path.join(dir, file), 'utf8');
    return { dir, text, output: res.body.output, log: res.body.log };
  }

  /** The entities of catalog-info.yaml, as registered from a file location. */
  function entitiesOf(dir: string, text: (file: string) => string) {
    const location = `file:${path.join(dir, 'catalog-info.yaml')}`;
    return parseAllDocuments(text('catalog-info.yaml')).map(doc => {
      expect(doc.errors).toEqual([]);
      const entity = doc.toJS() as Entity;
      entity.metadata.namespace ??= 'default';
      entity.metadata.annotations = {
        ...entity.metadata.annotations,
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      };
      return entity;
    });
  }

  let service: Awaited<ReturnType<typeof render>>;
  let entities: Entity[];

  beforeAll(async () => {
    service = await render(baseValues);
    entities = entitiesOf(service.dir, service.text);
  }, 120_000);

  it('passes the catalog validation of the golden-path module without a warning', async () => {
    expect(entities.map(e => `${e.kind}:${e.metadata.name}`)).toEqual([
      'Component:order-history',
      'API:order-history-api',
      'API:order-history-events',
    ]);
    const processor = new GoldenPathEntityProcessor({
      tiers: DEFAULT_TIER_TABLE,
      // Stricter than the demo: every lifecycle must carry the metadata.
      validation: {
        errorMissingMetadataFor: ['experimental', 'production'],
      },
      refs: {
        exists: async (ref: string) => ref === 'group:default/team-checkout',
      } as any,
    });
    const policy = EntityPolicies.allOf([
      new SchemaValidEntityPolicy(),
      new NoForeignRootFieldsEntityPolicy(),
      new FieldFormatEntityPolicy(),
    ]);
    for (const entity of entities) {
      const processed = await processor.postProcessEntity(
        await processor.preProcessEntity(entity),
      );
      expect((processed as any).status?.items ?? []).toEqual([]);
      // What the catalog's placeholder processor makes of `$text: ./file`.
      const definition = (entity.spec as any)?.definition?.$text;
      const resolved = definition
        ? {
            ...entity,
            spec: {
              ...entity.spec,
              definition: service.text(definition),
            },
          }
        : entity;
      await expect(policy.enforce(resolved)).resolves.toBeDefined();
      const validator =
        entity.kind === 'Component'
          ? componentEntityV1alpha1Validator
          : apiEntityV1alpha1Validator;
      await expect(validator.check(resolved)).resolves.toBe(true);
    }
    const [component, api, events] = entities;
    expect(component.metadata.title).toBe('Order history');
    expect(component.metadata.description).toBe(baseValues.description);
    expect(api.metadata.title).toBe('Order history API');
    expect(api.metadata.description).toBe(
      `The HTTP API of Order history: ${baseValues.description}`,
    );
    expect(api.metadata.description).not.toContain('orders, health');
    expect(events.metadata.title).toBe('Order history events');
  });

  it("gives the SLO backend's OpenSLO reader no definition error", async () => {
    const reader = new SloDefinitionReader({
      reader: {
        readUrl: () => Promise.reject(new Error('no URL expected')),
      } as any,
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      config: {
        localRoots: [{ path: rendered.path, key: 'test' }],
        maxFileBytes: 1024 * 1024,
        tiers: DEFAULT_TIER_TABLE,
      },
    });
    const { entity, definitions } = await reader.read(entities[0]);
    expect(entity.errors).toEqual([]);
    const openslo = definitions.filter(d => d.source === 'openslo');
    expect(openslo.map(d => [d.name, d.objective, d.target])).toEqual([
      ['order-history-availability', 'availability', 0.999],
      ['order-history-latency', 'latency', 0.99],
    ]);
    for (const definition of openslo) {
      // As strict as the tier, never looser; data through the ingestion API
      // when the portal names no Prometheus data source for new services.
      expect(definition.tierViolations).toEqual([]);
      expect(definition.dataSource).toEqual({ type: 'builtin' });
    }
    expect(openslo[1].thresholdMs).toBe(500);
  });

  it('holds ADRs the ADR parser reads without a warning, dated today', () => {
    const adrDir = path.join(service.dir, 'docs/adr');
    const files = fs.readdirSync(adrDir).sort();
    expect(files).toEqual([
      '0001-record-architecture-decisions.md',
      '0002-use-transactional-outbox-and-orchestrated-sagas.md',
      expect.stringMatching(/^0003-run-order-history-as-an-important-tier/),
    ]);
    for (const file of files) {
      const adr = parseAdr(
        fs.readFileSync(path.join(adrDir, file), 'utf8'),
        `docs/adr/${file}`,
      );
      expect({ file, warnings: adr.warnings }).toEqual({ file, warnings: [] });
      expect(adr.date).toBe(today());
      expect(adr.status).toBe('accepted');
      expect(adr.decisionMakers).toEqual(['group:default/team-checkout']);
    }
    const third = parseAdr(
      fs.readFileSync(path.join(adrDir, files[2]), 'utf8'),
      files[2],
    );
    expect(third.title).toBe(
      'Run order-history as an important-tier service on PostgreSQL and NATS JetStream',
    );
  });

  it("passes the readiness backend's repository rules", async () => {
    const collector = new RepositoryFactCollector({
      reader: {} as any,
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      localRoots: [{ path: rendered.path, key: 'test' }],
      rules: compileRepositoryFileRules(DEFAULT_REPOSITORY_FILE_RULES, 'test'),
      maxFiles: 10_000,
      maxFileBytes: 1024 * 1024,
    });
    const [result] = await collector.collect([entities[0]], {
      logger: mockServices.logger.mock(),
    });
    expect(result.error).toBeUndefined();
    const failed = Object.entries(result.facts)
      .filter(([, value]) => value !== true)
      .map(([fact]) => fact);
    expect(Object.keys(result.facts)).toEqual(
      expect.arrayContaining([
        'repository.found',
        'repository.openSlo',
        'repository.adrFolder',
        'repository.ciWorkflow',
        'repository.dependencyUpdates',
      ]),
    );
    expect(failed).toEqual([]);
  });

  it('records where the service came from: template, version and answers', () => {
    const version =
      template.metadata.annotations['golden-path.io/template-version'];
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    // The scaffolder's dry run names every template template:default/dry-run;
    // a real run records template:default/node-service (create-service e2e).
    const [component] = entitiesOf(service.dir, service.text);
    expect(component.metadata.annotations).toMatchObject({
      'golden-path.io/template': 'template:default/dry-run',
      'golden-path.io/template-version': version,
    });
    const record = parse(service.text('.golden-path/answers.yaml'));
    expect(record).toMatchObject({
      kind: 'TemplateProvenance',
      template: 'template:default/dry-run',
      version,
      answers: { name: baseValues.name, tier: baseValues.tier },
    });
  });

  it('shows no server path and no file:// link on the result page', () => {
    const text = JSON.stringify(service.output);
    expect(text).not.toContain(publishRoot.path);
    expect(text).not.toContain('file:');
    expect(service.output.links).toEqual([
      expect.objectContaining({ title: 'Open the service in the catalog' }),
      // The Repository tab: files and a clone URL the portal serves.
      {
        title: 'Browse and clone the repository',
        url: `/catalog/default/component/${baseValues.name}/repository`,
      },
    ]);
    const log = JSON.stringify(service.log);
    expect(log).not.toContain(publishRoot.path);
    // The log viewer links `x.md` (.md is a top-level domain).
    expect(log).not.toMatch(/\b0003-[a-z0-9-]+\.md\b/);
  });

  it.each([['12345'], ['true'], ['null'], ['[1, 2]'], ['"quoted" text']])(
    'keeps the description %s a string in every file that holds it',
    async description => {
      const name = `svc-${Buffer.from(description)
        .toString('hex')
        .slice(0, 12)}`;
      const other = await render({ ...baseValues, name, description });
      const [component] = entitiesOf(other.dir, other.text);
      expect(component.metadata.description).toBe(description);
      expect(JSON.parse(other.text('package.json')).name).toBe(name);
      const [openSloService] = parseAllDocuments(other.text('openslo.yaml'));
      expect(openSloService.toJS().spec.description).toBe(description);
    },
    60_000,
  );
});
