#!/usr/bin/env node
// Scaffolder benchmark (issue 5): prints figures, asserts nothing.
//
//   source scripts/env.sh && yarn bench:scaffolder [--runs 5]
//
// 1. starts the backend on :7007 with app-config.yaml plus a generated config:
//    a fresh SQLite folder and publish root under .data/bench-scaffolder/, and
//    a "Backstage sample"-like baseline template written here (fetch:template
//    of a 3-file folder, then debug:log) next to the demo's own locations,
// 2. dry run: POST /api/scaffolder/v2/dry-run of templates/node-service (the
//    files git would publish, as the Template Editor sends them), median of
//    RUNS, and the same for the baseline,
// 3. tasks: RUNS node-service services with different names, each timed from
//    POST /api/scaffolder/v2/tasks to `completed` (polling the task), plus
//    when its repository appeared in the publish root and its Component in
//    the catalog; then RUNS baseline tasks.
// Goal: a node-service task under 10 s.
//
// A task reads the template from disk (a `file` location): every file in
// templates/node-service, git-ignored ones included, is rendered. So the bench
// stops when git-ignored files (a node_modules/ from working on the skeleton)
// are there; a dry run sends only the files git would publish.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { positiveIntArg, waitFor } = require('./lib');
const { guestHeaders, root, startBackend, waitReady } = require('./backend');

const benchDir = path.join(root, '.data', 'bench-scaffolder');
const baseUrl = 'http://localhost:7007';
const templateDir = path.join(root, 'templates', 'node-service');
const baselineDir = path.join(benchDir, 'baseline');

const RUNS = positiveIntArg('--runs', '5');

const seconds = ms => (ms / 1000).toFixed(2);
const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[mid]
    : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
};

/** A folder's files as git would publish them, as dry-run directoryContents. */
function directoryContents(dir, useGit) {
  const files = useGit
    ? execFileSync(
        'git',
        ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '.'],
        { cwd: dir, encoding: 'utf8' },
      )
        .split('\0')
        .filter(Boolean)
        .filter(file => fs.existsSync(path.join(dir, file)))
    : fs
        .readdirSync(dir, { recursive: true })
        .map(String)
        .filter(file => fs.statSync(path.join(dir, file)).isFile());
  return [...new Set(files)].map(file => ({
    path: file,
    base64Content: fs.readFileSync(path.join(dir, file)).toString('base64'),
  }));
}

