#!/usr/bin/env node
// SLO backend benchmark: prints figures, asserts nothing.
//
//   source scripts/env.sh && yarn bench:slo [--slos 1000] [--days 30] [--db sqlite|postgres|both]
//   (or, in plugins/slo-backend: yarn bench [...])
//
// Growth mode, ingestion only (no compute, requests or Prometheus check):
//
//   yarn bench:slo --rounds 10 [--round-points 1000000] [--slos 1000] [--db sqlite]
//
// writes `rounds` rounds of `round-points` points each, in time order as a
// live feed would (every SLO's minute m, then minute m + 1, ...; batches of
// 10,000), and prints per round the points/s of DatabaseSloStore.writeBuckets
// (wall clock), the points per CPU second this process spent in it (on
// SQLite, which runs in-process, that figure depends less on what else the
// machine is doing; on PostgreSQL it leaves the server out) and the rows then
// in slo_sli_minutes and slo_sli_hours, so that a slowdown as the tables grow
// shows. `--days` does not apply.
//
// For each database (a SQLite file in a temp dir; a temporary PostgreSQL
// database bench_slo_<pid> at 127.0.0.1:5432, skipped with a reason when the
// server does not answer): stores the definitions of ceil(slos / 3)
// components with a tier (3 tier SLOs each) through the compute command's
// catalog sync, writes `days` of per-minute points for every SLO through the store's
// writeBuckets in batches of 10,000 (SLO after SLO, oldest first; points/s),
// computes every SLO once (SloComputeCommand.computeAll), then serves the plugin's
// router on a plain express server and times GET /v1/overview and one
// GET /v1/entities/... (20 requests each after 3 warm-ups; median and p95 of
// the loopback round trip, JSON included), against the 300 ms goal for the
// overview on PostgreSQL.
//
// Then the Prometheus agreement: one SLO's points are backfilled into a real
// Prometheus (promtool + /usr/bin/prometheus, as the plugin's tests do) and
// the same SloComputeCommand.compute runs once against the built-in store and once
// against the Prometheus source, with the same `now`; the budgets must agree
// to 4 decimals.
//
// Runs with plain node; the TypeScript sources are loaded through
// @backstage/cli's node transform (--require, see the package's bench
// script). It reads this package's sources (../src); other packages only by
// their names.
/* eslint-disable no-console */ // a command-line script: printing is its job
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const knexFactory = require('knex');
const { Client } = require('pg');
const { ConfigReader } = require('@backstage/config');
const { ScmIntegrations } = require('@backstage/integration');
const {
  createPrometheusSliSource,
} = require('@golden-path/plugin-slo-backend-module-prometheus');
const {
  backfillSelectors,
  findPrometheus,
  startBackfilledPrometheus,
} = require('@golden-path/plugin-slo-backend-module-prometheus/testUtils');
// The repository's shared bench helpers (bench/ at the root) are no package.
/* eslint-disable @backstage/no-relative-monorepo-imports */
const {
  allowAllPermissions,
  arg,
  benchUserHttpAuth,
  idleScheduler,
  positiveIntArg,
  serveRouter,
  serviceAuth,
  silentLogger,
  timeRequests,
} = require('../../../bench/lib');
/* eslint-enable @backstage/no-relative-monorepo-imports */
const { DatabaseSloStore } = require('../src/database/DatabaseSloStore');
const { SliIngestCommand } = require('../src/service/SliIngestCommand');
const { SloComputeCommand } = require('../src/service/SloComputeCommand');
const { SloReadModel } = require('../src/service/SloReadModel');
const { SloDefinitionReader } = require('../src/service/SloDefinitionReader');
const { createRouter } = require('../src/service/router');
const { BuiltinSliSource } = require('../src/sources/BuiltinSliSource');
const { readSloConfig } = require('../src/readSloConfig');

/**
 * The plugin's cache service in memory (the snapshot's generation), as
 * Backstage's memory store keeps it for one backend.
 */
