import {
  compileRepositoryFileRules,
  DEFAULT_REPOSITORY_FILE_RULES,
} from './repositoryFileRules';

const KEY = 'goldenPath.readiness.collectors.repository.files';

const rule = (overrides: Record<string, unknown> = {}) => ({
  fact: 'repository.helmChart',
  description: 'A Helm chart',
  type: 'fileExists',
  paths: ['charts/*/Chart.yaml'],
  ...overrides,
});

describe('compileRepositoryFileRules', () => {
  it('compiles the shipped rules: every fixed fact id, valid globs and patterns', () => {
    const rules = compileRepositoryFileRules(
      DEFAULT_REPOSITORY_FILE_RULES,
      'defaults',
    );
    expect(rules.map(r => r.fact)).toEqual([
      'repository.openTelemetry',
      'repository.outboxTable',
      'repository.inboxTable',
      'repository.idempotencyGuard',
      'repository.resiliencePolicies',
      'repository.eventSchemaValidation',
      'repository.asyncApi',
      'repository.adrFolder',
      'repository.openSlo',
      'repository.ciWorkflow',
      'repository.deployWorkflow',
      'repository.dockerfile',
      'repository.dependencyUpdates',
    ]);
    for (const compiled of rules) {
      expect(compiled.globs.length).toBe(compiled.paths.length);
      expect(!!compiled.regex).toBe(compiled.type === 'fileMatches');
    }
  });

  it.each([
    ['CREATE TABLE outbox (id int)', true],
    ['create table if not exists "public"."outbox_events" (', true],
    ["await knex.schema.createTable('outbox', t => {", true],
    ['<createTable tableName="event_outbox">', true],
    ['create_table :outbox_messages do |t|', true],
    ['SELECT * FROM outbox', false],
    ['CREATE INDEX outbox_pending ON outbox (position)', false],
  ])('the outbox pattern on %j is %s', (text, expected) => {
    const [outbox] = compileRepositoryFileRules(
      DEFAULT_REPOSITORY_FILE_RULES.filter(
        r => r.fact === 'repository.outboxTable',
      ),
      'defaults',
    );
    expect(outbox.regex!.test(text)).toBe(expected);
  });

  it.each([
    ['repository.openTelemetry'],
    ['repository.outboxTable'],
    ['repository.inboxTable'],
    ['repository.resiliencePolicies'],
    ['repository.eventSchemaValidation'],
  ])(
    '%s holds for a package.json that depends on the service chassis, not for one that only mentions it',
    fact => {
      const [compiled] = compileRepositoryFileRules(
        DEFAULT_REPOSITORY_FILE_RULES.filter(r => r.fact === fact),
        'defaults',
      );
      expect(compiled.globs.some(glob => glob.test('package.json'))).toBe(true);
      const manifest = JSON.stringify(
        { dependencies: { '@golden-path/service-chassis': '^0.1.0' } },
        null,
        2,
      );
      expect(compiled.regex!.test(manifest)).toBe(true);
      expect(
        compiled.regex!.test(
          '{ "description": "like @golden-path/service-chassis" }',
        ),
      ).toBe(false);
    },
  );

  it('the resilience pattern needs both a circuit breaker and a bulkhead', () => {
    const [resilience] = compileRepositoryFileRules(
      DEFAULT_REPOSITORY_FILE_RULES.filter(
        r => r.fact === 'repository.resiliencePolicies',
      ),
      'defaults',
    );
    expect(
      resilience.regex!.test('const b = circuitBreaker();\nbulkhead(10)'),
    ).toBe(true);
    expect(resilience.regex!.test('a Bulkhead\n\nthen a Circuit Breaker')).toBe(
      true,
    );
    expect(resilience.regex!.test('circuitBreaker only')).toBe(false);
    expect(resilience.regex!.test('bulkhead only')).toBe(false);
  });

  it('accepts a custom rule with a pattern and flags', () => {
    const [compiled] = compileRepositoryFileRules(
      [
        rule({
          type: 'fileMatches',
          paths: ['Dockerfile'],
          pattern: '^USER\\s+(?!root)',
          flags: 'im',
        }),
      ],
      KEY,
    );
    expect(compiled.regex!.test('FROM node\nuser node\n')).toBe(true);
    expect(compiled.regex!.test('FROM node\nUSER root\n')).toBe(false);
  });

  it.each([
    [
      [rule({ type: 'fileMatches', pattern: '(unclosed' })],
      `${KEY}[0].pattern: is not a valid regular expression`,
    ],
    [
      [rule({ type: 'fileMatches' })],
      `${KEY}[0].pattern: is required for fileMatches`,
    ],
    [
      [rule({ pattern: 'x' })],
      `${KEY}[0].pattern: is only for fileMatches rules`,
    ],
    [
      [rule({ type: 'fileMatches', pattern: 'x', flags: 'g' })],
      `${KEY}[0].flags: must be made of the flags i, m, s and u`,
    ],
    [
      [rule({ paths: ['../etc/passwd'] })],
      `${KEY}[0].paths[0]: '../etc/passwd' is not a valid glob`,
    ],
    [
      [rule({ paths: ['src/{a,b'] })],
      `${KEY}[0].paths[0]: 'src/{a,b' is not a valid glob: '{' at character 5 is never closed`,
    ],
    [[rule({ paths: [] })], `${KEY}[0].paths: must be a list of 1 to 50 globs`],
    [
      [rule({ type: 'fileContains' })],
      `${KEY}[0].type: must be fileExists or fileMatches`,
    ],
    [
      [rule({ fact: 'docker' })],
      `${KEY}[0].fact: must be 'repository.' followed by a camelCase name`,
    ],
    [
      [rule({ fact: 'repository.found' })],
      `${KEY}[0].fact: repository.found is set by the collector itself`,
    ],
    [[rule(), rule()], `${KEY}[1].fact: repository.helmChart is defined twice`],
    [[rule({ description: ' ' })], `${KEY}[0].description: must be text`],
    [[rule({ patern: 'x' })], `${KEY}[0]: unknown field 'patern'`],
    [['Dockerfile'], `${KEY}[0]: must be an object`],
    [[], `Invalid config ${KEY}: must hold at least one rule`],
    [{ fact: 'x' }, `Invalid config ${KEY}: must be a list`],
  ])('refuses %j naming the key', (raw, message) => {
    expect(() => compileRepositoryFileRules(raw, KEY)).toThrow(message);
  });

  it('lists every problem, not just the first', () => {
    expect(() =>
      compileRepositoryFileRules(
        [
          rule({ type: 'fileMatches', pattern: '[' }),
          rule({ fact: 'repository.b', paths: ['/abs'] }),
        ],
        KEY,
      ),
    ).toThrow(/\[0\]\.pattern: .*; .*\[1\]\.paths\[0\]/);
  });
});
