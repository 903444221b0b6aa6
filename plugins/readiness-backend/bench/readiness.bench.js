#!/usr/bin/env node
// Readiness benchmark: prints figures, asserts nothing.
//
//   source scripts/env.sh && yarn bench:readiness [--services 5000] [--runs 3] [--db sqlite|postgres]
//   (or, in plugins/readiness-backend: yarn bench [...])
//
// The organisation is examples/generate-org's synthetic one (--services
// components). Every component gets a full set of facts (the built-in
// collectors' facts and those of the SLO and ADR modules, values drawn from
// a seeded PRNG, as a collector run would store them) and every attestable check an attestation on some
// services. The checks are the shipped ones plus one bench check.
//
// 1. Golden Path: ReadinessEvaluator.evaluate over every component, complete
//    run: facts and attestations loaded from the database, every check
//    evaluated, results, summaries and history written (seconds per run).
//    Also the in-memory part alone (evaluateEntity for every component).
// 2. Tech Insights: the same checks expressed as json-rules-engine rules
//    for @backstage-community/plugin-tech-insights-backend-module-jsonfc's
//    JsonRulesEngineFactChecker, runChecks for every component with the
//    checks its tier requires, twice: over Tech Insights' own database
//    (its TechInsightsDatabase from initializePersistenceContext, same kind
//    of database as ours, the same facts inserted), as it runs in a backend:
//    the like-for-like comparison with our full evaluation; and over the
//    facts held in memory (a store answering from a Map, so its database
//    costs nothing), compared with our in-memory part. Both sides give the
//    same pass/fail per (service, check) (printed as agreement).
// 3. The org page's server time: GET /v1/overview (and one entity) on the
//    plugin's router over the evaluated database (median and p95 of 20
//    requests after 3 warm-ups), against the 300 ms goal.
//
// Runs with plain node; TypeScript sources are loaded through
// @backstage/cli's node transform (--require, see the package's bench
// script). It reads this package's sources (../src); other packages only by
// their names.
/* eslint-disable no-console */ // a command-line script: printing is its job
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const knexFactory = require('knex');
const { Client } = require('pg');
const { parseAllDocuments } = require('yaml');
const { DateTime } = require('luxon');
const { Operator } = require('json-rules-engine');
const {
  JsonRulesEngineFactChecker,
} = require('@backstage-community/plugin-tech-insights-backend-module-jsonfc');
const {
  initializePersistenceContext,
} = require('@backstage-community/plugin-tech-insights-backend');
const {
  DEFAULT_REQUIRED_LEVELS,
  parseCheckDefinitions,
  attestationFactId,
} = require('@golden-path/plugin-readiness-common');
const {
  ADR_FACTS,
} = require('@golden-path/plugin-readiness-backend-module-adr');
const {
  SLO_FACTS,
} = require('@golden-path/plugin-readiness-backend-module-slo');
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
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const { random } = require('../../../bench/prng');
const { loadReadinessChecks } = require('../src/checks/loadReadinessChecks');
const {
  defaultFactDefinitions,
} = require('../src/collectors/defaultFactDefinitions');
const { ComponentCatalog } = require('../src/service/ComponentCatalog');
const { ReadinessCommands } = require('../src/service/ReadinessCommands');
const { ReadinessEvaluator } = require('../src/service/ReadinessEvaluator');
const { ReadinessReadModel } = require('../src/service/ReadinessReadModel');
const { OverviewSnapshot } = require('../src/service/OverviewSnapshot');

/** A cache service in memory (what coreServices.cache is without Redis). */
function memoryCache() {
  const values = new Map();
  return {
    get: async key => values.get(key),
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async key => {
      values.delete(key);
    },
    withOptions() {
      return this;
    },
  };
}
const { createRouter } = require('../src/service/router');

