#!/usr/bin/env node
// Load benchmark (issue 19): prints figures, asserts nothing.
//
//   source scripts/env.sh && yarn bench:load [--services 5000] [--replicas 2]
//       [--db postgres|sqlite] [--concurrency 50] [--requests 2000]
//
// 1. writes a synthetic organisation of N services (examples/generate-org),
// 2. starts R backends (replicas) on ports 7101.. on one database: a fresh
//    set of PostgreSQL databases (prefix gp_bench_load_) or, with --db
//    sqlite, one backend on a fresh SQLite folder under .data/bench-load/,
// 3. waits until the catalog has every component, then has the readiness,
//    SLO, ADR and golden-path backends refresh everything and waits for
//    their org views to list every component,
// 4. sends each org page's API request (and the stock catalog's
//    POST /api/catalog/entities/by-query for the same components, the
//    reference) --requests times, --concurrency at a time, spread over the
//    replicas in turn, signed in as the development guest, and prints
//    requests/s, p50/p95/p99 latency, errors and the answer's size.
//
// Goal (issue 19): each org page's p95 under 300 ms at concurrency 50 with
// 5,000 services, and no slower than the catalog query in the same run.
/* eslint-disable no-console */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { arg, percentile, positiveIntArg, sleep, waitFor } = require('./lib');

const root = path.resolve(__dirname, '..');
const benchDir = path.join(root, '.data', 'bench-load');
const services = positiveIntArg('--services', '5000');
const concurrency = positiveIntArg('--concurrency', '50');
const requests = positiveIntArg('--requests', '2000');
const db = arg('--db', 'postgres');
if (!['postgres', 'sqlite'].includes(db)) {
  console.error('error: --db needs postgres or sqlite');
  process.exit(1);
}
const replicas = db === 'sqlite' ? 1 : positiveIntArg('--replicas', '2');
if (db === 'sqlite' && arg('--replicas', '1') !== '1') {
  console.log('SQLite is one file per backend: running one replica.');
}
const PG = {
  host: process.env.GP_BENCH_PG_HOST ?? '127.0.0.1',
  port: Number(process.env.GP_BENCH_PG_PORT ?? 5432),
  user: process.env.GP_BENCH_PG_USER ?? 'postgres',
};
const PREFIX = 'gp_bench_load_';
const BASE_PORT = 7101;
const GOAL_MS = 300;

const ports = Array.from({ length: replicas }, (_, i) => BASE_PORT + i);
const urlOf = port => `http://localhost:${port}`;

/** Drops the databases a previous run left (one per plugin, PREFIX...). */
async function freshPostgres() {
  const { Client } = require('pg');
  const client = new Client({ ...PG, database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${PREFIX}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

function writeConfigs(orgDir) {
  const database =
    db === 'postgres'
      ? { client: 'pg', connection: PG, prefix: PREFIX }
      : {
          client: 'better-sqlite3',
          connection: { directory: path.join(benchDir, 'sqlite') },
        };
  const shared = {
    backend: { database },
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'API',
            'Resource',
            'Location',
            'Domain',
            'Group',
            'User',
          ],
        },
      ],
      locations: [{ type: 'file', target: path.join(orgDir, '*.yaml') }],
    },
    // The bench refreshes every plugin at once, more than once a minute.
    goldenPath: { refresh: { minInterval: { milliseconds: 0 } } },
  };
  const sharedFile = path.join(benchDir, 'app-config.load.yaml');
  fs.writeFileSync(sharedFile, JSON.stringify(shared));
  return ports.map(port => {
    const file = path.join(benchDir, `app-config.replica-${port}.yaml`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        app: { baseUrl: urlOf(port) },
        backend: {
          baseUrl: urlOf(port),
          listen: { port },
          cors: { origin: urlOf(port) },
        },
      }),
    );
    return [sharedFile, file];
  });
}

/** Starts the backend of one replica (logs in its own file). */
function startBackend(files, port) {
  const log = fs.openSync(path.join(benchDir, `backend-${port}.log`), 'w');
  return spawn(
    'yarn',
    [
      'workspace',
      'backend',
      'start',
      '--config',
      path.join(root, 'app-config.yaml'),
      // Guest sign-in and the policy that lets the guest refresh.
      '--config',
      path.join(root, 'app-config.development.yaml'),
      ...files.flatMap(file => ['--config', file]),
    ],
    { cwd: root, stdio: ['ignore', log, log], detached: true },
  );
}

const waitReady = port =>
  waitFor(
    `the backend on ${port}`,
    async () =>
      (await fetch(`${urlOf(port)}/.backstage/health/v1/readiness`)).ok,
    300_000,
  );

/**
 * Sends `count` requests, `concurrency` at a time, to the replicas in
 * turn; answers the latencies (ms), errors, requests/s and bytes.
 */
async function load(count, send) {
  const times = [];
  let errors = 0;
  let firstError;
  let bytes = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const t0 = performance.now();
      try {
        const res = await send(urlOf(ports[i % ports.length]));
        const text = await res.text();
        times.push(performance.now() - t0);
        bytes = text.length;
        if (!res.ok) {
          errors++;
          firstError ??= `${res.status} ${text.slice(0, 200)}`;
        }
      } catch (error) {
        times.push(performance.now() - t0);
        errors++;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    rps: count / seconds,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    errors,
    firstError,
    bytes,
  };
}

