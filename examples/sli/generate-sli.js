#!/usr/bin/env node
// Writes 30 days of SLI data for the example organisation through the SLO
// backend's ingestion API, so the SLO dashboard has something to show.
//
//   node examples/sli/generate-sli.js --url http://localhost:7007 --token <static token>
//       [--catalog catalog-info] [--days 30] [--now 2026-11-25T12:00:00Z]
//       [--wait-seconds 180] [--state .data/sli-generator.json] [--dry-run]
//
// For every Component with golden-path.io/tier it writes the three tier SLOs
// (`<name>-availability`, `<name>-latency`, `<name>-error-rate`, see
// tierSlos in @golden-path/plugin-slo-common), and for a Component whose
// golden-path.io/slo names a local OpenSLO file, every SLO of that file whose
// metric source is not Prometheus (`#openslo.<SLO name>`, `.1`, `.2`... when
// an SLO has several objectives). Each service gets a scenario
// (SCENARIOS below, else one picked from a hash of its name): most are
// healthy, some have overspent their budget this month, some are burning it
// fast right now (a page alert fires), some send no data at all.
//
// Resolution: one point per hour for days older than a week, one per five
// minutes for the last week, one per minute for the last six hours, each
// carrying that period's requests. Every bucket's numbers come from a PRNG
// seeded with the SLO and the bucket's time, so a re-run writes the same
// numbers into the same buckets: ingestion replaces buckets, nothing is
// counted twice. With --state, a later run only writes what came after the
// last run (at most --days back), so restarting the portal fills the gap
// without rewriting hours the backend has already rolled up and pruned.
/* eslint-disable no-console */ // a command-line script: printing is its job
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { parseAllDocuments } = require('yaml');
const { random } = require('../../bench/prng');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BATCH = 10_000;

/** The tier table's availability targets (DESIGN.md defaults). */
const TIER_TARGETS = {
  critical: 0.9999,
  important: 0.999,
  standard: 0.995,
  'best-effort': 0.99,
};
const LATENCY_TARGET = 0.99;

/** Fixed scenarios for services the demo tour mentions. */
const SCENARIOS = {
  'order-service': 'healthy',
  'payment-service': 'burning',
  'shipping-service': 'breaching',
  'identity-service': 'healthy',
  'search-service': 'burning',
  'recommendation-service': 'no-data',
};

function parseArgs(argv) {
  const args = {
    url: undefined,
    token: process.env.GP_SLI_TOKEN,
    catalog: path.resolve(__dirname, '../../catalog-info'),
    days: 30,
    now: undefined,
    waitSeconds: 180,
    state: undefined,
    dryRun: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--url') args.url = value().replace(/\/+$/, '');
    else if (arg === '--token') args.token = value();
    else if (arg === '--catalog') args.catalog = path.resolve(value());
    else if (arg === '--days') args.days = Number(value());
    else if (arg === '--now') args.now = value();
    else if (arg === '--wait-seconds') args.waitSeconds = Number(value());
    else if (arg === '--state') args.state = path.resolve(value());
    else if (arg === '--dry-run') args.dryRun = true;
    else throw new Error(`unknown argument '${arg}'`);
  }
  if (!Number.isInteger(args.days) || args.days < 1 || args.days > 60) {
    throw new Error('--days must be a whole number from 1 to 60');
  }
  if (!Number.isFinite(args.waitSeconds) || args.waitSeconds < 0) {
    throw new Error('--wait-seconds must be a number of seconds');
  }
  const now = args.now ? Date.parse(args.now) : Date.now();
  if (!Number.isFinite(now))
    throw new Error(`--now '${args.now}' is not a time`);
  args.now = Math.floor(now / MINUTE) * MINUTE;
  if (!args.dryRun) {
    if (!args.url || !/^https?:\/\//.test(args.url)) {
      throw new Error(
        '--url must be the backend URL, e.g. http://localhost:7007',
      );
    }
    if (!args.token) {
      throw new Error(
        '--token (or GP_SLI_TOKEN) must be a static token the backend accepts (backend.auth.externalAccess)',
      );
    }
  }
  return args;
}

/** Whether an OpenSLO metric source (inline or a DataSource's) is Prometheus. */
function isPrometheus(metric, dataSources) {
  const source = metric?.metricSource ?? {};
  const type = source.type ?? dataSources.get(source.metricSourceRef) ?? '';
  return String(type).toLowerCase() === 'prometheus';
}

/**
 * The SLOs of an OpenSLO file that are fed through the ingestion API, as
 * `{ name, target }` with the names the SLO backend gives them. The backend
 * validates the file; this only reads what it needs, so a file it refuses
 * gets no data here either way (its refs would be refused).
 */
