import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import {
  ANNOTATION_ADR_LOCATION,
  ANNOTATION_ON_CALL,
  ANNOTATION_RUNBOOK,
  ANNOTATION_SLO,
  ANNOTATION_TIER,
  DEFAULT_TIER_TABLE,
  TIER_NAMES,
  TierName,
  validateGoldenPathEntity,
} from '@golden-path/plugin-golden-path-common';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const skeleton = path.resolve(
  __dirname,
  '../../../templates/node-service/skeleton',
);

/** 99.9 -> 0.999 (not 0.9990000000000001, what 99.9 / 100 gives in JS). */
const fraction = (percent: number) => Number((percent / 100).toFixed(6));

/** The values the template's fetch:template step gives for a tier. */
function sampleValues(tier: TierName = 'important') {
  return {
    name: 'sample-orders',
    title: 'Sample orders',
    description: 'Sample order service: rendered by the template test & café!',
    apiTitle: 'Sample orders API',
    apiDescription: 'The HTTP API of Sample orders: what it does',
    eventsTitle: 'Sample orders events',
    createdOn: '2026-01-15',
    templateRef: 'template:default/node-service',
    templateVersion: '2.0.0',
    sloDataSource: 'golden-path-ingestion',
    sloDataSourceType: 'GoldenPathIngestion',
    latencyThresholdSeconds: DEFAULT_TIER_TABLE[tier].latencyP99Ms / 1000,
    tier,
    owner: 'group:default/team-checkout',
    system: 'commerce',
    availabilityTarget: fraction(DEFAULT_TIER_TABLE[tier].availabilityPercent),
    latencyThresholdMs: DEFAULT_TIER_TABLE[tier].latencyP99Ms,
  } as Record<string, string | number>;
}

const PLACEHOLDER = /\$\{\{ values\.([A-Za-z][A-Za-z0-9]*)( \| dump)? \}\}/g;

