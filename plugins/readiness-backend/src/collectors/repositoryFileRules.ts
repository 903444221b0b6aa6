import { GlobError, globToRegExp } from './globToRegExp';

/**
 * One repository fact: true when a file matching one of `paths` exists
 * (`fileExists`), or when one of them holds text matching `pattern`
 * (`fileMatches`). As configured in
 * `goldenPath.readiness.collectors.repository.files`.
 * @public
 */
export type RepositoryFileRule = {
  /** `repository.<name>`, e.g. `repository.dockerfile`. */
  fact: string;
  description: string;
  type: 'fileExists' | 'fileMatches';
  /** Globs relative to the repository root (`**`, `*`, `?`, `{a,b}`). */
  paths: string[];
  /** A regular expression source (fileMatches only). */
  pattern?: string;
  /** Its flags, from `imsu` (fileMatches only). */
  flags?: string;
};

/** A rule with its globs and pattern compiled. */
export type CompiledRepositoryFileRule = RepositoryFileRule & {
  globs: RegExp[];
  regex?: RegExp;
};

/** The fact that says whether the repository could be read at all. */
export const REPOSITORY_FOUND_FACT = 'repository.found';

const FACT_ID = /^repository\.[a-z][A-Za-z0-9]{0,62}$/;
const RULE_FIELDS = [
  'fact',
  'description',
  'type',
  'paths',
  'pattern',
  'flags',
];
const ALLOWED_FLAGS = /^[imsu]*$/;

// Where the files the facts look for live in the common stacks.
const MANIFESTS = [
  'package.json',
  'go.mod',
  'requirements*.txt',
  'pyproject.toml',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  '*.csproj',
];
const SOURCES = ['{src,app,lib,internal,pkg,cmd,service,services}/**'];
const MIGRATIONS = [
  '**/migrations/**',
  '**/migration/**',
  '**/db/migrate/**',
  '**/changelog/**',
  '**/*.sql',
];
const CI_FILES = [
  '.github/workflows/*.{yml,yaml}',
  '.gitlab-ci.yml',
  '.gitlab/ci/**/*.{yml,yaml}',
  'Jenkinsfile',
  '.circleci/config.yml',
  'azure-pipelines.yml',
  'bitbucket-pipelines.yml',
  '.buildkite/**/*.{yml,yaml}',
  '.drone.yml',
  '.tekton/**/*.{yml,yaml}',
];

/**
 * A manifest that depends on the Golden Path service chassis, which brings
 * the outbox and inbox tables, tracing with database instrumentation,
 * resilience policies and event validation to the service that uses it.
 */
const CHASSIS_DEPENDENCY = '"@golden-path/service-chassis"\\s*:';

/** A migration that creates a table whose name holds one of `names`. */
function createTablePattern(names: string): string {
  const open = `["'\`\\[]?`;
  const close = `["'\`\\]]?`;
  // Optionally schema-qualified, optionally quoted: "public"."outbox_events".
  const table = `(?:${open}\\w+${close}\\.)?${open}\\w*(?:${names})\\w*`;
  return [
    // SQL (also Flyway/Liquibase SQL changesets)
    `create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?${table}`,
    // knex, TypeORM query runners, Sequelize: createTable('outbox', ...)
    `createTable(?:IfNotExists)?\\(\\s*["'\`]${table}`,
    // Liquibase XML/YAML, Rails
    `tableName\\s*[:=]\\s*["']?\\w*(?:${names})\\w*`,
    `create_table\\s*\\(?\\s*[:"']\\w*(?:${names})\\w*`,
  ].join('|');
}

/**
 * The shipped repository facts. A service made from the Golden Path
 * template (templates/node-service) has every one of them except
 * dependencyUpdates (its skeleton has no Dependabot or Renovate file yet).
 * @public
 */
