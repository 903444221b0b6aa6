import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ADR_LOCATION,
  ANNOTATION_DEPLOYMENT_STRATEGY,
  ANNOTATION_ON_CALL,
  ANNOTATION_RUNBOOK,
  ANNOTATION_SLO,
  ANNOTATION_TIER,
} from './annotations';
import {
  annotationField,
  MAX_ANNOTATION_LENGTH,
  validateGoldenPathEntity,
} from './validateGoldenPathEntity';

function component(
  annotations: Record<string, string>,
  lifecycle = 'production',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', annotations },
    spec: { type: 'service', lifecycle, owner: 'group:payments' },
  };
}

const complete = {
  [ANNOTATION_TIER]: 'critical',
  [ANNOTATION_ON_CALL]: 'https://oncall.example.com/rotas/payments',
  [ANNOTATION_RUNBOOK]: 'https://runbooks.example.com/payments',
};

/* eslint-disable no-script-url */
describe('validateGoldenPathEntity', () => {
  it('accepts a production component with complete metadata', () => {
    expect(validateGoldenPathEntity(component(complete))).toEqual([]);
  });

  it('accepts a rota name as on-call and relative ADR and SLO paths', () => {
    expect(
      validateGoldenPathEntity(
        component({
          ...complete,
          [ANNOTATION_ON_CALL]: 'Payments primary (EU)',
          [ANNOTATION_ADR_LOCATION]: './docs/adr',
          [ANNOTATION_SLO]: 'https://git.example.com/payments/openslo.yaml',
          [ANNOTATION_DEPLOYMENT_STRATEGY]: 'blue-green',
        }),
      ),
    ).toEqual([]);
  });

  it('reports an unknown tier as an error naming the field and the allowed values', () => {
    expect(
      validateGoldenPathEntity(
        component({ ...complete, [ANNOTATION_TIER]: 'platinum' }),
      ),
    ).toEqual([
      {
        field: 'metadata.annotations["golden-path.io/tier"]',
        severity: 'error',
        message:
          "unknown tier 'platinum'; expected one of critical, important, standard, best-effort",
      },
    ]);
  });

  it.each([
    ['not a url at all'],
    ['ftp://runbooks.example.com/x'],
    ['javascript:alert(1)'],
    ['https://'],
  ])('reports runbook %j as not an http(s) URL', runbook => {
    const findings = validateGoldenPathEntity(
      component({ ...complete, [ANNOTATION_RUNBOOK]: runbook }),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        field: annotationField(ANNOTATION_RUNBOOK),
        severity: 'error',
        message: expect.stringContaining('is not an http(s) URL'),
      }),
    ]);
  });

  it.each([
    ['javascript:alert(1)', 'is not an http(s) URL'],
    ['rota\nwith newline', 'neither an http(s) URL nor a rota name'],
    ['<script>', 'neither an http(s) URL nor a rota name'],
  ])('reports on-call %j', (onCall, message) => {
    expect(
      validateGoldenPathEntity(
        component({ ...complete, [ANNOTATION_ON_CALL]: onCall }),
      ),
    ).toEqual([
      expect.objectContaining({
        field: annotationField(ANNOTATION_ON_CALL),
        severity: 'error',
        message: expect.stringContaining(message),
      }),
    ]);
  });

  it.each([
    ['/etc/passwd', 'absolute path'],
    ['C:\\adr', 'absolute path'],
    ['file:///etc/adr', 'not an http(s) URL or a relative path'],
  ])('reports ADR location %j', (location, message) => {
    expect(
      validateGoldenPathEntity(
        component({ ...complete, [ANNOTATION_ADR_LOCATION]: location }),
      ),
    ).toEqual([
      expect.objectContaining({
        field: annotationField(ANNOTATION_ADR_LOCATION),
        severity: 'error',
        message: expect.stringContaining(message),
      }),
    ]);
  });

  it('refuses a 10,000-character annotation without echoing it', () => {
    const findings = validateGoldenPathEntity(
      component({ ...complete, [ANNOTATION_RUNBOOK]: 'x'.repeat(10_000) }),
    );
    expect(findings).toEqual([
      {
        field: annotationField(ANNOTATION_RUNBOOK),
        severity: 'error',
        message: `is 10000 characters long; at most ${MAX_ANNOTATION_LENGTH} are allowed`,
      },
    ]);
  });

  it('reports empty values and values that are not strings', () => {
    const entity = component({ ...complete, [ANNOTATION_TIER]: '  ' });
    (entity.metadata.annotations as any)[ANNOTATION_ON_CALL] = 42;
    expect(validateGoldenPathEntity(entity)).toEqual([
      expect.objectContaining({
        field: annotationField(ANNOTATION_TIER),
        message: 'is empty',
      }),
      expect.objectContaining({
        field: annotationField(ANNOTATION_ON_CALL),
        message: 'must be a string, not number',
      }),
    ]);
  });

  it('checks the deployment strategy against the list and the tier', () => {
    expect(
      validateGoldenPathEntity(
        component({ ...complete, [ANNOTATION_DEPLOYMENT_STRATEGY]: 'yolo' }),
      ),
    ).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringContaining("unknown deployment strategy 'yolo'"),
      }),
    ]);
    expect(
      validateGoldenPathEntity(
        component({ ...complete, [ANNOTATION_DEPLOYMENT_STRATEGY]: 'rolling' }),
      ),
    ).toEqual([
      {
        field: annotationField(ANNOTATION_DEPLOYMENT_STRATEGY),
        severity: 'warning',
        message: 'the critical tier expects blue-green, not rolling',
      },
    ]);
  });

  it('warns about missing tier, on-call and runbook on a production component', () => {
    expect(validateGoldenPathEntity(component({}))).toEqual([
      expect.objectContaining({
        field: annotationField(ANNOTATION_TIER),
        severity: 'warning',
        message: 'a production component needs a tier (golden-path.io/tier)',
      }),
      expect.objectContaining({
        field: annotationField(ANNOTATION_ON_CALL),
        severity: 'warning',
      }),
      expect.objectContaining({
        field: annotationField(ANNOTATION_RUNBOOK),
        severity: 'warning',
      }),
    ]);
  });

  it('does not ask experimental components for metadata unless configured', () => {
    expect(validateGoldenPathEntity(component({}, 'experimental'))).toEqual([]);
    expect(
      validateGoldenPathEntity(component({}, 'experimental'), {
        errorMissingMetadataFor: ['experimental'],
      }).map(f => f.severity),
    ).toEqual(['error', 'error', 'error']);
  });

  it('lists errors before warnings', () => {
    const findings = validateGoldenPathEntity(
      component({ [ANNOTATION_RUNBOOK]: 'nope' }),
    );
    expect(findings.map(f => f.severity)).toEqual([
      'error',
      'warning',
      'warning',
    ]);
  });

  it('validates APIs and Systems but ignores other kinds', () => {
    const api: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: { name: 'orders', annotations: { [ANNOTATION_TIER]: 'gold' } },
      spec: {
        type: 'openapi',
        lifecycle: 'production',
        owner: 'x',
        definition: '',
      },
    };
    expect(validateGoldenPathEntity(api)).toHaveLength(1);
    expect(validateGoldenPathEntity({ ...api, kind: 'System' })).toHaveLength(
      1,
    );
    expect(validateGoldenPathEntity({ ...api, kind: 'Group' })).toEqual([]);
  });
});