/** Renders a skeleton file the way fetch:template does for plain placeholders. */
function render(file: string, values = sampleValues()) {
  const text = fs.readFileSync(path.join(skeleton, file), 'utf8');
  const rest = text.replace(PLACEHOLDER, '');
  expect(rest).not.toContain('${{');
  expect(rest).not.toMatch(/\{%|\{#|#\}/);
  return text.replace(PLACEHOLDER, (_, name: string, dump?: string) => {
    if (!(name in values)) throw new Error(`${file} uses unknown ${name}`);
    return dump ? JSON.stringify(String(values[name])) : String(values[name]);
  });
}

function renderedEntities(): Entity[] {
  return parseAllDocuments(render('catalog-info.yaml')).map(doc => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as Entity;
  });
}

/** What the catalog's placeholder processor does with `$text: ./file`. */
function resolveDefinition(entity: Entity): Entity {
  const definition = (entity.spec as any)?.definition;
  if (!definition?.$text) return entity;
  return {
    ...entity,
    spec: { ...entity.spec, definition: render(definition.$text) },
  };
}

describe('the node-service template', () => {
  it('renders a catalog-info.yaml whose entities pass the Golden Path validator', async () => {
    const entities = renderedEntities();
    expect(entities.map(e => `${e.kind}:${e.metadata.name}`)).toEqual([
      'Component:sample-orders',
      'API:sample-orders-api',
      'API:sample-orders-events',
    ]);

    const policy = EntityPolicies.allOf([
      new SchemaValidEntityPolicy(),
      new NoForeignRootFieldsEntityPolicy(),
      new FieldFormatEntityPolicy(),
    ]);
    for (const entity of entities) {
      // Stricter than the catalog: tier, on-call and runbook are required
      // for every lifecycle, and warnings count too.
      expect(
        validateGoldenPathEntity(entity, {
          errorMissingMetadataFor: ['experimental', 'production'],
        }),
      ).toEqual([]);
      const resolved = resolveDefinition(entity);
      await expect(policy.enforce(resolved)).resolves.toBeDefined();
      const validator =
        entity.kind === 'Component'
          ? componentEntityV1alpha1Validator
          : apiEntityV1alpha1Validator;
      await expect(validator.check(resolved)).resolves.toBe(true);
    }

    const [component] = entities;
    expect(component.metadata.annotations).toMatchObject({
      [ANNOTATION_TIER]: 'important',
      [ANNOTATION_ON_CALL]: expect.stringMatching(
        /^https:\/\/.*sample-orders$/,
      ),
      [ANNOTATION_RUNBOOK]: expect.stringMatching(
        /^https:\/\/.*sample-orders$/,
      ),
      [ANNOTATION_ADR_LOCATION]: 'docs/adr',
      [ANNOTATION_SLO]: 'openslo.yaml',
    });
    expect(component.spec).toMatchObject({
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/team-checkout',
      system: 'commerce',
      providesApis: ['sample-orders-api', 'sample-orders-events'],
    });
  });

  it('points the annotations and API definitions at files the skeleton has', () => {
    expect(fs.statSync(path.join(skeleton, 'docs/adr')).isDirectory()).toBe(
      true,
    );
    expect(
      fs
        .readdirSync(path.join(skeleton, 'docs/adr'))
        .filter(f => /^\d{4}-.*\.md$/.test(f)),
    ).toEqual(
      expect.arrayContaining([
        '0001-record-architecture-decisions.md',
        '0002-use-transactional-outbox-and-orchestrated-sagas.md',
      ]),
    );
    expect(fs.existsSync(path.join(skeleton, 'openslo.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(skeleton, 'docs/runbook.md'))).toBe(true);

    const openapi = parse(render('openapi.yaml'));
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/orders',
        '/orders/{id}',
        '/health/live',
        '/health/ready',
        '/metrics',
      ]),
    );
    expect(openapi.paths['/orders'].post).toBeDefined();
    expect(openapi.paths['/orders/{id}'].get).toBeDefined();

    // Generated from src/events/catalog.ts by `npm run asyncapi`.
    const asyncapi = parse(render('asyncapi.yaml'));
    expect(asyncapi.asyncapi).toMatch(/^3\./);
    expect(Object.keys(asyncapi.channels).length).toBeGreaterThan(0);
  });

  it.each(TIER_NAMES)(
    'renders OpenSLO objectives from the tier table for %s',
    tier => {
      const values = sampleValues(tier);
      const docs = parseAllDocuments(render('openslo.yaml', values)).map(
        doc => {
          expect(doc.errors).toEqual([]);
          return doc.toJS();
        },
      );
      expect(docs.map(d => `${d.apiVersion} ${d.kind}`)).toEqual([
        'openslo/v1 Service',
        'openslo/v1 DataSource',
        'openslo/v1 SLO',
        'openslo/v1 SLO',
      ]);
      const [service, , availability, latency] = docs;
      expect(service.metadata.name).toBe('sample-orders');
      for (const slo of [availability, latency]) {
        expect(slo.spec.service).toBe('sample-orders');
        expect(slo.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      }
      expect(availability.spec.objectives).toEqual([
        expect.objectContaining({
          target: fraction(DEFAULT_TIER_TABLE[tier].availabilityPercent),
        }),
      ]);
      // p99 within the threshold: 99 % of requests within it.
      expect(latency.metadata.annotations).toEqual({
        'golden-path.io/objective': 'latency',
        'golden-path.io/latency-threshold-ms': String(
          DEFAULT_TIER_TABLE[tier].latencyP99Ms,
        ),
      });
      expect(latency.spec.objectives).toEqual([
        expect.objectContaining({ target: 0.99 }),
      ]);
      const target = availability.spec.objectives[0].target;
      expect(typeof target).toBe('number');
      expect(target).toBeGreaterThan(0);
      expect(target).toBeLessThan(1);
    },
  );
});