const serviceCount = positiveIntArg('--services', 5000);
const runs = positiveIntArg('--runs', 3);
const dbChoice = arg('--db', 'sqlite');
if (!['sqlite', 'postgres'].includes(dbChoice)) {
  console.error('error: --db needs sqlite or postgres');
  process.exit(1);
}
const PG_URL =
  process.env.GP_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const ROOT = path.resolve(__dirname, '../../..');
const OVERVIEW_GOAL_MS = 300;
const GOAL_RATIO = 5;

/** The synthetic organisation's entities, from generate-org.js. */
function generateOrg(dir) {
  execFileSync(process.execPath, [
    path.join(ROOT, 'examples/generate-org/generate-org.js'),
    '--services',
    String(serviceCount),
    '--out',
    dir,
  ]);
  const entities = [];
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.yaml'))) {
    for (const doc of parseAllDocuments(
      fs.readFileSync(path.join(dir, file), 'utf8'),
    )) {
      const entity = doc.toJS();
      if (entity?.kind) entities.push(entity);
    }
  }
  return entities;
}

const refOf = entity =>
  `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`.toLowerCase();

/** One collector run's worth of facts for a component, seeded by its name. */
function factsOf(entity, definitions) {
  const rand = random(
    [...refOf(entity)].reduce(
      (h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619),
      2166136261,
    ) >>> 0,
  );
  const annotations = entity.metadata.annotations ?? {};
  const values = {};
  for (const fact of definitions) {
    if (fact.id === 'catalog.tier') {
      values[fact.id] = annotations['golden-path.io/tier'] ?? null;
    } else if (fact.id === 'catalog.lifecycle') {
      values[fact.id] = entity.spec?.lifecycle ?? null;
    } else if (fact.type === 'boolean') {
      values[fact.id] = rand() < 0.85;
    } else if (fact.type === 'number') {
      values[fact.id] = Math.floor(rand() * 4);
    } else if (fact.type === 'string') {
      values[fact.id] = ['ok', 'warning', 'breaching', 'no-data'][
        Math.floor(rand() * 4)
      ];
    } else {
      values[fact.id] = [];
    }
  }
  return values;
}

/** One more check, reading facts of three collectors with any/not. */
const BENCH_CHECK = {
  id: 'bench-documented-decisions',
  title: 'Decisions recorded or no ADR folder needed',
  description: 'Bench only: an ADR, or a service without APIs.',
  category: 'contracts',
  level: 'silver',
  tiers: ['critical', 'important'],
  condition: {
    any: [
      { fact: 'adr.count', operator: 'greaterThan', value: 0 },
      {
        all: [
          { fact: 'catalog.providedApis', operator: 'equal', value: 0 },
          {
            not: {
              fact: 'repository.adrFolder',
              operator: 'equal',
              value: false,
            },
          },
        ],
      },
    ],
  },
  remediation: { hint: 'Record a decision.' },
};

// ---- Tech Insights --------------------------------------------------------

// Tech Insights fact names are plain keys of a retriever's fact object.
const tiName = factId => factId.replace(/\./g, '_');
const retrieverOf = factId => `golden-path-${factId.split('.')[0]}`;

function toRule(condition) {
  if ('all' in condition) return { all: condition.all.map(toRule) };
  if ('any' in condition) return { any: condition.any.map(toRule) };
  if ('not' in condition) return { not: toRule(condition.not) };
  return {
    fact: tiName(condition.fact),
    operator: condition.operator,
    value: condition.value === undefined ? null : condition.value,
  };
}

function toTechInsightsCheck(check) {
  const rule = toRule(check.condition);
  return {
    id: check.id,
    type: 'json-rules-engine',
    name: check.title,
    description: check.description,
    factIds: [...new Set(check.facts.map(retrieverOf))],
    rule: {
      conditions: 'all' in rule || 'any' in rule ? rule : { all: [rule] },
    },
  };
}