export const DEFAULT_REPOSITORY_FILE_RULES: RepositoryFileRule[] = [
  {
    fact: 'repository.openTelemetry',
    description:
      'OpenTelemetry tracing with database (or automatic) instrumentation is a dependency (directly or through the Golden Path service chassis), so a request can be followed from the gateway into the database',
    type: 'fileMatches',
    paths: MANIFESTS,
    pattern: [
      '@opentelemetry/(?:auto-instrumentations-node|instrumentation-(?:pg|mysql2?|mongodb|mongoose|knex|redis(?:-4)?|ioredis|tedious|oracledb|typeorm|prisma))',
      'go\\.opentelemetry\\.io/contrib/instrumentation',
      'opentelemetry-instrumentation-(?:psycopg2?|sqlalchemy|asyncpg|pymongo|redis|django|flask)',
      'io\\.opentelemetry\\.(?:javaagent|instrumentation)',
      'OpenTelemetry\\.Instrumentation\\.',
      'Npgsql\\.OpenTelemetry',
      CHASSIS_DEPENDENCY,
    ].join('|'),
  },
  {
    fact: 'repository.outboxTable',
    description:
      'A database migration creates a transactional outbox table (or the Golden Path service chassis, which has one, is a dependency), so events are published exactly when the change commits',
    type: 'fileMatches',
    paths: [...MIGRATIONS, ...MANIFESTS],
    pattern: `${createTablePattern('outbox')}|${CHASSIS_DEPENDENCY}`,
    flags: 'i',
  },
  {
    fact: 'repository.inboxTable',
    description:
      'A database migration creates an inbox (processed messages) table (or the Golden Path service chassis, which has one, is a dependency), so consumers handle each message once',
    type: 'fileMatches',
    paths: [...MIGRATIONS, ...MANIFESTS],
    pattern: `${createTablePattern(
      'inbox|processed_messages',
    )}|${CHASSIS_DEPENDENCY}`,
    flags: 'i',
  },
  {
    fact: 'repository.idempotencyGuard',
    description:
      'The code handles idempotency keys (an Idempotency-Key header or a table of processed keys), so retried writes are not applied twice',
    type: 'fileMatches',
    paths: SOURCES,
    pattern: 'idempotency[-_ ]?keys?',
    flags: 'i',
  },
  {
    fact: 'repository.resiliencePolicies',
    description:
      'The code sets up circuit breakers and bulkheads (one file mentions both, or the Golden Path service chassis, whose policies have both, is a dependency) for its outbound calls',
    type: 'fileMatches',
    paths: [...SOURCES, ...MANIFESTS],
    pattern: `^(?=[\\s\\S]*circuit[\\s_-]?breaker)(?=[\\s\\S]*bulk[\\s_-]?head)|${CHASSIS_DEPENDENCY}`,
    flags: 'i',
  },
  {
    fact: 'repository.eventSchemaValidation',
    description:
      'Events are validated against a schema before they are published (an event validation error type, a schema registry, a validate-event function, or the Golden Path service chassis, whose unit of work validates every event)',
    type: 'fileMatches',
    paths: [...SOURCES, ...MANIFESTS],
    pattern: `\\b(?:EventValidationError|MessageValidationError|validate(?:Event|Message)(?:Payload)?|SchemaRegistry|schema[-_]registry)\\b|${CHASSIS_DEPENDENCY}`,
    flags: 'i',
  },
  {
    fact: 'repository.asyncApi',
    description: 'The events are described in an AsyncAPI document',
    type: 'fileExists',
    paths: ['**/asyncapi.{yaml,yml,json}'],
  },
  {
    fact: 'repository.adrFolder',
    description:
      'Architecture decisions are recorded as Markdown files in an ADR folder (docs/adr)',
    type: 'fileExists',
    paths: [
      '{docs,doc}/{adr,adrs,decisions}/**/*.md',
      '{docs,doc}/architecture/decisions/**/*.md',
      '{adr,adrs}/**/*.md',
    ],
  },
  {
    fact: 'repository.openSlo',
    description: 'The service objectives are declared in an OpenSLO file',
    type: 'fileMatches',
    paths: [
      '**/openslo.{yaml,yml}',
      '**/*.openslo.{yaml,yml}',
      '{slo,slos,.slo}/**/*.{yaml,yml}',
    ],
    pattern: '^\\s*apiVersion:\\s*["\']?openslo/v1',
    flags: 'im',
  },
  {
    fact: 'repository.ciWorkflow',
    description:
      'A CI pipeline (GitHub Actions, GitLab CI, Jenkins, CircleCI, Azure Pipelines, Bitbucket, Buildkite, Drone or Tekton) builds and tests every change',
    type: 'fileExists',
    paths: CI_FILES,
  },
  {
    fact: 'repository.deployWorkflow',
    description:
      'A pipeline builds the deployable container image or deploys the service, so shipping needs no ticket',
    type: 'fileMatches',
    paths: CI_FILES,
    pattern:
      '\\bdocker\\s+(?:build|buildx\\s+build|push)\\b|docker/build-push-action|\\b(?:buildah|kaniko|ko\\s+build|jib)\\b|\\bkubectl\\s+(?:apply|rollout|set\\s+image)|\\bhelm\\s+(?:upgrade|install)\\b|\\bargocd\\b|\\bflux\\s+reconcile\\b|\\bskaffold\\s+(?:run|deploy)\\b|\\b(?:deploy|release)\\s*:',
    flags: 'i',
  },
  {
    fact: 'repository.dockerfile',
    description: 'A Dockerfile (or Containerfile) builds the service image',
    type: 'fileExists',
    paths: [
      '**/Dockerfile',
      '**/Containerfile',
      '**/*.Dockerfile',
      '**/Dockerfile.*',
    ],
  },
  {
    fact: 'repository.dependencyUpdates',
    description:
      'Dependency updates are automated (Dependabot or Renovate configuration)',
    type: 'fileExists',
    paths: [
      '.github/dependabot.{yml,yaml}',
      'renovate.json',
      'renovate.json5',
      '.renovaterc',
      '.renovaterc.json',
      '.renovaterc.json5',
      '.github/renovate.{json,json5}',
      '.gitlab/renovate.{json,json5}',
    ],
  },
];

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `'${value}'`;
  return `${typeof value} ${String(value)}`;
}

