// Renders templates/node-service/skeleton with Backstage's real fetch:template
// action (the one the scaffolder runs), checks the rendering, then installs
// and tests the generated project: `npm ci`, then `npm test` (tsc --noEmit and
// vitest), writing vitest's Jest-compatible JSON report to
// test-results/node-service.json for scripts/test-summary.js.
//
// The rendered project's .npmrc names the registry @golden-path/* packages
// come from (npmRegistry): GOLDEN_PATH_NPM_REGISTRY when set (scripts/test.sh
// sets it), otherwise a temporary Verdaccio this harness starts on a free port
// with packages/service-chassis published to it (scripts/npm-registry.js),
// stopped at the end.
//
// CI is passed through, so with CI=true the generated project's PostgreSQL
// (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test) and
// NATS (TEST_NATS_URL, default nats://127.0.0.1:4222) tests fail instead of
// skipping when their server does not answer.
//
// The skeleton is rendered from a copy of the files git would publish (tracked
// plus untracked-but-not-ignored), so a local node_modules/ or dist/ in the
// skeleton is never part of the template, exactly as when the scaffolder
// fetches it from a repository. The rendered project is deleted when
// everything passes and kept (its path printed) when something fails.
//
// Usage: node scripts/test-node-service-template.js [--keep] [--render-only]
//   --keep         keep the rendered project even when everything passes
//   --render-only  render and check the rendering, skip npm ci and npm test
//   --ensure-test-database  only create the generated tests' PostgreSQL
//                  database `test` when a server answers and it is missing
//                  (for packages/app/e2e-tests/create-service.test.ts)
// Exits 1 with a one-sentence reason on any failure.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { RegistryError, publishChassis, start } = require('./npm-registry');

const root = path.resolve(__dirname, '..');
const templateDir = path.join(root, 'templates/node-service');
const skeletonDir = path.join(templateDir, 'skeleton');
const templateYaml = path.join(templateDir, 'template.yaml');
const reportFile = path.join(root, 'test-results/node-service.json');
const keepAlways = process.argv.includes('--keep');
const renderOnly = process.argv.includes('--render-only');

/** Files copied as they are: GitHub Actions expressions use `${{` too. */
const COPY_WITHOUT_TEMPLATING = ['.github/workflows/*'];

/**
 * What the template's fetch:template step passes as `values` for a sample
 * service. availabilityTarget and latencyThresholdMs are what the template
 * step derives from the tier table for `important` (99.9 %, p99 500 ms).
 */
const VALUES = {
  name: 'sample-orders',
  // Free text as users write it: the skeleton must quote it (`| dump`).
  title: 'Sample orders',
  description: 'Sample order service: rendered by the template test & café!',
  apiTitle: 'Sample orders API',
  apiDescription:
    'The HTTP API of Sample orders: Sample order service: rendered by the template test & café!',
  eventsTitle: 'Sample orders events',
  createdOn: '2026-01-15',
  templateRef: 'template:default/node-service',
  templateVersion: '2.1.0',
  tier: 'important',
  owner: 'group:default/team-checkout',
  system: 'commerce',
  databaseClient: 'pg',
  broker: 'nats',
  availabilityTarget: 0.999,
  latencyThresholdMs: 500,
  latencyThresholdSeconds: 0.5,
  sloDataSource: 'golden-path-ingestion',
  sloDataSourceType: 'GoldenPathIngestion',
  // Replaced, before rendering for npm ci, by the registry the chassis is in.
  npmRegistry: 'http://127.0.0.1:4873/',
};

/**
 * Our only allowed use of `${{` in a templated skeleton file: a value, or a
 * value quoted as a JSON string (`| dump`, for free text in YAML and JSON).
 */
const PLACEHOLDER = /\$\{\{ values\.([A-Za-z][A-Za-z0-9]*)( \| dump)? \}\}/g;

/** What fetch:template writes for a placeholder. */
const substituteValue = (name, dump) =>
  dump ? JSON.stringify(String(VALUES[name])) : String(VALUES[name]);

class Failure extends Error {}
const fail = message => {
  throw new Failure(message);
};

const seconds = since => `${((Date.now() - since) / 1000).toFixed(1)}s`;