// json-rules-engine lacks these three operators of ours; the module takes
// extra operators (its `operators` option), as a team adding them would.
const EXTRA_OPERATORS = [
  new Operator('exists', fact => fact !== undefined && fact !== null),
  new Operator('notExists', fact => fact === undefined || fact === null),
  new Operator(
    'matches',
    (fact, pattern) =>
      typeof fact === 'string' && new RegExp(pattern).test(fact),
  ),
];

/** A TechInsightsStore answering from memory: its database costs nothing. */
function memoryTechInsightsStore(factsByRef, definitions) {
  const schemas = new Map();
  for (const fact of definitions) {
    const id = retrieverOf(fact.id);
    const schema = schemas.get(id) ?? {};
    schema[tiName(fact.id)] = {
      type: fact.type === 'string[]' ? 'set' : fact.type,
      description: fact.description,
    };
    schemas.set(id, schema);
  }
  const timestamp = DateTime.now();
  const byRetriever = new Map();
  for (const [ref, values] of factsByRef) {
    const rows = {};
    for (const [factId, value] of Object.entries(values)) {
      const id = retrieverOf(factId);
      rows[id] ??= {
        id,
        entity: { kind: 'component', namespace: 'default', name: ref },
        timestamp,
        version: '0.1.0',
        facts: {},
      };
      rows[id].facts[tiName(factId)] = value;
    }
    byRetriever.set(ref, rows);
  }
  return {
    async getLatestFactsByIds(ids, entity) {
      const rows = byRetriever.get(entity) ?? {};
      return Object.fromEntries(
        ids.filter(id => rows[id]).map(id => [id, rows[id]]),
      );
    },
    async getLatestSchemas(ids) {
      return (ids ?? [...schemas.keys()])
        .filter(id => schemas.has(id))
        .map(id => schemas.get(id));
    },
  };
}

// ---- main -------------------------------------------------------------------

let databases = 0;

