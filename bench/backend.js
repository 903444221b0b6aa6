// Running the portal's real backend for a benchmark (bench/catalog.js,
// bench/scaffolder.js, bench/load.js): the frontend build it serves, a
// synthetic organisation, the catalog config that reads it, starting and
// stopping `yarn workspace backend start` and signing in as the guest.
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { waitFor } = require('./lib');

const root = path.resolve(__dirname, '..');

/** Builds the frontend the backend serves when its sources changed. */
function buildFrontend() {
  execFileSync(
    process.execPath,
    [path.join(root, 'scripts/build-frontend.js')],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

/** Writes the synthetic organisation of `services` services to `orgDir`. */
function generateOrg(orgDir, services, { quiet = false } = {}) {
  execFileSync(
    process.execPath,
    [
      path.join(root, 'examples/generate-org/generate-org.js'),
      '--services',
      String(services),
      '--out',
      orgDir,
    ],
    { stdio: quiet ? 'ignore' : 'inherit' },
  );
}

/** The catalog config that reads every kind of the organisation in `orgDir`. */
function orgCatalogConfig(orgDir) {
  return {
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
  };
}

/** Writes `config` as a config file at `file` (JSON is YAML) and answers the path. */
function writeConfig(file, config) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

/**
 * Starts the portal's backend with app-config.yaml, the development config
 * (guest sign-in) and `configFiles`, its output in `logFile`; it is stopped
 * when this process exits (or by `stop()`).
 */
function startBackend({ configFiles, logFile, env }) {
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    'yarn',
    [
      'workspace',
      'backend',
      'start',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      path.join(root, 'app-config.development.yaml'),
      ...configFiles.flatMap(file => ['--config', file]),
    ],
    {
      cwd: root,
      stdio: ['ignore', log, log],
      detached: true,
      env: { ...process.env, ...env },
    },
  );
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  };
  process.on('exit', stop);
  stopOnSignals();
  return { child, stop };
}

let signalsHandled = false;
/** Interrupted or terminated, the bench exits, and its exit stops the backends. */
function stopOnSignals() {
  if (signalsHandled) return;
  signalsHandled = true;
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));
}

/** Waits until the backend at `baseUrl` reports ready. */
function waitReady(baseUrl, timeoutMs = 300_000) {
  return waitFor(
    `the backend at ${baseUrl}`,
    async () => (await fetch(`${baseUrl}/.backstage/health/v1/readiness`)).ok,
    timeoutMs,
  );
}

/** Signs in as the development guest; answers the Authorization header. */
async function guestHeaders(baseUrl) {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh?env=development`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(
      `guest sign-in at ${baseUrl}: ${res.status} ${await res.text()}`,
    );
  }
  const { backstageIdentity } = await res.json();
  return { authorization: `Bearer ${backstageIdentity.token}` };
}

module.exports = {
  buildFrontend,
  generateOrg,
  guestHeaders,
  orgCatalogConfig,
  root,
  startBackend,
  waitReady,
  writeConfig,
};