function memoryCache() {
  const values = new Map();
  const cache = {
    get: async key => values.get(key),
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async key => {
      values.delete(key);
    },
    withOptions: () => cache,
  };
  return cache;
}

const sloTarget = positiveIntArg('--slos', 1000);
const days = positiveIntArg('--days', 30);
const dbChoice = arg('--db', 'both');
const rounds =
  arg('--rounds', null) === null ? 0 : positiveIntArg('--rounds', 1);
const roundPoints = positiveIntArg('--round-points', 1_000_000);
if (!['sqlite', 'postgres', 'both'].includes(dbChoice)) {
  console.error('error: --db needs sqlite, postgres or both');
  process.exit(1);
}
const PG_URL =
  process.env.GP_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const BATCH = 10_000;
const REQUESTS = 20;
const WARMUPS = 3;
const OVERVIEW_GOAL_MS = 300;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TIERS = ['critical', 'important', 'standard', 'best-effort'];

// Data end on a whole hour a little in the past, and the service's clock is
// pinned there, so both sources see the same window on minute boundaries.
const NOW = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
const START = NOW - days * 24 * HOUR;
const MINUTES = days * 24 * 60;

const componentCount = Math.ceil(sloTarget / 3);
const components = Array.from({ length: componentCount }, (_, i) => {
  const name = `service-${String(i).padStart(4, '0')}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'golden-path.io/tier': TIERS[i % TIERS.length] },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: `team-${i % 12}`,
      system: `system-${i % 7}`,
    },
  };
});

/**
 * The counts of one SLO at one minute: deterministic from (slo, minute), no
 * state, so the Prometheus check can regenerate one SLO's points. About
 * 0.05 % errors with a 2-hour incident at ~5 % on day 1, and 2 % of minutes
 * without traffic.
 */
function pointAt(slo, minute) {
  let h =
    (Math.imul(slo + 1, 0x9e3779b1) ^ Math.imul(minute + 1, 0x85ebca6b)) >>> 0;
  const next = () => {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    h = Math.imul(h ^ (h >>> 12), 0x297a2d39) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
    return h / 2 ** 32;
  };
  if (next() < 0.02) return null;
  const total = 500 + Math.floor(next() * 1000);
  const incident = minute >= 30 * 60 && minute < 32 * 60;
  const errorRate = incident ? 0.05 : 0.0005;
  const bad = Math.min(total, Math.round(total * errorRate * 2 * next()));
  return { good: total - bad, total };
}

const auth = serviceAuth();

const fmt = n => Math.round(n).toLocaleString('en-US');

const config = new ConfigReader({});
const sloConfig = readSloConfig(config);
const catalog = {
  getEntities: async () => ({ items: components }),
};

function makeCompute(store, prometheusSource = null) {
  return new SloComputeCommand({
    store,
    catalog,
    auth,
    logger: silentLogger,
    definitionReader: new SloDefinitionReader({
      reader: {},
      integrations: ScmIntegrations.fromConfig(config),
      config: sloConfig,
    }),
    sources: new Map([
      ['builtin', new BuiltinSliSource(store)],
      ...(prometheusSource ? [['prometheus', prometheusSource]] : []),
    ]),
    config: sloConfig,
    now: () => new Date(NOW),
  });
}

/**
 * Growth mode: ingestion in rounds, time order, with the table sizes after
 * each round. Prints figures only.
 */
async function benchGrowth(label, knex) {
  console.log(`\n=== ${label}: growth ===`);
  const store = await DatabaseSloStore.create({
    database: { getClient: async () => knex },
  });
  await makeCompute(store).syncDefinitions();
  const refs = (await store.listDefinitions()).map(d => d.sloRef);
  const rowCount = async table =>
    Number((await knex(table).count({ n: '*' }))[0].n);
  // Start far enough back that every round stays in the past.
  const minutesNeeded = Math.ceil((rounds * roundPoints) / refs.length / 0.98);
  const firstMinute = Math.floor(NOW / MINUTE) - minutesNeeded - 60;
  let m = 0;
  let s = 0;
  const nextPoint = () => {
    for (;;) {
      const point = pointAt(s, m);
      const bucket = point && {
        sloRef: refs[s],
        minute: firstMinute + m,
        ...point,
      };
      s++;
      if (s === refs.length) {
        s = 0;
        m++;
      }
      if (bucket) return bucket;
    }
  };
  console.log(
    `${refs.length} SLOs; rounds of ${fmt(
      roundPoints,
    )} points in batches of ${fmt(BATCH)} (all SLOs minute by minute)`,
  );
  console.log(
    'round  points/s (writeBuckets)  points/CPU-s (node)  minutes rows after  hours rows after',
  );
  for (let r = 1; r <= rounds; r++) {
    let writeMs = 0;
    let cpuUs = 0;
    let written = 0;
    while (written < roundPoints) {
      const size = Math.min(BATCH, roundPoints - written);
      const batch = Array.from({ length: size }, nextPoint);
      const w0 = performance.now();
      const c0 = process.cpuUsage();
      const refused = await store.writeBuckets(batch);
      const c1 = process.cpuUsage(c0);
      cpuUs += c1.user + c1.system;
      writeMs += performance.now() - w0;
      if (refused.length > 0) throw new Error(`refused: ${refused.length}`);
      written += size;
    }
    const minutes = await rowCount('slo_sli_minutes');
    const hours = await rowCount('slo_sli_hours');
    console.log(
      `${String(r).padStart(5)}  ${fmt(written / (writeMs / 1000)).padStart(
        22,
      )}  ${fmt(written / (cpuUs / 1e6)).padStart(19)}  ${fmt(minutes).padStart(
        18,
      )}  ${fmt(hours).padStart(16)}`,
    );
  }
  return undefined;
}

/** Runs the whole benchmark on one database; returns the store for the Prometheus check. */
async function benchDatabase(label, knex) {
  console.log(`\n=== ${label} ===`);
  const store = await DatabaseSloStore.create({
    database: { getClient: async () => knex },
  });
  const compute = makeCompute(store);

  let t0 = performance.now();
  const synced = await compute.syncDefinitions();
  console.log(
    `definitions: ${synced.slos} SLOs of ${
      synced.entities
    } components (3 tier SLOs each) stored in ${Math.round(
      performance.now() - t0,
    )} ms`,
  );
  const refs = (await store.listDefinitions()).map(d => d.sloRef);

  // Ingestion: SLO after SLO, minute after minute, 10,000 buckets a batch.
  let batch = [];
  let points = 0;
  let batches = 0;
  let writeMs = 0;
  const flush = async () => {
    const w0 = performance.now();
    const refused = await store.writeBuckets(batch);
    writeMs += performance.now() - w0;
    if (refused.length > 0) throw new Error(`refused: ${refused.length}`);
    points += batch.length;
    batches++;
    batch = [];
    if (batches % 200 === 0) {
      console.log(
        `  ... ${fmt(points)} points, ${fmt(
          points / (writeMs / 1000),
        )} points/s so far`,
      );
    }
  };
  const firstMinute = START / MINUTE;
  const wall0 = performance.now();
  for (let s = 0; s < refs.length; s++) {
    for (let m = 0; m < MINUTES; m++) {
      const point = pointAt(s, m);
      if (!point) continue;
      batch.push({ sloRef: refs[s], minute: firstMinute + m, ...point });
      if (batch.length === BATCH) await flush();
    }
  }
  if (batch.length > 0) await flush();
  const wallMs = performance.now() - wall0;
  console.log(
    `ingestion: ${fmt(points)} points (${
      refs.length
    } SLOs x ${days} days of minutes, 2 % of minutes empty) in ${batches} batches of up to ${fmt(
      BATCH,
    )}: ${(writeMs / 1000).toFixed(
      1,
    )} s in DatabaseSloStore.writeBuckets = ${fmt(
      points / (writeMs / 1000),
    )} points/s (${(wallMs / 1000).toFixed(1)} s wall with generation = ${fmt(
      points / (wallMs / 1000),
    )} points/s)`,
  );

  t0 = performance.now();
  await compute.computeAll();
  const computeMs = performance.now() - t0;
  console.log(
    `compute: SloComputeCommand.computeAll for ${refs.length} SLOs in ${(
      computeMs / 1000
    ).toFixed(2)} s (${(computeMs / refs.length).toFixed(1)} ms per SLO)`,
  );

  const router = await createRouter({
    httpAuth: benchUserHttpAuth,
    permissions: allowAllPermissions,
    catalog,
    scheduler: idleScheduler,
    ingest: new SliIngestCommand({ store, config: sloConfig }),
    readModel: new SloReadModel({
      store,
      catalog,
      auth,
      config: sloConfig,
      cache: memoryCache(),
    }),
  });
  const server = await serveRouter(router, '/api/slo');
  const { base } = server;
  const results = {};
  try {
    const goal = label === 'PostgreSQL' ? OVERVIEW_GOAL_MS : undefined;
    console.log(
      `requests (HTTP round trip on loopback incl. JSON, ${REQUESTS} each after ${WARMUPS} warm-ups):`,
    );
    for (const [name, url] of [
      ['overview', '/v1/overview'],
      ['services', '/v1/services?limit=25'],
      ['services', '/v1/services?limit=25&sort=burnRate&order=desc&q=bench'],
      [
        'entity',
        `/v1/entities/component/default/${components[0].metadata.name}`,
      ],
    ]) {
      const r = await timeRequests(base, url, {
        requests: REQUESTS,
        warmups: WARMUPS,
      });
      results[url] = r;
      let detail;
      if (name === 'overview') {
        detail = `${r.body.totalServices} services, ${r.body.firingAlerts.length} firing alerts`;
      } else if (name === 'services') {
        detail = `${r.body.items.length} of ${r.body.totalItems} services`;
      } else {
        detail = `${r.body.slos.length} SLOs, ${Object.values(
          r.body.burnDown,
        ).reduce((n, p) => n + p.length, 0)} burn-down points`;
      }
      let verdict = '';
      if ((name === 'overview' || name === 'services') && goal) {
        verdict =
          r.p95 < goal
            ? `  PASS (p95 < ${goal} ms)`
            : `  FAIL (p95 >= ${goal} ms)`;
        if (r.median >= goal) verdict += ', median over goal too';
      }
      console.log(
        `  GET ${url.padEnd(44)} median ${r.median
          .toFixed(1)
          .padStart(7)} ms  p95 ${r.p95.toFixed(1).padStart(7)} ms  ${(
          r.bytes / 1024
        ).toFixed(0)} KB (${detail})${verdict}`,
      );
    }
  } finally {
    await server.close();
  }
  return { store, refs, results };
}

async function prometheusAgreement(store, refs) {
  console.log(`\n=== Prometheus agreement ===`);
  const binaries = findPrometheus();
  if (!binaries) {
    console.log('skipped: no Prometheus binary (see above)');
    return;
  }
  const ref = refs[0];
  const definition = (await store.getDefinitions([ref])).get(ref);
  const points = [];
  for (let m = 0; m < MINUTES; m++) {
    const p = pointAt(0, m);
    if (p) points.push({ timestamp: START + m * MINUTE, ...p });
  }
  const slo = 'bench-slo-0';
  let t0 = performance.now();
  const prometheus = await startBackfilledPrometheus({
    ...binaries,
    points,
    slo,
  });
  console.log(
    `backfilled ${fmt(
      points.length,
    )} points (${days} days) of ${ref} into Prometheus in ${(
      (performance.now() - t0) /
      1000
    ).toFixed(1)} s`,
  );
  try {
    const selectors = backfillSelectors(slo);
    const prometheusSource = createPrometheusSliSource({
      config: new ConfigReader({
        goldenPath: { slo: { prometheus: { bench: { url: prometheus.url } } } },
      }),
      logger: silentLogger,
    });
    const compute = makeCompute(store, prometheusSource);
    const now = new Date(NOW);
    t0 = performance.now();
    const builtin = (await compute.compute(definition, now)).summary;
    const builtinMs = performance.now() - t0;
    t0 = performance.now();
    const fromPrometheus = (
      await compute.compute(
        {
          ...definition,
          dataSource: {
            type: 'prometheus',
            name: 'bench',
            goodQuery: selectors.good,
            badQuery: null,
            totalQuery: selectors.total,
          },
        },
        now,
      )
    ).summary;
    const promMs = performance.now() - t0;
    if (fromPrometheus.error) throw new Error(fromPrometheus.error);
    console.log(
      `window ${builtin.window.start} .. ${builtin.window.end}, target ${definition.target}`,
    );
    let agree = true;
    for (const key of ['attainment', 'budgetRemaining']) {
      const a = builtin[key];
      const b = fromPrometheus[key];
      const ok = a !== null && b !== null && Math.abs(a - b) < 0.5e-4;
      agree &&= ok;
      console.log(
        `  ${key.padEnd(16)} built-in ${a?.toFixed(6)}  Prometheus ${b?.toFixed(
          6,
        )}  diff ${
          a !== null && b !== null ? Math.abs(a - b).toExponential(2) : 'n/a'
        }  ${ok ? 'agree to 4 decimals' : 'DISAGREE'}`,
      );
    }
    const burn = builtin.burnRates.map((w, i) => {
      const p = fromPrometheus.burnRates[i];
      return `${w.window} ${w.burnRate?.toFixed(4)}/${p?.burnRate?.toFixed(4)}`;
    });
    console.log(`  burn rates built-in/Prometheus: ${burn.join(', ')}`);
    console.log(
      `  SloComputeCommand.compute: built-in ${builtinMs.toFixed(
        0,
      )} ms, Prometheus ${promMs.toFixed(0)} ms`,
    );
    console.log(`${agree ? 'PASS' : 'FAIL'}: budgets agree to 4 decimals`);
  } finally {
    await prometheus.stop();
  }
}

async function withSqlite(fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-bench-slo-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'slo.sqlite') },
    useNullAsDefault: true,
  });
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function withPostgres(fn) {
  const dbName = `bench_slo_${process.pid}`;
  const admin = new Client({
    connectionString: PG_URL,
    connectionTimeoutMillis: 5000,
  });
  try {
    await admin.connect();
  } catch (error) {
    console.log(
      `\n=== PostgreSQL ===\nskipped: PostgreSQL at ${PG_URL} does not answer (${error.message})`,
    );
    return undefined;
  }
  await admin.query(`create database ${dbName}`);
  const knex = knexFactory({
    client: 'pg',
    connection: `${PG_URL}/${dbName}`,
  });
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
    await admin.query(`drop database if exists ${dbName}`);
    await admin.end();
  }
}

async function main() {
  console.log(
    `SLO bench: ${
      componentCount * 3
    } SLOs (${componentCount} components x 3 tier SLOs), ${
      rounds > 0
        ? `${rounds} rounds of ${fmt(roundPoints)} points`
        : `${days} days of per-minute data`
    } ending ${new Date(NOW).toISOString()}; node ${process.version}, ${
      os.cpus().length
    } CPUs`,
  );
  let checked = false;
  const check = async ({ store, refs }) => {
    if (checked) return;
    checked = true;
    await prometheusAgreement(store, refs);
  };
  if (rounds > 0) {
    if (dbChoice !== 'postgres')
      await withSqlite(knex => benchGrowth('SQLite', knex));
    if (dbChoice !== 'sqlite') {
      await withPostgres(knex => benchGrowth('PostgreSQL', knex));
    }
    return;
  }
  if (dbChoice !== 'postgres') {
    await withSqlite(async knex => check(await benchDatabase('SQLite', knex)));
  }
  if (dbChoice !== 'sqlite') {
    await withPostgres(async knex =>
      check(await benchDatabase('PostgreSQL', knex)),
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