/** A fresh database of the chosen kind (each call its own). */
async function openDatabase() {
  databases++;
  if (dbChoice === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-bench-readiness-'));
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(dir, 'readiness.sqlite') },
      useNullAsDefault: true,
    });
    return {
      knex,
      label: 'SQLite (file)',
      close: async () => {
        await knex.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `bench_readiness_${process.pid}_${databases}`;
  const admin = new Client({ connectionString: `${PG_URL}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const knex = knexFactory({
    client: 'pg',
    connection: `${PG_URL}/${name}`,
  });
  return {
    knex,
    label: 'PostgreSQL',
    close: async () => {
      await knex.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    },
  };
}

async function main() {
  const orgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-bench-org-'));
  const db = await openDatabase();
  try {
    const entities = generateOrg(orgDir);
    const components = entities.filter(e => e.kind === 'Component');
    const systemDomains = new Map(
      entities
        .filter(e => e.kind === 'System')
        .map(e => [
          refOf(e),
          e.spec?.domain ? `domain:default/${e.spec.domain}` : null,
        ]),
    );
    // The shipped checks read the SLO and ADR modules' facts too.
    const definitions = [
      ...defaultFactDefinitions(),
      ...SLO_FACTS,
      ...ADR_FACTS,
    ];
    const shipped = loadReadinessChecks({
      facts: definitions,
      disabledChecks: [],
    });
    const extra = parseCheckDefinitions([BENCH_CHECK], {
      source: 'bench',
      facts: new Map(shipped.facts.map(f => [f.id, f])),
    });
    if (extra.errors.length > 0) throw new Error(JSON.stringify(extra.errors));
    const checks = [...shipped.checks, ...extra.checks];
    const attestable = checks.filter(c => c.attestation);
    console.log(
      `Readiness bench: ${components.length} components, ${
        checks.length
      } checks (${shipped.checks.length} shipped + 1), ${
        definitions.length
      } facts each; ${db.label}; node ${process.version}, ${
        os.cpus().length
      } CPUs`,
    );

    const evaluator = await ReadinessEvaluator.fromKnex(db.knex, {
      checks,
      logger: silentLogger,
    });
    const factsByRef = new Map(
      components.map(c => [refOf(c), factsOf(c, definitions)]),
    );
    let t0 = performance.now();
    const byCollector = new Map();
    for (const [entityRef, values] of factsByRef) {
      for (const [factId, value] of Object.entries(values)) {
        const collector = factId.split('.')[0];
        const list = byCollector.get(collector) ?? new Map();
        const entry = list.get(entityRef) ?? {
          entityRef,
          facts: {},
          error: null,
        };
        entry.facts[factId] = value;
        list.set(entityRef, entry);
        byCollector.set(collector, list);
      }
    }
    for (const [collector, list] of byCollector) {
      await evaluator.store.writeCollection({
        collector,
        entities: [...list.values()],
        collectedAt: new Date(),
      });
    }
    // Every third service has attested each attestable check.
    const now = new Date();
    let attestations = 0;
    for (const [i, component] of components.entries()) {
      if (i % 3 !== 0) continue;
      for (const check of attestable) {
        await evaluator.store.addAttestation({
          id: `bench-${i}-${check.id}`,
          entityRef: refOf(component),
          checkId: check.id,
          author: 'user:default/bench',
          comment: 'bench',
          createdAt: now,
          expiresAt: new Date(now.getTime() + 30 * 86_400_000),
        });
        factsByRef.get(refOf(component))[attestationFactId(check.id)] = true;
        attestations++;
      }
    }
    for (const [ref, values] of factsByRef) {
      for (const check of attestable) {
        values[attestationFactId(check.id)] ??= false;
      }
      factsByRef.set(ref, values);
    }
    console.log(
      `setup: ${
        factsByRef.size * definitions.length
      } facts and ${attestations} attestations stored in ${(
        (performance.now() - t0) /
        1000
      ).toFixed(1)} s`,
    );

    // 1. Golden Path. The first run writes every result; a forced run
    // re-evaluates every component although nothing changed (what a full
    // evaluation costs); a scheduled run skips unchanged components.
    const timed = async options => {
      const t = performance.now();
      const result = await evaluator.evaluate(components, {
        complete: true,
        systemDomains,
        ...options,
      });
      return { seconds: (performance.now() - t) / 1000, stats: result };
    };
    const first = await timed({});
    const forced = [];
    for (let run = 0; run < runs; run++)
      forced.push(await timed({ force: true }));
    forced.sort((a, b) => a.seconds - b.seconds);
    const full = forced[Math.floor(forced.length / 2)];
    const unchanged = await timed({});
    const gpSeconds = full.seconds;
    console.log(
      `\nGolden Path (${checks.length} checks x ${components.length} services, facts loaded from the database, results and history written):`,
    );
    console.log(
      `  first evaluation (every result written): ${first.seconds.toFixed(
        2,
      )} s; outcomes ${JSON.stringify(first.stats.outcomes)}`,
    );
    console.log(
      `  full re-evaluation (force, every service evaluated): median ${gpSeconds.toFixed(
        2,
      )} s of ${runs} (${forced
        .map(r => r.seconds.toFixed(2))
        .join(', ')} s), ${full.stats.evaluated} services evaluated`,
    );
    console.log(
      `  scheduled run with nothing changed (unchanged services skipped): ${unchanged.seconds.toFixed(
        2,
      )} s, ${unchanged.stats.evaluated} evaluated`,
    );
    const facts = await evaluator.store.loadFacts();
    const memAttestations = await evaluator.store.currentAttestations(
      new Date(),
    );
    t0 = performance.now();
    const ours = new Map();
    for (const component of components) {
      const evaluation = evaluator.evaluateEntity(component, {
        facts: facts.get(refOf(component)),
        attestations: memAttestations.get(refOf(component)),
        systemDomains,
        now: new Date(),
      });
      ours.set(refOf(component), evaluation);
    }
    const memSeconds = (performance.now() - t0) / 1000;
    console.log(
      `  in-memory evaluation alone (evaluateEntity x ${
        components.length
      }): ${memSeconds.toFixed(3)} s`,
    );

    // 2. Tech Insights
    const tiChecks = checks.map(toTechInsightsCheck);
    const factDefinitionsWithAttestations = [
      ...definitions,
      ...attestable.map(c => ({
        id: attestationFactId(c.id),
        type: 'boolean',
        description: c.title,
      })),
    ];
    const checker = new JsonRulesEngineFactChecker({
      checks: tiChecks,
      repository: memoryTechInsightsStore(
        factsByRef,
        factDefinitionsWithAttestations,
      ),
      logger: silentLogger,
      operators: EXTRA_OPERATORS,
    });
    const applicable = new Map(
      components.map(c => {
        const tier = c.metadata.annotations?.['golden-path.io/tier'];
        const ids = ours
          .get(refOf(c))
          .results.filter(r => r.outcome !== 'not-applicable')
          .map(r => r.checkId);
        return [refOf(c), { tier, ids }];
      }),
    );
    // Tech Insights with its own database, as in a backend.
    const tiDb = await openDatabase();
    let tiDbSeconds;
    try {
      const { techInsightsStore } = await initializePersistenceContext(
        { getClient: async () => tiDb.knex },
        { logger: silentLogger },
      );
      const memoryStore = memoryTechInsightsStore(
        factsByRef,
        factDefinitionsWithAttestations,
      );
      for (const schema of await memoryStore.getLatestSchemas()) {
        const id = retrieverOf(Object.keys(schema)[0].replace(/_/g, '.'));
        await techInsightsStore.insertFactSchema({
          id,
          version: '0.1.0',
          schema,
        });
      }
      const rowsByRetriever = new Map();
      for (const ref of factsByRef.keys()) {
        const rows = await memoryStore.getLatestFactsByIds(
          [
            ...new Set(
              factDefinitionsWithAttestations.map(f => retrieverOf(f.id)),
            ),
          ],
          ref,
        );
        for (const [id, row] of Object.entries(rows)) {
          const list = rowsByRetriever.get(id) ?? [];
          list.push({
            entity: {
              kind: 'component',
              namespace: 'default',
              name: ref.split('/')[1],
            },
            facts: row.facts,
            timestamp: row.timestamp,
          });
          rowsByRetriever.set(id, list);
        }
      }
      for (const [id, rows] of rowsByRetriever) {
        await techInsightsStore.insertFacts({ id, facts: rows });
      }
      const dbChecker = new JsonRulesEngineFactChecker({
        checks: tiChecks,
        repository: techInsightsStore,
        logger: silentLogger,
        operators: EXTRA_OPERATORS,
      });
      t0 = performance.now();
      for (const component of components) {
        const ref = refOf(component);
        const { ids } = applicable.get(ref);
        if (ids.length) await dbChecker.runChecks(ref, ids);
      }
      tiDbSeconds = (performance.now() - t0) / 1000;
    } finally {
      await tiDb.close();
    }

    t0 = performance.now();
    const theirs = new Map();
    for (const component of components) {
      const ref = refOf(component);
      const { ids } = applicable.get(ref);
      theirs.set(ref, ids.length ? await checker.runChecks(ref, ids) : []);
    }
    const tiSeconds = (performance.now() - t0) / 1000;
    let same = 0;
    let compared = 0;
    for (const [ref, results] of theirs) {
      const mine = new Map(
        ours.get(ref).results.map(r => [r.checkId, r.outcome === 'pass']),
      );
      for (const result of results) {
        compared++;
        if (mine.get(result.check.id) === result.result) same++;
      }
    }
    console.log(
      `Tech Insights (json-rules-engine checker), the same checks: with its own database (${
        db.label
      }) ${tiDbSeconds.toFixed(
        2,
      )} s; with the facts in memory ${tiSeconds.toFixed(
        2,
      )} s; ${compared} (service, check) results, ${same} agree with Golden Path's (${(
        (100 * same) /
        Math.max(1, compared)
      ).toFixed(2)} %)`,
    );
    const ratio = tiDbSeconds / gpSeconds;
    console.log(
      `ratio, both with their database: Tech Insights / Golden Path's full re-evaluation = ${ratio.toFixed(
        1,
      )}x  ${
        ratio >= GOAL_RATIO ? 'PASS' : 'FAIL'
      } (goal >= ${GOAL_RATIO}x); vs Golden Path's first evaluation ${(
        tiDbSeconds / first.seconds
      ).toFixed(1)}x, vs a scheduled run with nothing changed ${(
        tiDbSeconds / unchanged.seconds
      ).toFixed(1)}x`,
    );
    console.log(
      `ratio, both in memory: Tech Insights ${tiSeconds.toFixed(
        2,
      )} s / Golden Path ${memSeconds.toFixed(3)} s = ${(
        tiSeconds / memSeconds
      ).toFixed(
        1,
      )}x; Tech Insights in memory / Golden Path's full re-evaluation from its database = ${(
        tiSeconds / gpSeconds
      ).toFixed(1)}x`,
    );

    // 3. The org page
    const byRef = new Map(entities.map(e => [refOf(e), e]));
    const catalog = new ComponentCatalog({
      // The entity route looks the component up in the catalog.
      catalog: {
        getEntityByRef: async ref =>
          byRef.get(typeof ref === 'string' ? ref.toLowerCase() : refOf(ref)),
        getEntitiesByRefs: async ({ entityRefs }) => ({
          items: entityRefs.map(ref => byRef.get(ref.toLowerCase())),
        }),
      },
      auth: serviceAuth('plugin:readiness'),
      permissions: allowAllPermissions,
    });
    // The org views' snapshot: built by the first request, then served
    // from memory until a command invalidates it.
    const snapshot = new OverviewSnapshot({
      cache: memoryCache(),
      store: evaluator.store,
    });
    const readModel = new ReadinessReadModel({
      store: evaluator.store,
      components: catalog,
      checks,
      facts: definitions,
      requiredLevels: DEFAULT_REQUIRED_LEVELS,
      snapshot,
    });
    // The router's POST routes only; the bench times GETs.
    const commands = new ReadinessCommands({
      store: evaluator.store,
      evaluator,
      collectors: [],
      components: catalog,
      logger: silentLogger,
      checks,
      snapshot,
    });
    const router = await createRouter({
      httpAuth: benchUserHttpAuth,
      permissions: allowAllPermissions,
      scheduler: idleScheduler,
      readModel,
      commands,
    });
    const server = await serveRouter(router, '/api/readiness');
    const { base } = server;
    try {
      console.log(
        '\nrequests (HTTP round trip on loopback incl. JSON, 20 each after 3 warm-ups):',
      );
      for (const url of [
        '/v1/overview',
        '/v1/overview?tier=critical',
        '/v1/services?limit=50',
        '/v1/services?sort=title&order=desc&limit=100&q=svc',
        '/v1/rollups?by=system',
        `/v1/entities/component/default/${components[0].metadata.name}`,
      ]) {
        const r = await timeRequests(base, url);
        let verdict = '';
        if (url === '/v1/overview') {
          verdict =
            r.p95 < OVERVIEW_GOAL_MS
              ? `  PASS (p95 < ${OVERVIEW_GOAL_MS} ms)`
              : `  FAIL (p95 >= ${OVERVIEW_GOAL_MS} ms)`;
        }
        console.log(
          `  GET ${url.padEnd(48)} median ${r.median
            .toFixed(1)
            .padStart(7)} ms  p95 ${r.p95.toFixed(1).padStart(7)} ms  ${(
            r.bytes / 1024
          ).toFixed(0)} KB${verdict}`,
        );
      }
    } finally {
      await server.close();
    }
  } finally {
    await db.close();
    fs.rmSync(orgDir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
