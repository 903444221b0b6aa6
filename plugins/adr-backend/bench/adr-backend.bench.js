#!/usr/bin/env node
// ADR backend benchmark: prints figures, asserts nothing.
//
//   source scripts/env.sh && yarn bench:adr [--files 10000] [--entities 100]
//   (or yarn workspace @golden-path/plugin-adr-backend bench [...] alone)
//
// Generates N ADR files (1-8 KB, MADR 3/4 and Nygard, some mentioning kafka,
// supersede links) in ~100 entity folders in a temp dir, ingests them with
// the plugin's AdrCommands into a SQLite file database (files/s), then serves
// the plugin's router on a plain express server and times the org page's
// requests: GET /adrs?limit=50, /facets, /stats and a filtered
// GET /adrs?status=proposed&q=kafka, 20 requests each after a warm-up,
// median and p95 against the 200 ms goal.
//
// Runs with plain node; the TypeScript sources are loaded through
// @backstage/cli's node transform (--require, see this package's bench
// script).
/* eslint-disable no-console */ // a command-line script: printing is its job
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const knexFactory = require('knex');
const { ConfigReader } = require('@backstage/config');
const { ScmIntegrations } = require('@backstage/integration');
// The shared bench helpers live at the repository root, outside any package.
/* eslint-disable @backstage/no-relative-monorepo-imports */
const {
  allowAllPermissions,
  benchUserHttpAuth,
  idleScheduler,
  percentile,
  positiveIntArg,
  serveRouter,
  serviceAuth,
  silentLogger,
} = require('../../../bench/lib');
/* eslint-enable @backstage/no-relative-monorepo-imports */
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const { adrCorpus, adrFileName } = require('../../../bench/adr-corpus');
const { DatabaseAdrStore } = require('../src/database/DatabaseAdrStore');
const { AdrCommands } = require('../src/service/AdrCommands');
const { AdrReadModel } = require('../src/service/AdrReadModel');
const { createAdrIndexSnapshot } = require('../src/service/AdrIndex');
const { AdrFolderReader } = require('../src/service/AdrFolderReader');
const { createRouter } = require('../src/service/router');
const { adrPermissionRules } = require('../src/permissions/rules');

const fileCount = positiveIntArg('--files', 10000);
const entityCount = positiveIntArg('--entities', 100);
const REQUESTS = 20;
const GOAL_MS = 200;

const corpus = adrCorpus(7);

function generate(root) {
  const entities = [];
  const perEntity = Math.ceil(fileCount / entityCount);
  let written = 0;
  for (let e = 0; e < entityCount && written < fileCount; e++) {
    const name = `service-${String(e).padStart(3, '0')}`;
    const folder = path.join(root, 'adrs', name);
    fs.mkdirSync(folder, { recursive: true });
    for (let i = 1; i <= perEntity && written < fileCount; i++, written++) {
      fs.writeFileSync(path.join(folder, adrFileName(i)), corpus.next(i));
    }
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-location': `file:${root}/catalog/${name}.yaml`,
          'golden-path.io/adr-location': `../adrs/${name}`,
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `team-${e % 12}`,
        system: `system-${e % 7}`,
      },
    });
  }
  return entities;
}