async function main() {
  if (!fs.existsSync(path.join(root, 'packages/app/dist/index.html'))) {
    console.log('Building the frontend once (yarn workspace app build) ...');
    execFileSync('yarn', ['workspace', 'app', 'build'], {
      cwd: root,
      stdio: 'ignore',
    });
  }
  fs.rmSync(benchDir, { recursive: true, force: true });
  fs.mkdirSync(benchDir, { recursive: true });
  const orgDir = path.join(benchDir, 'org');
  execFileSync(
    process.execPath,
    [
      path.join(root, 'examples/generate-org/generate-org.js'),
      '--services',
      String(services),
      '--out',
      orgDir,
    ],
    { stdio: 'ignore' },
  );
  if (db === 'postgres') await freshPostgres();
  console.log(
    `${services} services, ${replicas} replica(s) on ${
      db === 'postgres' ? 'PostgreSQL' : 'SQLite'
    }, concurrency ${concurrency}, ${requests} requests per API; backend logs in ${path.relative(
      root,
      benchDir,
    )}/`,
  );

  const configs = writeConfigs(orgDir);
  const backends = [];
  const stop = () => {
    for (const backend of backends) {
      try {
        process.kill(-backend.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
  };
  process.on('exit', stop);
  process.on('SIGINT', () => process.exit(130));
  try {
    // One after the other, as a rolling deployment starts them: replicas
    // started at the same moment race for the migration locks of the
    // plugins' databases (knex refuses with MigrationLocked, and the
    // plugin fails to start).
    for (const [i, port] of ports.entries()) {
      backends.push(startBackend(configs[i], port));
      await waitReady(port);
    }
    const { backstageIdentity } = await (
      await fetch(`${urlOf(ports[0])}/api/auth/guest/refresh?env=development`, {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      })
    ).json();
    const headers = { authorization: `Bearer ${backstageIdentity.token}` };
    const getJson = async url => {
      const res = await fetch(`${urlOf(ports[0])}${url}`, { headers });
      if (!res.ok) throw new Error(`${url}: ${res.status}`);
      return res.json();
    };

    const t0 = Date.now();
    await waitFor(
      `${services} components in the catalog`,
      async () =>
        (
          await getJson(
            '/api/catalog/entities/by-query?limit=1&filter=kind=component',
          )
        ).totalItems >= services,
      60 * 60_000,
      2000,
    );
    console.log(
      `catalog: every component in after ${((Date.now() - t0) / 1000).toFixed(
        0,
      )} s`,
    );

    // Everything computed once, as the scheduled tasks would.
    const t1 = Date.now();
    for (const url of [
      '/api/readiness/v1/refresh',
      '/api/slo/v1/refresh',
      '/api/adr/refresh',
      '/api/golden-path/drift/refresh',
    ]) {
      const res = await fetch(`${urlOf(ports[0])}${url}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{}',
      });
      if (!res.ok)
        throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
    }
    // The SLO view lists the components that have a tier.
    const tiered = (
      await getJson(
        '/api/catalog/entities/by-query?limit=1&filter=kind=component,metadata.annotations.golden-path.io/tier',
      )
    ).totalItems;
    await waitFor(
      'every component in the readiness and SLO views',
      async () => {
        const [readiness, slo] = await Promise.all([
          getJson('/api/readiness/v1/overview'),
          getJson('/api/slo/v1/overview'),
        ]);
        return (
          readiness.services.length >= services &&
          readiness.evaluatedAt &&
          slo.services.length >= tiered &&
          slo.computedAt
        );
      },
      60 * 60_000,
      5000,
    );
    console.log(
      `plugins: every view complete after ${((Date.now() - t1) / 1000).toFixed(
        0,
      )} s`,
    );
    // Let the post-refresh work settle before timing.
    await sleep(5000);

    const get = url => base => fetch(`${base}${url}`, { headers });
    const apis = [
      ['readiness overview', get('/api/readiness/v1/overview')],
      [
        'readiness roll-ups by owner',
        get('/api/readiness/v1/rollups?by=owner'),
      ],
      ['SLO overview', get('/api/slo/v1/overview')],
      ['ADR index (first 50)', get('/api/adr/adrs?limit=50')],
      ['golden-path drift', get('/api/golden-path/drift')],
      [
        'catalog by-query (reference)',
        base =>
          fetch(`${base}/api/catalog/entities/by-query`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({
              query: { kind: 'component' },
              fields: [
                'kind',
                'metadata.name',
                'metadata.namespace',
                'metadata.title',
                'spec.owner',
                'spec.system',
              ],
              limit: services,
            }),
          }),
      ],
    ];
    const results = [];
    for (const [name, send] of apis) {
      await load(Math.min(requests, 3 * concurrency), send); // warm-up
      results.push([name, await load(requests, send)]);
    }
    const reference = results[results.length - 1][1];
    const pad = (text, width) => String(text).padStart(width);
    console.log(
      `\n${'API'.padEnd(30)} ${pad('req/s', 7)} ${pad('p50 ms', 8)} ${pad(
        'p95 ms',
        8,
      )} ${pad('p99 ms', 8)} ${pad('errors', 7)} ${pad('KB', 7)}  goal`,
    );
    for (const [name, r] of results) {
      const verdict =
        r === reference
          ? ''
          : r.p95 < GOAL_MS && r.p95 <= reference.p95
          ? 'PASS'
          : `FAIL (p95 < ${GOAL_MS} ms and <= the catalog's)`;
      console.log(
        `${name.padEnd(30)} ${pad(r.rps.toFixed(0), 7)} ${pad(
          r.p50.toFixed(0),
          8,
        )} ${pad(r.p95.toFixed(0), 8)} ${pad(r.p99.toFixed(0), 8)} ${pad(
          r.errors,
          7,
        )} ${pad((r.bytes / 1024).toFixed(0), 7)}  ${verdict}`,
      );
      if (r.firstError) console.log(`  first error: ${r.firstError}`);
    }
  } finally {
    stop();
  }
}

main().catch(error => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