function readOpenSlos(file) {
  const documents = parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d =>
    d.toJS(),
  );
  const dataSources = new Map(
    documents
      .filter(d => d?.kind === 'DataSource')
      .map(d => [d.metadata?.name, d.spec?.type]),
  );
  const slis = new Map(
    documents
      .filter(d => d?.kind === 'SLI')
      .map(d => [d.metadata?.name, d.spec]),
  );
  const slos = [];
  for (const doc of documents) {
    if (doc?.kind !== 'SLO' || !Array.isArray(doc.spec?.objectives)) continue;
    const indicator =
      doc.spec.indicator?.spec ?? slis.get(doc.spec.indicatorRef);
    const ratio = indicator?.ratioMetric ?? {};
    const metrics = [ratio.good, ratio.bad, ratio.total, ratio.raw];
    if (metrics.some(m => isPrometheus(m, dataSources))) continue;
    const { objectives } = doc.spec;
    objectives.forEach((objective, index) => {
      slos.push({
        name:
          objectives.length === 1
            ? doc.metadata.name
            : `${doc.metadata.name}.${index + 1}`,
        target: Number(objective.target),
      });
    });
  }
  return slos;
}

/** The components with a tier, from the catalog files. */
function readComponents(dir) {
  const components = [];
  for (const file of fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .sort()) {
    const docs = parseAllDocuments(
      fs.readFileSync(path.join(dir, file), 'utf8'),
    );
    for (const doc of docs) {
      const entity = doc.toJS();
      const annotations = entity?.metadata?.annotations ?? {};
      const tier = annotations['golden-path.io/tier'];
      if (entity?.kind === 'Component' && TIER_TARGETS[tier]) {
        const namespace = entity.metadata.namespace ?? 'default';
        const sloFile = annotations['golden-path.io/slo'];
        components.push({
          name: entity.metadata.name,
          namespace,
          tier,
          openSlos:
            typeof sloFile === 'string' && !/^[a-z]+:\/\//i.test(sloFile)
              ? readOpenSlos(path.resolve(dir, sloFile))
              : [],
        });
      }
    }
  }
  return components;
}

/** 32-bit FNV-1a of a string. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function scenarioOf(name) {
  if (SCENARIOS[name]) return SCENARIOS[name];
  const roll = hash(name) % 20;
  if (roll < 14) return 'healthy';
  if (roll < 16) return 'breaching';
  if (roll < 18) return 'burning';
  return 'no-data';
}

/**
 * The fraction of the error budget a service burns per unit of time at
 * `time`: 1 spends exactly the budget over the window.
 */
function burnFactor(scenario, time, now, rand) {
  const noise = 0.6 + rand() * 0.8;
  switch (scenario) {
    case 'breaching':
      return 1.7 * noise;
    case 'burning':
      // Calm for the month, then an incident for the last 90 minutes that
      // burns far faster than the 14.4x page threshold.
      return now - time <= 90 * MINUTE ? 40 * noise : 0.3 * noise;
    default:
      return 0.25 * noise;
  }
}

/** Bad events out of `total` at `ratio`, rounded by chance, not always down. */
function badOf(total, ratio, rand) {
  const expected = Math.min(total, total * ratio);
  const whole = Math.floor(expected);
  return whole + (rand() < expected - whole ? 1 : 0);
}

/**
 * The buckets to write: [start, minutes] pairs, oldest first, from `days`
 * before `now` (or from `since`, when later) to `now`.
 */
function buckets(now, days, since = -Infinity) {
  const out = [];
  const start = Math.max(
    Math.floor((now - days * DAY) / HOUR) * HOUR + HOUR,
    since,
  );
  const fiveMinutesFrom = Math.floor((now - 7 * DAY) / HOUR) * HOUR;
  const minutesFrom = now - 6 * HOUR;
  for (let t = start; t < now; ) {
    if (t < fiveMinutesFrom) {
      out.push([t, 60]);
      t += HOUR;
    } else if (t < minutesFrom) {
      out.push([t, 5]);
      t += 5 * MINUTE;
    } else {
      out.push([t, 1]);
      t += MINUTE;
    }
  }
  return out;
}

