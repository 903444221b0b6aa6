// Helpers shared by the benchmark scripts (bench/*.js here and each
// package's own bench/ folder). They print figures and assert nothing.

/** The value after `name` on the command line, or `fallback`. */
function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
}

/** A positive whole number option; exits with one sentence otherwise. */
function positiveIntArg(name, fallback) {
  const value = Number(arg(name, fallback));
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`error: ${name} needs a positive whole number`);
    process.exit(1);
  }
  return value;
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Polls `probe` until it returns something truthy (errors count as "not yet"). */
async function waitFor(what, probe, timeoutMs, intervalMs = 500) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** The p-quantile (0..1) of sorted numbers, nearest rank. */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/**
 * Times GET `base + url`: `warmups` requests first, then `requests` timed
 * ones (loopback round trip incl. JSON parsing). Throws on a non-2xx answer.
 */
async function timeRequests(base, url, { requests = 20, warmups = 3 } = {}) {
  const { performance } = require('node:perf_hooks');
  const times = [];
  let body;
  for (let i = 0; i < requests + warmups; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}${url}`);
    body = await res.json();
    const ms = performance.now() - t0;
    if (!res.ok)
      throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
    if (i >= warmups) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return {
    median: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    bytes: JSON.stringify(body).length,
    body,
  };
}

// Stand-ins for the backend services a plugin's router and services take,
// for benchmarks that mount one plugin's router on a plain express server.

/** A logger that prints errors only. */
const silentLogger = {
  debug() {},
  info() {},
  warn() {},
  error(...args) {
    console.error(...args);
  },
  child() {
    return silentLogger;
  },
};

/** The auth service of a backend plugin called `subject`. */
function serviceAuth(subject = 'bench') {
  return {
    getOwnServiceCredentials: async () => ({
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'service', subject },
    }),
    isPrincipal: (credentials, type) => credentials.principal.type === type,
  };
}

/** Every request comes from user:default/bench. */
const benchUserHttpAuth = {
  credentials: async () => ({
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef: 'user:default/bench' },
  }),
};

/** An allow-all permission policy. */
const allowAllPermissions = {
  authorize: async requests => requests.map(() => ({ result: 'ALLOW' })),
  authorizeConditional: async requests =>
    requests.map(() => ({ result: 'ALLOW' })),
};

/** A scheduler whose tasks never run (the benchmark runs the work itself). */
const idleScheduler = { triggerTask: async () => {} };

/**
 * Mounts `router` at `mountPath` on a free loopback port, as the backend
 * would; resolves to the base URL and a function that closes the server.
 */
async function serveRouter(router, mountPath) {
  // Loaded here: only the benchmarks that serve a router need express.
  const express = require('express');
  const app = express();
  app.use(mountPath, router);
  const server = await new Promise(resolve => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    base: `http://127.0.0.1:${server.address().port}${mountPath}`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

module.exports = {
  allowAllPermissions,
  arg,
  benchUserHttpAuth,
  idleScheduler,
  percentile,
  positiveIntArg,
  serveRouter,
  serviceAuth,
  silentLogger,
  sleep,
  timeRequests,
  waitFor,
};