/** Glob match for the few patterns fetch:template gets here (`*`, `**`). */
function matches(pattern, file) {
  const regex = pattern
    .split('**')
    .map(part =>
      part
        .split('*')
        .map(text => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${regex}$`).test(file);
}
const copiedAsIs = file => COPY_WITHOUT_TEMPLATING.some(p => matches(p, file));

/** The skeleton's files as git would publish them, relative to the skeleton. */
function skeletonFiles() {
  const git = spawnSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'],
    { cwd: skeletonDir, encoding: 'utf8' },
  );
  if (git.status !== 0) {
    fail(
      `'git ls-files' failed in ${skeletonDir} (${(
        git.stderr || git.error?.message
      ).trim()}); the harness renders the files git would publish.`,
    );
  }
  return [...new Set(git.stdout.split('\0').filter(Boolean))]
    .filter(file => fs.existsSync(path.join(skeletonDir, file)))
    .sort();
}

/**
 * Checks the skeleton rules before rendering: templated files use `${{` only
 * as `${{ values.x }}` and never `{%`, `{#` or `#}` (Nunjucks tags), and every
 * value they use is one the harness (and template.yaml, once it exists) gives.
 */
function checkSkeleton(files, stagedSkeleton) {
  const problems = [];
  const used = new Set();
  for (const file of files) {
    if (copiedAsIs(file)) continue;
    const text = fs.readFileSync(path.join(stagedSkeleton, file), 'utf8');
    for (const [, name] of `${file}\n${text}`.matchAll(PLACEHOLDER)) {
      used.add(name);
    }
    const rest = `${file}\n${text}`.replace(PLACEHOLDER, '');
    for (const sequence of ['${{', '{%', '{#', '#}']) {
      if (rest.includes(sequence)) {
        const line = text.split('\n').findIndex(l => l.includes(sequence));
        problems.push(
          `${file}:${
            line + 1
          } contains '${sequence}' outside a \${{ values.x }} placeholder`,
        );
      }
    }
  }
  if (problems.length > 0) {
    fail(
      `the skeleton breaks its templating rules (${problems.join(
        '; ',
      )}): only '\${{ values.x }}' and '\${{ values.x | dump }}' placeholders may use Nunjucks syntax, or list the file in copyWithoutTemplating.`,
    );
  }
  const missing = [...used].filter(name => !(name in VALUES));
  if (missing.length > 0) {
    fail(
      `the skeleton uses values the harness does not give (${missing.join(
        ', ',
      )}): add them to VALUES in scripts/test-node-service-template.js and to the fetch:template step of template.yaml.`,
    );
  }
  return used;
}

/**
 * When template.yaml exists, its fetch:template step must give every value the
 * skeleton uses and copy the workflows without templating, like this harness.
 */
function checkTemplateYaml(used, stagedYaml) {
  if (!fs.existsSync(templateYaml)) {
    console.log(
      'note: templates/node-service/template.yaml does not exist yet; rendering with the harness values only.',
    );
    return;
  }
  const { parse } = require('yaml');
  const template = parse(fs.readFileSync(stagedYaml, 'utf8'));
  const step = (template?.spec?.steps ?? []).find(
    s => s.action === 'fetch:template' && s.input?.url === './skeleton',
  );
  if (!step) {
    fail(
      "templates/node-service/template.yaml has no fetch:template step with url './skeleton'.",
    );
  }
  const given = Object.keys(step.input.values ?? {});
  const missing = [...used].filter(name => !given.includes(name));
  if (missing.length > 0) {
    fail(
      `the skeleton uses values that template.yaml's fetch:template step does not give (${missing.join(
        ', ',
      )}): add them to its input.values.`,
    );
  }
  const copied = step.input.copyWithoutTemplating ?? [];
  const absent = COPY_WITHOUT_TEMPLATING.filter(p => !copied.includes(p));
  if (absent.length > 0) {
    fail(
      `template.yaml's fetch:template step must have copyWithoutTemplating: [${COPY_WITHOUT_TEMPLATING.join(
        ', ',
      )}] (GitHub Actions expressions use \${{ too), but it lacks ${absent.join(
        ', ',
      )}.`,
    );
  }
}

function memoryLogger(lines) {
  const write = level => (message, meta) =>
    lines.push(
      `${level} ${message}${
        meta && Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : ''
      }`,
    );
  const logger = {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    child: () => logger,
  };
  return logger;
}

/**
 * Copies the skeleton's files (and template.yaml, or a stand-in) to
 * <workRoot>/template, as the catalog would read the template: everything
 * after this works on that copy, so edits made meanwhile do not interfere.
 */
function stage(workRoot, files) {
  const stagedTemplate = path.join(workRoot, 'template');
  for (const file of files) {
    const target = path.join(stagedTemplate, 'skeleton', file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(skeletonDir, file), target);
    fs.chmodSync(target, fs.statSync(path.join(skeletonDir, file)).mode);
  }
  const stagedYaml = path.join(stagedTemplate, 'template.yaml');
  if (fs.existsSync(templateYaml)) fs.copyFileSync(templateYaml, stagedYaml);
  else fs.writeFileSync(stagedYaml, '# stand-in: only its location counts\n');
  return { stagedSkeleton: path.join(stagedTemplate, 'skeleton'), stagedYaml };
}

/** Runs Backstage's fetch:template action like the scaffolder's task worker. */
async function render(workRoot, stagedYaml) {
  const {
    createFetchTemplateAction,
  } = require('@backstage/plugin-scaffolder-backend');
  const { ScmIntegrations } = require('@backstage/integration');
  const { ConfigReader } = require('@backstage/config');
  const { validate } = require(require.resolve('jsonschema', {
    paths: [require.resolve('@backstage/plugin-scaffolder-backend')],
  }));

  const workspacePath = path.join(workRoot, 'workspace');
  fs.mkdirSync(workspacePath);
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  // fetch:template copies a relative url next to a file:// template itself;
  // the reader is only used for remote templates.
  const reader = {
    readUrl: () => fail('the UrlReader was asked for a remote file'),
    readTree: () => fail('the UrlReader was asked for a remote tree'),
    search: () => fail('the UrlReader was asked to search'),
  };
  const action = createFetchTemplateAction({ reader, integrations });

  const input = {
    url: './skeleton',
    values: VALUES,
    copyWithoutTemplating: COPY_WITHOUT_TEMPLATING,
  };
  const validation = validate(input, action.schema.input);
  if (!validation.valid) {
    fail(
      `the fetch:template input is invalid: ${validation.errors
        .map(e => e.stack)
        .join('; ')}.`,
    );
  }

  const logLines = [];
  const temporary = [];
  const context = {
    input,
    workspacePath,
    logger: memoryLogger(logLines),
    output: () => {},
    createTemporaryDirectory: async () => {
      const dir = fs.mkdtempSync(path.join(workRoot, 'action-tmp-'));
      temporary.push(dir);
      return dir;
    },
    // fetchContents strips "file://" and uses the rest as a plain path.
    templateInfo: {
      baseUrl: `file://${stagedYaml}`,
      entityRef: 'template:default/node-service',
    },
    checkpoint: async ({ fn }) => fn(),
    getInitiatorCredentials: async () => ({
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef: 'user:development/guest' },
    }),
    task: { id: 'node-service-template-test' },
    user: { ref: 'user:development/guest' },
    isDryRun: false,
    signal: new AbortController().signal,
  };
  try {
    await action.handler(context);
  } catch (error) {
    fs.writeFileSync(path.join(workRoot, 'render.log'), logLines.join('\n'));
    fail(
      `fetch:template failed to render the skeleton: ${
        error.message
      } (action log: ${path.join(workRoot, 'render.log')}).`,
    );
  }
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
  return workspacePath;
}

/**
 * The rendering must be exactly the skeleton with each placeholder replaced:
 * nothing else changed, dropped or added, and no `${{` left outside the
 * workflows.
 */
function checkRendering(files, stagedSkeleton, out) {
  const substitute = text =>
    text.replace(PLACEHOLDER, (_, name, dump) => substituteValue(name, dump));
  const problems = [];
  for (const file of files) {
    const renderedName = substitute(file); // paths are always rendered
    const renderedPath = path.join(out, renderedName);
    if (!fs.existsSync(renderedPath)) {
      problems.push(`${renderedName} is missing`);
      continue;
    }
    const source = fs.readFileSync(path.join(stagedSkeleton, file), 'utf8');
    const rendered = fs.readFileSync(renderedPath, 'utf8');
    const expected = copiedAsIs(file) ? source : substitute(source);
    if (rendered !== expected) {
      problems.push(
        `${renderedName} differs from the skeleton beyond its placeholders`,
      );
    }
    if (!copiedAsIs(file) && rendered.includes('${{')) {
      problems.push(`${renderedName} still contains '\${{'`);
    }
  }
  if (problems.length > 0) {
    fail(`the rendered project is wrong: ${problems.join('; ')}.`);
  }
  const pkg = JSON.parse(
    fs.readFileSync(path.join(out, 'package.json'), 'utf8'),
  );
  if (pkg.name !== VALUES.name) {
    fail(
      `the rendered package.json is named '${pkg.name}', not '${VALUES.name}'.`,
    );
  }
}

/**
 * The registry for the rendered .npmrc: GOLDEN_PATH_NPM_REGISTRY, or a
 * temporary Verdaccio holding the current chassis. Returns { url, stop() }.
 */
async function chassisRegistry(workRoot) {
  const given = process.env.GOLDEN_PATH_NPM_REGISTRY;
  if (given) {
    console.log(
      `Using the npm registry at ${given} (GOLDEN_PATH_NPM_REGISTRY).`,
    );
    return { url: given, stop: async () => {} };
  }
  const started = Date.now();
  const registry = await start({ storage: path.join(workRoot, 'registry') });
  try {
    await publishChassis({ registryUrl: registry.url });
  } catch (error) {
    await registry.stop();
    throw error;
  }
  console.log(
    `Started a temporary npm registry at ${
      registry.url
    } with the chassis in ${seconds(started)}.`,
  );
  return registry;
}

/**
 * The generated tests' default PostgreSQL URL names a database `test`; when
 * the server answers and it is missing, create it (the tests create their own
 * databases through it).
 */
async function ensureTestDatabase() {
  if (process.env.TEST_DATABASE_URL) return;
  const { Client } = require('pg');
  const client = new Client({
    connectionString: 'postgres://postgres@127.0.0.1:5432/postgres',
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    const { rowCount } = await client.query(
      "select 1 from pg_database where datname = 'test'",
    );
    if (rowCount === 0) {
      await client.query('create database test');
      console.log(
        "Created the PostgreSQL database 'test' for the generated tests.",
      );
    }
  } catch {
    // No server: the generated tests print their own skip (or CI failure).
  } finally {
    await client.end().catch(() => {});
  }
}

function run(command, args, cwd) {
  const started = Date.now();
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    // test.sh counts CI=1 as CI too; the generated tests look for CI=true.
    env: {
      ...process.env,
      ...(process.env.CI === '1' ? { CI: 'true' } : {}),
    },
  });
  if (result.error)
    fail(`${command} could not start: ${result.error.message}.`);
  return { status: result.status, time: seconds(started) };
}

function reportCounts() {
  if (!fs.existsSync(reportFile)) return undefined;
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
    failedFiles: report.numFailedTestSuites,
  };
}

async function main() {
  const started = Date.now();
  fs.mkdirSync(path.dirname(reportFile), { recursive: true });
  fs.rmSync(reportFile, { force: true });

  const files = skeletonFiles();
  if (!files.includes('package.json')) {
    fail(`${skeletonDir} has no package.json to render.`);
  }

  const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-node-service-'));
  let ok = false;
  let registry;
  try {
    const { stagedSkeleton, stagedYaml } = stage(workRoot, files);
    const used = checkSkeleton(files, stagedSkeleton);
    checkTemplateYaml(used, stagedYaml);
    if (!renderOnly) {
      registry = await chassisRegistry(workRoot);
      VALUES.npmRegistry = registry.url;
    }
    const out = await render(workRoot, stagedYaml);
    checkRendering(files, stagedSkeleton, out);
    console.log(
      `Rendered ${
        files.length
      } files with fetch:template into ${out} in ${seconds(
        started,
      )} (values: ${[...used].sort().join(', ')}).`,
    );
    if (renderOnly) {
      ok = true;
      return;
    }

    const install = run(
      'npm',
      ['ci', '--no-audit', '--no-fund', '--prefer-offline'],
      out,
    );
    console.log(`npm ci took ${install.time}.`);
    if (install.status !== 0) {
      fail(
        `'npm ci' failed in the generated project (exit ${install.status}).`,
      );
    }

    await ensureTestDatabase();
    const test = run(
      'npm',
      [
        'test',
        '--',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${reportFile}`,
      ],
      out,
    );
    const counts = reportCounts();
    console.log(
      `npm test took ${test.time}${
        counts
          ? `: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`
          : ''
      }.`,
    );
    if (test.status !== 0) {
      if (!counts) {
        fail(
          `the generated project's type check (tsc --noEmit) or vitest start failed before any test result was written (exit ${test.status}).`,
        );
      }
      fail(
        `the generated project's tests failed: ${counts.failed} failed test(s) in ${counts.failedFiles} file(s) (exit ${test.status}).`,
      );
    }
    if (!counts) fail('vitest passed but wrote no JSON report.');
    if (counts.passed === 0) fail('the generated project has no passing test.');
    ok = true;
    console.log(
      `Service template: render and test passed in ${seconds(started)}.`,
    );
  } finally {
    await registry?.stop();
    if (ok && !keepAlways) {
      fs.rmSync(workRoot, { recursive: true, force: true });
    } else {
      console.log(
        `The rendered project is kept at ${path.join(workRoot, 'workspace')}.`,
      );
    }
  }
}

const entry = process.argv.includes('--ensure-test-database')
  ? ensureTestDatabase
  : main;
entry().catch(error => {
  const message =
    error instanceof Failure || error instanceof RegistryError
      ? error.message
      : `unexpected error: ${error.stack}`;
  console.error(`error: ${message}`);
  process.exit(1);
});