/** Every point of one component. */
function pointsOf(component, now, days, since) {
  const scenario = scenarioOf(component.name);
  if (scenario === 'no-data') return { scenario, points: [] };
  const entityRef = `component:${component.namespace}/${component.name}`;
  const availabilityTarget = TIER_TARGETS[component.tier];
  const slos = [
    [`${component.name}-availability`, availabilityTarget],
    [`${component.name}-latency`, LATENCY_TARGET],
    [`${component.name}-error-rate`, availabilityTarget],
    ...(component.openSlos ?? []).map(slo => [
      `openslo.${slo.name}`,
      slo.target,
    ]),
  ];
  const perMinute = 200 + (hash(component.name) % 800);
  const points = [];
  for (const [bucketStart, minutes] of buckets(now, days, since)) {
    // Daily traffic curve: busiest mid-afternoon UTC.
    const hourOfDay = new Date(bucketStart).getUTCHours();
    const daily = 0.55 + 0.45 * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI);
    for (const [sloName, target] of slos) {
      const sloRef = `${entityRef}#${sloName}`;
      const rand = random(hash(`${sloRef}@${bucketStart}`));
      const total = Math.max(
        1,
        Math.round(perMinute * minutes * daily * (0.9 + rand() * 0.2)),
      );
      const ratio = (1 - target) * burnFactor(scenario, bucketStart, now, rand);
      points.push({
        sloRef,
        timestamp: new Date(bucketStart).toISOString(),
        good: total - badOf(total, ratio, rand),
        total,
      });
    }
  }
  return { scenario, points };
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** The error message of a failed answer (Backstage error JSON or text). */
async function errorMessage(res) {
  const text = await res.text();
  try {
    return JSON.parse(text).error?.message ?? text;
  } catch {
    return text.slice(0, 500);
  }
}

/**
 * Posts one batch. Waits while the backend starts (unreachable, 5xx, 404)
 * or has not yet defined the SLOs from the catalog (400 naming an sloRef);
 * any other refusal ends the run with the backend's message.
 */
async function post(args, points, deadline) {
  let waiting = false;
  for (;;) {
    let problem;
    try {
      const res = await fetch(`${args.url}/api/slo/v1/sli`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${args.token}`,
        },
        body: JSON.stringify({ points }),
        redirect: 'manual',
      });
      if (res.ok) return res.json();
      const message = await errorMessage(res);
      problem = `HTTP ${res.status}: ${message}`;
      const worthWaiting =
        res.status >= 500 ||
        res.status === 404 ||
        (res.status === 400 && /sloRef/i.test(message));
      if (!worthWaiting) throw new Error(problem);
    } catch (err) {
      if (problem && err.message === problem) throw err;
      problem = `not reachable (${err.cause?.code ?? err.message})`;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the SLO backend at ${args.url} did not accept SLI data in time; last answer: ${problem}`,
      );
    }
    if (!waiting) {
      console.log(`waiting for the SLO backend: ${problem.slice(0, 300)}`);
    }
    waiting = true;
    await sleep(3000);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const components = readComponents(args.catalog);
  if (components.length === 0) {
    throw new Error(`no Component with golden-path.io/tier in ${args.catalog}`);
  }
  const deadline = Date.now() + args.waitSeconds * 1000;
  // Where the last run stopped: its buckets are written already.
  let since = -Infinity;
  if (args.state && fs.existsSync(args.state)) {
    const until = Date.parse(
      JSON.parse(fs.readFileSync(args.state, 'utf8')).until,
    );
    // An hour older than a week may have had its minutes pruned already
    // (the backend then refuses writes into it): start at the next hour.
    if (Number.isFinite(until)) {
      since =
        until < args.now - 7 * DAY ? Math.ceil(until / HOUR) * HOUR : until;
    }
  }
  const counts = {};
  let sent = 0;
  let pending = [];
  const flush = async () => {
    if (pending.length === 0) return;
    if (!args.dryRun) await post(args, pending, deadline);
    sent += pending.length;
    pending = [];
  };
  const started = Date.now();
  for (const component of components) {
    const { scenario, points } = pointsOf(
      component,
      args.now,
      args.days,
      since,
    );
    counts[scenario] = (counts[scenario] ?? 0) + 1;
    for (const point of points) {
      pending.push(point);
      if (pending.length === BATCH) await flush();
    }
  }
  await flush();
  if (args.state && !args.dryRun) {
    fs.mkdirSync(path.dirname(args.state), { recursive: true });
    fs.writeFileSync(
      args.state,
      `${JSON.stringify({ until: new Date(args.now).toISOString() })}\n`,
    );
  }
  const summary = Object.entries(counts)
    .map(([scenario, n]) => `${n} ${scenario}`)
    .join(', ');
  console.log(
    `${args.dryRun ? 'would write' : 'wrote'} ${sent} SLI points for ${
      components.length
    } services (${summary}) over ${args.days} days in ${(
      (Date.now() - started) /
      1000
    ).toFixed(1)} s`,
  );
}

if (require.main === module) {
  main().catch(err => {
    console.error(`generate-sli: ${err.message}`);
    process.exit(1);
  });
}

module.exports = {
  buckets,
  pointsOf,
  readComponents,
  readOpenSlos,
  scenarioOf,
  parseArgs,
};