/**
 * Checks and compiles repository file rules (the shipped ones or
 * `goldenPath.readiness.collectors.repository.files`).
 * @param key - the config key of the list, named in errors
 *   (`<key>[2].pattern: ...`)
 * @throws Error naming the key and field of the first problems found
 */
export function compileRepositoryFileRules(
  raw: unknown,
  key: string,
): CompiledRepositoryFileRule[] {
  const errors: string[] = [];
  const fail = (path: string, message: string) =>
    errors.push(`${path}: ${message}`);
  if (!Array.isArray(raw)) {
    throw new Error(
      `Invalid config ${key}: must be a list of { fact, description, type, paths, pattern?, flags? }, got ${describe(
        raw,
      )}`,
    );
  }
  if (raw.length === 0) {
    throw new Error(
      `Invalid config ${key}: must hold at least one rule (remove the key to use the shipped rules)`,
    );
  }
  const seen = new Set<string>();
  const rules: CompiledRepositoryFileRule[] = [];
  raw.forEach((item: unknown, index) => {
    const at = `${key}[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      fail(at, `must be an object, got ${describe(item)}`);
      return;
    }
    const fields = item as Record<string, unknown>;
    const before = errors.length;
    const unknown = Object.keys(fields).filter(f => !RULE_FIELDS.includes(f));
    if (unknown.length > 0) {
      fail(
        at,
        `unknown field${unknown.length > 1 ? 's' : ''} ${unknown
          .map(f => `'${f}'`)
          .join(', ')}; expected ${RULE_FIELDS.join(', ')}`,
      );
    }
    const { fact, description, type, paths, pattern, flags } = fields;
    if (typeof fact !== 'string' || !FACT_ID.test(fact)) {
      fail(
        `${at}.fact`,
        `must be 'repository.' followed by a camelCase name (e.g. repository.helmChart), got ${describe(
          fact,
        )}`,
      );
    } else if (fact === REPOSITORY_FOUND_FACT) {
      fail(
        `${at}.fact`,
        `${REPOSITORY_FOUND_FACT} is set by the collector itself (whether the repository could be read)`,
      );
    } else if (seen.has(fact)) {
      fail(`${at}.fact`, `${fact} is defined twice`);
    } else {
      seen.add(fact);
    }
    if (
      typeof description !== 'string' ||
      description.trim() === '' ||
      description.length > 1000
    ) {
      fail(`${at}.description`, 'must be text of 1 to 1000 characters');
    }
    if (type !== 'fileExists' && type !== 'fileMatches') {
      fail(
        `${at}.type`,
        `must be fileExists or fileMatches, got ${describe(type)}`,
      );
    }
    const globs: RegExp[] = [];
    if (!Array.isArray(paths) || paths.length === 0 || paths.length > 50) {
      fail(
        `${at}.paths`,
        `must be a list of 1 to 50 globs relative to the repository root, got ${describe(
          paths,
        )}`,
      );
    } else {
      paths.forEach((glob: unknown, i) => {
        if (typeof glob !== 'string') {
          fail(`${at}.paths[${i}]`, `must be a glob, got ${describe(glob)}`);
          return;
        }
        try {
          globs.push(globToRegExp(glob));
        } catch (error) {
          if (!(error instanceof GlobError)) throw error;
          fail(
            `${at}.paths[${i}]`,
            `'${glob}' is not a valid glob: ${error.message}`,
          );
        }
      });
    }
    let regex: RegExp | undefined;
    if (type === 'fileMatches') {
      if (
        flags !== undefined &&
        (typeof flags !== 'string' || !ALLOWED_FLAGS.test(flags))
      ) {
        fail(
          `${at}.flags`,
          `must be made of the flags i, m, s and u, got ${describe(flags)}`,
        );
      } else if (typeof pattern !== 'string' || pattern === '') {
        fail(
          `${at}.pattern`,
          'is required for fileMatches: a regular expression',
        );
      } else if (pattern.length > 2000) {
        fail(`${at}.pattern`, 'must be at most 2000 characters');
      } else {
        try {
          regex = new RegExp(pattern, (flags as string | undefined) ?? '');
        } catch (error) {
          fail(
            `${at}.pattern`,
            `is not a valid regular expression: ${(error as Error).message}`,
          );
        }
      }
    } else if (type === 'fileExists') {
      if (pattern !== undefined) {
        fail(`${at}.pattern`, 'is only for fileMatches rules');
      }
      if (flags !== undefined) {
        fail(`${at}.flags`, 'is only for fileMatches rules');
      }
    }
    if (errors.length > before) return;
    rules.push({
      fact: fact as string,
      description: (description as string).trim(),
      type: type as RepositoryFileRule['type'],
      paths: paths as string[],
      ...(regex
        ? { pattern: pattern as string, flags: flags as string | undefined }
        : {}),
      globs,
      regex,
    });
  });
  if (errors.length > 0) {
    throw new Error(
      `Invalid config ${errors.slice(0, 20).join('; ')}${
        errors.length > 20 ? `; and ${errors.length - 20} more` : ''
      }`,
    );
  }
  return rules;
}