/** What a list, stats or facets answer held, in a few words. */
function describeAnswer(body) {
  if (body.totalCount !== undefined) {
    return `${body.items.length} items of ${body.totalCount}`;
  }
  if (body.total !== undefined) return `${body.total} ADRs`;
  return `${body.owners.length} owners, ${body.decisionMakers.length} people`;
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-bench-adr-'));
  try {
    const started = performance.now();
    const entities = generate(root);
    const bytes = fs
      .readdirSync(path.join(root, 'adrs'))
      .flatMap(dir =>
        fs
          .readdirSync(path.join(root, 'adrs', dir))
          .map(f => fs.statSync(path.join(root, 'adrs', dir, f)).size),
      )
      .reduce((a, b) => a + b, 0);
    console.log(
      `${fileCount} ADR files in ${entities.length} entity folders, ${(
        bytes /
        1024 /
        1024
      ).toFixed(1)} MB, generated in ${Math.round(
        performance.now() - started,
      )} ms`,
    );

    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(root, 'adr.sqlite') },
      useNullAsDefault: true,
    });
    const store = await DatabaseAdrStore.create({
      database: { getClient: async () => knex },
    });
    const catalog = {
      async *streamEntities() {
        yield entities;
      },
      async getEntityByRef() {
        return undefined;
      },
    };
    const auth = serviceAuth();
    const folderReader = new AdrFolderReader({
      reader: {},
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      config: {
        localRoots: [{ path: root, key: 'goldenPath.adr.localRoots' }],
        maxFileBytes: 1024 * 1024,
        maxFiles: 1000,
        maxDepth: 5,
      },
    });
    // The org view on a one-process memory cache (the plugin gets
    // coreServices.cache).
    const cacheEntries = new Map();
    const cache = {
      get: async key => cacheEntries.get(key),
      set: async (key, value) => void cacheEntries.set(key, value),
      delete: async key => void cacheEntries.delete(key),
      withOptions() {
        return this;
      },
    };
    const index = createAdrIndexSnapshot({ cache, store });
    const commands = new AdrCommands({
      store,
      index,
      catalog,
      auth,
      logger: silentLogger,
      folderReader,
    });
    const readModel = new AdrReadModel({
      store,
      index,
      folderReader,
      staleProposedDays: 30,
    });

    const ingestStart = performance.now();
    const summary = await commands.ingestAll();
    const ingestMs = performance.now() - ingestStart;
    console.log(
      `ingest (first run): ${summary.adrs} ADRs in ${(ingestMs / 1000).toFixed(
        1,
      )} s = ${Math.round(summary.adrs / (ingestMs / 1000))} files/s (${
        summary.failed
      } entities failed)`,
    );
    const againStart = performance.now();
    await commands.ingestAll();
    const againMs = performance.now() - againStart;
    console.log(
      `ingest (unchanged re-run): ${(againMs / 1000).toFixed(
        1,
      )} s = ${Math.round(summary.adrs / (againMs / 1000))} files/s`,
    );

    // The router as the plugin mounts it, with an allow-all policy and a
    // fixed user, on a plain express server.
    const rules = Object.values(adrPermissionRules);
    const router = await createRouter({
      httpAuth: benchUserHttpAuth,
      auth,
      permissions: allowAllPermissions,
      permissionsRegistry: {
        getPermissionRuleset: () => ({
          getRuleByName: name => rules.find(rule => rule.name === name),
        }),
      },
      catalog,
      scheduler: idleScheduler,
      readModel,
      commands,
    });
    const server = await serveRouter(router, '/api/adr');
    const { base } = server;

    const requests = [
      '/adrs?limit=50',
      '/facets',
      '/stats',
      '/adrs?status=proposed&q=kafka',
    ];
    console.log(
      `\norg page requests on SQLite (${REQUESTS} each after 3 warm-ups; goal < ${GOAL_MS} ms):`,
    );
    let allPass = true;
    for (const url of requests) {
      const times = [];
      let sample;
      for (let i = 0; i < REQUESTS + 3; i++) {
        const t0 = performance.now();
        const res = await fetch(`${base}${url}`);
        const body = await res.json();
        const ms = performance.now() - t0;
        if (!res.ok)
          throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
        if (i >= 3) times.push(ms);
        sample = body;
      }
      times.sort((a, b) => a - b);
      const median = percentile(times, 0.5);
      const p95 = percentile(times, 0.95);
      const pass = p95 < GOAL_MS;
      allPass &&= pass;
      const detail = describeAnswer(sample);
      console.log(
        `  GET ${url.padEnd(34)} median ${median
          .toFixed(1)
          .padStart(6)} ms  p95 ${p95.toFixed(1).padStart(6)} ms  ${
          pass ? 'PASS' : 'FAIL'
        }  (${detail})`,
      );
    }
    console.log(
      `\n${allPass ? 'PASS' : 'FAIL'}: every org page request p95 ${
        allPass ? 'under' : 'NOT under'
      } ${GOAL_MS} ms with ${summary.adrs} ADRs`,
    );
    await server.close();
    await knex.destroy();
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