/** The baseline: what Backstage's sample templates do, minus the remote parts. */
function writeBaseline() {
  const skeleton = path.join(baselineDir, 'skeleton');
  fs.mkdirSync(skeleton, { recursive: true });
  fs.writeFileSync(
    path.join(baselineDir, 'template.yaml'),
    `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: bench-baseline
  title: Bench baseline (Backstage sample-like)
spec:
  owner: group:default/team-platform
  type: service
  parameters:
    - title: Name
      required: [name]
      properties:
        name:
          type: string
  steps:
    - id: fetch
      name: Fetch skeleton
      action: fetch:template
      input:
        url: ./skeleton
        values:
          name: \${{ parameters.name }}
    - id: log
      name: Log
      action: debug:log
      input:
        message: Rendered \${{ parameters.name }}
`,
  );
  fs.writeFileSync(
    path.join(skeleton, 'README.md'),
    '# ${{ values.name }}\n\nCreated by the bench baseline.\n',
  );
  fs.writeFileSync(
    path.join(skeleton, 'catalog-info.yaml'),
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: \${{ values.name }}
spec:
  type: service
  lifecycle: experimental
  owner: group:default/team-platform
`,
  );
  fs.writeFileSync(
    path.join(skeleton, 'index.js'),
    "console.log('hello from ${{ values.name }}');\n",
  );
}

/** Git-ignored files and folders under `dir` (that a task would render). */
function ignoredFiles(dir) {
  return execFileSync(
    'git',
    [
      'ls-files',
      '-z',
      '--others',
      '--ignored',
      '--exclude-standard',
      '--directory',
      '.',
    ],
    { cwd: dir, encoding: 'utf8' },
  )
    .split('\0')
    .filter(Boolean);
}

async function main() {
  const ignored = ignoredFiles(templateDir);
  if (ignored.length > 0) {
    throw new Error(
      `templates/node-service has git-ignored files (${ignored
        .slice(0, 3)
        .join(
          ', ',
        )}) that a task would render and publish, as the scaffolder copies a local template's folder as it is on disk: remove them first.`,
    );
  }
  fs.rmSync(benchDir, { recursive: true, force: true });
  fs.mkdirSync(benchDir, { recursive: true });
  writeBaseline();
  const publishRoot = path.join(benchDir, 'repos');
  const configFile = path.join(benchDir, 'app-config.bench.yaml');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      backend: {
        database: {
          client: 'better-sqlite3',
          connection: { directory: path.join(benchDir, 'sqlite') },
        },
      },
      goldenPath: { scaffolder: { localPublishRoot: publishRoot } },
      catalog: {
        locations: [
          { type: 'file', target: path.join(root, 'catalog-info/*.yaml') },
          {
            type: 'file',
            target: path.join(root, 'templates/*/template.yaml'),
            rules: [{ allow: ['Template'] }],
          },
          {
            type: 'file',
            target: path.join(baselineDir, 'template.yaml'),
            rules: [{ allow: ['Template'] }],
          },
        ],
      },
    }),
  );

  const backend = startBackend({
    configFiles: [configFile],
    logFile: path.join(benchDir, 'backend.log'),
  });

  try {
    await waitReady(baseUrl, 180_000);
    const { authorization } = await guestHeaders(baseUrl);
    const headers = {
      authorization,
      'content-type': 'application/json',
    };
    const api = async (method, route, body) => {
      const res = await fetch(`${baseUrl}${route}`, {
        method,
        headers,
        body: body && JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) {
        throw new Error(`${method} ${route}: ${res.status} ${text}`);
      }
      return JSON.parse(text);
    };
    const entity = ref =>
      fetch(`${baseUrl}/api/catalog/entities/by-name/${ref}`, {
        headers,
      }).then(res => res.ok);

    // Both templates, the owner and the system must be in the catalog.
    for (const ref of [
      'template/default/node-service',
      'template/default/bench-baseline',
      'group/default/team-checkout',
      'system/default/orders',
    ]) {
      await waitFor(ref, () => entity(ref), 120_000);
    }

    const runId = Date.now().toString(36);
    const nodeValues = name => ({
      name,
      description: 'A service created by the scaffolder bench',
      owner: 'group:default/team-checkout',
      system: 'system:default/orders',
      tier: 'important',
      database: 'postgres',
      broker: 'nats',
    });
    const parse = file => require('yaml').parse(fs.readFileSync(file, 'utf8'));

    // Dry runs.
    const dryRun = async (template, values, contents) => {
      const times = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = Date.now();
        const result = await api('POST', '/api/scaffolder/v2/dry-run', {
          template,
          values,
          directoryContents: contents,
        });
        times.push(Date.now() - t0);
        const failed = result.steps?.find(s => s.status === 'failed');
        if (failed) {
          throw new Error(
            `dry run failed at step ${failed.id}: ${JSON.stringify(
              result.log?.slice(-3),
            )}`,
          );
        }
      }
      return times;
    };
    const nodeContents = directoryContents(templateDir, true);
    const nodeDry = await dryRun(
      parse(path.join(templateDir, 'template.yaml')),
      nodeValues(`bench-dry-${runId}`),
      nodeContents,
    );
    const baseDry = await dryRun(
      parse(path.join(baselineDir, 'template.yaml')),
      { name: `bench-dry-${runId}` },
      directoryContents(baselineDir, false),
    );
    console.log(
      `dry run, median of ${RUNS}: node-service ${median(nodeDry)} ms (${
        nodeContents.length
      } files, min ${Math.min(...nodeDry)}, max ${Math.max(
        ...nodeDry,
      )}); baseline ${median(baseDry)} ms`,
    );

    // Tasks.
    // Polls the task (and the catalog, and the publish root on disk) every
    // 50 ms. Not the task's events: that endpoint long-polls the database
    // once a second, which would add up to a second to every figure.
    const runTask = async (templateRef, values, entityRef, repoName) => {
      const t0 = Date.now();
      const { id } = await api('POST', '/api/scaffolder/v2/tasks', {
        templateRef,
        values,
      });
      let published;
      let inCatalog;
      const task = await waitFor(
        `task ${id}`,
        async () => {
          if (
            repoName &&
            !published &&
            fs.existsSync(path.join(publishRoot, repoName))
          ) {
            published = Date.now() - t0;
          }
          if (entityRef && !inCatalog && (await entity(entityRef))) {
            inCatalog = Date.now() - t0;
          }
          const t = await api('GET', `/api/scaffolder/v2/tasks/${id}`);
          return ['completed', 'failed', 'cancelled'].includes(t.status) && t;
        },
        300_000,
        50,
      );
      const total = Date.now() - t0;
      if (task.status !== 'completed') {
        const events = await api(
          'GET',
          `/api/scaffolder/v2/tasks/${id}/events`,
        );
        const log = events
          .filter(e => e.type === 'log')
          .map(e => e.body.message)
          .slice(-5)
          .join(' | ');
        throw new Error(`task ${id} ${task.status}: ${log}`);
      }
      if (entityRef && !inCatalog) {
        await waitFor(entityRef, () => entity(entityRef), 60_000, 50);
        inCatalog = Date.now() - t0;
      }
      return { total, published: published ?? total, inCatalog };
    };

    const nodeRuns = [];
    for (let i = 0; i < RUNS; i++) {
      const name = `bench-${runId}-${i}`;
      nodeRuns.push(
        await runTask(
          'template:default/node-service',
          nodeValues(name),
          `component/default/${name}`,
          name,
        ),
      );
    }
    const baseRuns = [];
    for (let i = 0; i < RUNS; i++) {
      baseRuns.push(
        await runTask('template:default/bench-baseline', {
          name: `bench-base-${runId}-${i}`,
        }),
      );
    }
    const totals = nodeRuns.map(r => r.total);
    console.log(
      `task, ${RUNS} services: node-service median ${seconds(
        median(totals),
      )} s, max ${seconds(Math.max(...totals))} s (goal: under 10 s); ` +
        `entity in the catalog after median ${seconds(
          median(nodeRuns.map(r => r.inCatalog)),
        )} s, max ${seconds(Math.max(...nodeRuns.map(r => r.inCatalog)))} s`,
    );
    console.log(
      `node-service milestones, median: repository published after ${seconds(
        median(nodeRuns.map(r => r.published)),
      )} s (preflight, fetch, adr, validate, publish), registration and the catalog's processing of the new location and entity ${seconds(
        median(nodeRuns.map(r => r.inCatalog - r.published)),
      )} s`,
    );
    const baseTotals = baseRuns.map(r => r.total);
    console.log(
      `task, baseline (fetch:template of 3 files + debug:log): median ${seconds(
        median(baseTotals),
      )} s, max ${seconds(Math.max(...baseTotals))} s; node-service/baseline ${(
        median(totals) / median(baseTotals)
      ).toFixed(1)}x`,
    );
    const published = fs.readdirSync(publishRoot);
    console.log(
      `published: ${published.length} repositories in ${path.relative(
        root,
        publishRoot,
      )}`,
    );
  } finally {
    backend.stop();
  }
}

main().catch(error => {
  console.error(`error: ${error.message}`);
  console.error(
    `backend log: ${path.relative(root, path.join(benchDir, 'backend.log'))}`,
  );
  process.exit(1);
});
