// The local npm registry that serves @golden-path/service-chassis to the
// services the node-service template creates: Verdaccio (a root
// devDependency) on 127.0.0.1, with packages/service-chassis published to it.
//
// @golden-path/* packages live only in this registry (never fetched from an
// uplink, so a public package of that name can never stand in for ours) and
// may be published and unpublished anonymously: it listens on loopback only.
// Every other package is proxied to the registry this machine's npm uses
// (`npm config get registry`), so pointing all of npm at it works too.
//
// Usage: node scripts/npm-registry.js <command> [options]
//   serve [--port 4873] [--storage .data/registry] [--log FILE]
//       start Verdaccio, publish the chassis, stay in the foreground until
//       SIGINT/SIGTERM, then stop it.
//   start [--port N] [--storage DIR] [--log FILE] [--no-publish]
//       the same in the background: print the registry's URL on stdout when
//       it answers (and the chassis is published) and exit, leaving Verdaccio
//       running. With --port, a registry of the same storage that still
//       answers there is reused. Without --port, a free port is taken.
//   stop [--storage DIR]
//       stop the registry `start` left running for that storage.
//   publish --registry URL
//       build and pack packages/service-chassis and publish it to URL unless
//       that version with the same content is already there.
//   lock-skeleton
//       regenerate templates/node-service/skeleton/package-lock.json against
//       a temporary registry holding the current chassis.
// --storage defaults to .data/registry, --log to <storage>/verdaccio.log.
// Messages go to stderr; only `start` writes to stdout (the URL). Exits 1 with
// a one-sentence reason on any failure.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const chassisDir = path.join(root, 'packages/service-chassis');
const skeletonDir = path.join(root, 'templates/node-service/skeleton');

const SCOPE = '@golden-path';
const DEFAULT_PORT = 4873;
const DEFAULT_STORAGE = path.join(root, '.data/registry');
const READY_TIMEOUT_MS = 30_000;
/**
 * npm refuses to publish without some token for the registry's host;
 * Verdaccio takes an unknown token as an anonymous user, which may publish
 * @golden-path/* here.
 */
const LOCAL_TOKEN = 'golden-path-local';
/** Marks the Verdaccio processes this script starts, with their config. */
const CONFIG_ENV = 'GOLDEN_PATH_REGISTRY_CONFIG';
/** The placeholder the skeleton's package.json and lock are named with. */
const NAME_PLACEHOLDER = '${{ values.name }}';
/** What lock-skeleton puts in for the skeleton's placeholders. */
const SAMPLE_VALUES = {
  name: 'sample-service',
  description: 'Sample service for the lock file',
};

class RegistryError extends Error {}

const log = message => process.stderr.write(`${message}\n`);
/** A path as the user can best read it: relative inside the cwd. */
function relative(p) {
  const rel = path.relative(process.cwd(), p);
  if (rel === '') return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

/** Runs npm, capturing its output; never throws on a non-zero exit. */
function npm(args, options = {}) {
  const result = spawnSync('npm', args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  if (result.error) {
    throw new RegistryError(`npm could not start: ${result.error.message}.`);
  }
  return result;
}

/** The last lines of a command's output, for an error message. */
function tail(result, lines = 15) {
  return `${result.stdout ?? ''}${result.stderr ?? ''}`
    .trim()
    .split('\n')
    .slice(-lines)
    .join('\n');
}

function isLoopback(url) {
  const { hostname } = new URL(url);
  return ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}

/** The URL with exactly one trailing slash, as npm writes registries. */
function normalizeRegistryUrl(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new RegistryError(`'${value}' is not a registry URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RegistryError(`'${value}' is not an http(s) registry URL.`);
  }
  return url.href.replace(/\/*$/, '/');
}

/** npm's `--//host:port/path/:_authToken=` option for a local registry. */
function tokenArgs(registryUrl) {
  if (!isLoopback(registryUrl)) return [];
  const { host, pathname } = new URL(registryUrl);
  return [`--//${host}${pathname}:_authToken=${LOCAL_TOKEN}`];
}

/** Whether 127.0.0.1:port can be listened on. */
function portIsFree(port) {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/** A port the system has just found free on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function answersPing(url) {
  try {
    const response = await fetch(new URL('-/ping', url), {
      signal: AbortSignal.timeout(2000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * The registry this machine's npm uses, as the uplink for everything but
 * @golden-path/*; npm's default when that is our own registry (no loop).
 */
function uplinkUrl(ownUrl) {
  const result = npm(['config', 'get', 'registry'], { cwd: os.tmpdir() });
  const configured = result.status === 0 ? result.stdout.trim() : '';
  const fallback = 'https://registry.npmjs.org/';
  if (!/^https?:\/\//.test(configured)) return fallback;
  const url = normalizeRegistryUrl(configured);
  return new URL(url).host === new URL(ownUrl).host ? fallback : url;
}

/** Where the files of a registry with this storage folder go. */
function storagePaths(storage) {
  const dir = path.resolve(storage);
  return {
    dir,
    config: path.join(dir, 'config.yaml'),
    state: path.join(dir, 'registry.json'),
    log: path.join(dir, 'verdaccio.log'),
  };
}

/** Verdaccio's config; JSON strings are valid YAML scalars. */
function verdaccioConfig(dir, uplink) {
  const q = JSON.stringify;
  return `# Written by scripts/npm-registry.js at every start: edits are overwritten.
storage: ${q(path.join(dir, 'packages'))}
auth:
  htpasswd:
    file: ${q(path.join(dir, 'htpasswd'))}
    # Nobody can sign up, so nobody is $authenticated: only the anonymous
    # publishing of ${SCOPE}/* below is possible.
    max_users: -1
uplinks:
  upstream:
    url: ${q(uplink)}
packages:
  # Ours: local only (no proxy), published and unpublished anonymously; the
  # registry listens on 127.0.0.1 only.
  '${SCOPE}/*':
    access: $all
    publish: $all
    unpublish: $all
  '**':
    access: $all
    publish: $authenticated
    unpublish: $authenticated
    proxy: upstream
web:
  enable: false
log:
  type: stdout
  format: pretty-timestamped
  level: warn
`;
}

function verdaccioBin() {
  let packageJson;
  try {
    packageJson = require.resolve('verdaccio/package.json', { paths: [root] });
  } catch {
    throw new RegistryError(
      "verdaccio is not installed in the repository's node_modules: run 'bash scripts/bootstrap.sh' (it runs yarn install).",
    );
  }
  return path.join(path.dirname(packageJson), 'bin/verdaccio');
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  try {
    // A zombie (ended, not yet reaped) still takes signal 0.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true; // No /proc (macOS).
  }
}

/** Ends a process and waits (up to 5 s, then SIGKILL) until it is gone. */
async function terminate(pid) {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 5000;
  while (isAlive(pid) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}

/**
 * The registry a detached `start` left running for this storage, when its
 * process is still that Verdaccio (same config file) and answers.
 */
async function findRunning(storage) {
  const paths = storagePaths(storage);
  let state;
  try {
    state = JSON.parse(fs.readFileSync(paths.state, 'utf8'));
  } catch {
    return undefined;
  }
  if (!Number.isInteger(state.pid) || !isAlive(state.pid)) return undefined;
  try {
    // Verdaccio sets its process title, so its command line no longer names
    // the config; the environment it was started with still does.
    const environ = fs.readFileSync(`/proc/${state.pid}/environ`, 'utf8');
    if (!environ.split('\0').includes(`${CONFIG_ENV}=${paths.config}`)) {
      return undefined;
    }
  } catch {
    // No /proc (macOS): the pid and the answer below have to do.
  }
  if (!(await answersPing(state.url))) return undefined;
  return { url: state.url, pid: state.pid };
}

/**
 * Starts Verdaccio on 127.0.0.1:<port> (a free port when none is given) with
 * its config and packages under `storage`, and waits until it answers.
 * `detached` leaves it running after this process exits (`stop` ends it).
 * Returns { url, pid, logFile, stop() }.
 */
async function start({ port, storage = DEFAULT_STORAGE, logFile, detached }) {
  const paths = storagePaths(storage);
  const logPath = path.resolve(logFile ?? paths.log);
  if (port === undefined) {
    port = await freePort();
  } else if (!(await portIsFree(port))) {
    throw new RegistryError(
      `port ${port} is already in use (the npm registry needs it): stop the process holding it (see 'ss -ltnp | grep :${port}') or choose another with --port.`,
    );
  }
  const url = `http://127.0.0.1:${port}/`;
  fs.mkdirSync(paths.dir, { recursive: true });
  fs.mkdirSync(path.dirname(logPath), { recursive: true });
  fs.writeFileSync(paths.config, verdaccioConfig(paths.dir, uplinkUrl(url)));

  const logFd = fs.openSync(logPath, 'w');
  const child = spawn(
    process.execPath,
    [verdaccioBin(), '--config', paths.config, '--listen', `127.0.0.1:${port}`],
    {
      cwd: paths.dir,
      env: { ...process.env, [CONFIG_ENV]: paths.config },
      stdio: ['ignore', logFd, logFd],
      detached: !!detached,
    },
  );
  fs.closeSync(logFd);
  let exited = false;
  const exitedPromise = new Promise(resolve =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve(signal ?? `code ${code}`);
    }),
  );
  const stop = async () => {
    if (!exited) await terminate(child.pid);
    if (fs.existsSync(paths.state)) {
      const state = JSON.parse(fs.readFileSync(paths.state, 'utf8'));
      if (state.pid === child.pid) fs.rmSync(paths.state, { force: true });
    }
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answersPing(url))) {
    if (exited) {
      throw new RegistryError(
        `Verdaccio exited (${await exitedPromise}) before answering at ${url}: see its log ${relative(
          logPath,
        )}.`,
      );
    }
    if (Date.now() > deadline) {
      await stop();
      throw new RegistryError(
        `Verdaccio did not answer at ${url} within ${
          READY_TIMEOUT_MS / 1000
        } s: see its log ${relative(logPath)}.`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  fs.writeFileSync(
    paths.state,
    `${JSON.stringify({ pid: child.pid, url }, null, 2)}\n`,
  );
  if (detached) child.unref();
  return { url, pid: child.pid, logFile: logPath, stop };
}

/** Stops the registry a detached `start` left running for `storage`. */
async function stopDetached(storage = DEFAULT_STORAGE) {
  const paths = storagePaths(storage);
  const running = await findRunning(storage);
  if (running) await terminate(running.pid);
  fs.rmSync(paths.state, { force: true });
  return running;
}

/** Builds packages/service-chassis and packs it into `dir`. */
/**
 * A hash of what the chassis build reads (src/, package.json, the build's
 * tsconfig): the build is skipped when dist/ was built from the same.
 */
function chassisSourceHash() {
  const hash = require('node:crypto').createHash('sha256');
  const visit = relative => {
    const full = path.join(chassisDir, relative);
    if (fs.statSync(full).isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) {
        visit(path.join(relative, entry));
      }
    } else {
      hash.update(relative).update('\0').update(fs.readFileSync(full));
    }
  };
  for (const entry of [
    'src',
    'package.json',
    'tsconfig.build.json',
    'tsconfig.json',
  ]) {
    if (fs.existsSync(path.join(chassisDir, entry))) visit(entry);
  }
  // The compiler and the type packages come from the workspace's lockfile.
  hash.update(fs.readFileSync(path.join(root, 'yarn.lock')));
  return hash.digest('hex');
}

function packChassis(dir) {
  // Kept out of dist/, which is packed: the stamp must not change the tarball.
  const stamp = path.join(
    root,
    'node_modules',
    '.cache',
    'golden-path',
    'service-chassis-source-hash',
  );
  const sourceHash = chassisSourceHash();
  const built =
    fs.existsSync(path.join(chassisDir, 'dist', 'index.js')) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8').trim() === sourceHash;
  if (!built) {
    const build = npm(['run', 'build'], { cwd: chassisDir });
    if (build.status !== 0) {
      throw new RegistryError(
        `building packages/service-chassis failed ('npm run build' exited ${
          build.status
        }):\n${tail(build)}\nFix the build, then publish again.`,
      );
    }
    fs.mkdirSync(path.dirname(stamp), { recursive: true });
    fs.writeFileSync(stamp, `${sourceHash}\n`);
  }
  const pack = npm(
    ['pack', '--json', '--ignore-scripts', '--pack-destination', dir],
    { cwd: chassisDir },
  );
  if (pack.status !== 0) {
    throw new RegistryError(
      `'npm pack' failed in packages/service-chassis (exit ${
        pack.status
      }):\n${tail(pack)}`,
    );
  }
  const [packed] = JSON.parse(pack.stdout);
  return { ...packed, tarball: path.join(dir, packed.filename) };
}

/**
 * The integrity the registry reports for name@version, or undefined when it
 * does not have that version.
 */
function publishedIntegrity(name, version, registryUrl) {
  const view = npm(
    [
      'view',
      `${name}@${version}`,
      'dist.integrity',
      '--json',
      '--prefer-online',
      '--registry',
      registryUrl,
    ],
    { cwd: os.tmpdir() },
  );
  if (view.status !== 0) {
    if (/\bE404\b/.test(view.stderr)) return undefined;
    throw new RegistryError(
      `'npm view ${name}@${version}' failed against ${registryUrl} (exit ${
        view.status
      }):\n${tail(view)}`,
    );
  }
  // An existing package without that version prints nothing.
  return view.stdout.trim() === '' ? undefined : JSON.parse(view.stdout);
}

/**
 * Publishes packages/service-chassis to the registry unless that version
 * with the same content (the packed tarball's integrity) is already there.
 * When it is there with other content (the chassis changed without a version
 * bump), a local registry gets that version unpublished and published anew;
 * any other registry is left alone and the version must be bumped.
 * Returns { name, version, integrity, published }.
 */
async function publishChassis({ registryUrl }) {
  const url = normalizeRegistryUrl(registryUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-chassis-pack-'));
  try {
    const packed = packChassis(dir);
    const { name, version, integrity } = packed;
    const existing = publishedIntegrity(name, version, url);
    if (existing === integrity) {
      log(`${name}@${version} is already in ${url} with the same content.`);
      return { name, version, integrity, published: false };
    }
    if (existing !== undefined) {
      if (!isLoopback(url)) {
        throw new RegistryError(
          `${name}@${version} is already in ${url} with other content: bump the version in packages/service-chassis/package.json to publish this one.`,
        );
      }
      log(
        `${name}@${version} in ${url} differs from packages/service-chassis (changed without a version bump): unpublishing it to publish the new content.`,
      );
      const unpublish = npm(
        [
          'unpublish',
          `${name}@${version}`,
          '--force',
          '--registry',
          url,
          ...tokenArgs(url),
        ],
        { cwd: dir },
      );
      if (unpublish.status !== 0) {
        throw new RegistryError(
          `'npm unpublish ${name}@${version}' failed against ${url} (exit ${
            unpublish.status
          }):\n${tail(unpublish)}`,
        );
      }
    }
    const publish = npm(
      ['publish', packed.tarball, '--registry', url, ...tokenArgs(url)],
      { cwd: dir },
    );
    if (publish.status !== 0) {
      throw new RegistryError(
        `'npm publish' of ${name}@${version} to ${url} failed (exit ${
          publish.status
        }):\n${tail(publish)}`,
      );
    }
    log(`Published ${name}@${version} to ${url}.`);
    return { name, version, integrity, published: true };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Regenerates the skeleton's package-lock.json: resolves the skeleton's
 * package.json (placeholders filled with sample values, starting from the
 * current lock so other pins move only when they must) with the chassis from
 * a temporary registry, then restores the name placeholder and drops
 * `resolved` and `integrity` from every @golden-path/* entry.
 *
 * Such an entry pins the version only, and npm ci (11) accepts it: it looks
 * the version up in the registry the project's .npmrc names for the scope
 * (`@golden-path:registry=...`). Checked by experiment: `npm ci --loglevel
 * http` with a fresh cache fetched `<scoped registry>/@golden-path%2fprobe`
 * and then the tarball from there; with that registry stopped it failed with
 * ECONNREFUSED instead of trying registry.npmjs.org; and
 * scripts/test-node-service-template.js installs the chassis this way.
 * Every other entry stays as npm writes it: with registry.npmjs.org
 * `resolved` URLs, or none where npm is set to
 * omit-lockfile-registry-resolved (as on this project's machines).
 */
async function lockSkeleton() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-skeleton-lock-'));
  let registry;
  try {
    const template = fs.readFileSync(
      path.join(skeletonDir, 'package.json'),
      'utf8',
    );
    const sample = text =>
      text.replace(
        /\$\{\{ values\.([A-Za-z][A-Za-z0-9]*) \}\}/g,
        (_, name) => SAMPLE_VALUES[name] ?? `sample ${name}`,
      );
    fs.writeFileSync(path.join(work, 'package.json'), sample(template));
    const lockPath = path.join(skeletonDir, 'package-lock.json');
    if (fs.existsSync(lockPath)) {
      // The existing lock keeps every other package where it is; the chassis
      // entries go, so npm reads the chassis' dependencies afresh even when
      // they changed without a version bump (its orphans are pruned).
      const previous = JSON.parse(sample(fs.readFileSync(lockPath, 'utf8')));
      for (const key of Object.keys(previous.packages ?? {})) {
        if (/(^|\/)node_modules\/@golden-path\/[^/]+$/.test(key)) {
          delete previous.packages[key];
        }
      }
      fs.writeFileSync(
        path.join(work, 'package-lock.json'),
        `${JSON.stringify(previous, null, 2)}\n`,
      );
    }

    registry = await start({ storage: path.join(work, 'registry') });
    const chassis = await publishChassis({ registryUrl: registry.url });
    fs.writeFileSync(
      path.join(work, '.npmrc'),
      `${SCOPE}:registry=${registry.url}\n`,
    );
    log(`Resolving the skeleton's dependencies in ${work} ...`);
    const install = npm(
      [
        'install',
        '--package-lock-only',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
      ],
      { cwd: work },
    );
    if (install.status !== 0) {
      throw new RegistryError(
        `'npm install --package-lock-only' failed for the skeleton's package.json (exit ${
          install.status
        }):\n${tail(install)}`,
      );
    }

    const lock = JSON.parse(
      fs.readFileSync(path.join(work, 'package-lock.json'), 'utf8'),
    );
    lock.name = NAME_PLACEHOLDER;
    lock.packages[''].name = NAME_PLACEHOLDER;
    let scoped = 0;
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (/(^|\/)node_modules\/@golden-path\/[^/]+$/.test(key)) {
        delete entry.resolved;
        delete entry.integrity;
        scoped += 1;
      }
    }
    if (scoped === 0) {
      throw new RegistryError(
        `the resolved lock has no ${SCOPE}/* package: add "${chassis.name}": "^${chassis.version}" to the skeleton's package.json dependencies.`,
      );
    }
    fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
    log(
      `Wrote ${relative(lockPath)} (${
        Object.keys(lock.packages).length - 1
      } packages; ${chassis.name}@${
        lock.packages[`node_modules/${chassis.name}`]?.version
      } pinned without registry).`,
    );
  } finally {
    await registry?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Starts (or, for a fixed port, reuses) a background registry. */
async function startDetached({ port, storage, logFile, publish }) {
  const running = await findRunning(storage);
  let url;
  if (
    running &&
    (port === undefined || new URL(running.url).port === String(port))
  ) {
    url = running.url;
    log(`The npm registry of ${relative(storage)} still answers at ${url}.`);
  } else if (running) {
    throw new RegistryError(
      `the npm registry of ${relative(storage)} already runs at ${
        running.url
      }: stop it with 'node scripts/npm-registry.js stop --storage ${relative(
        storage,
      )}' first.`,
    );
  } else {
    if (port !== undefined && !(await portIsFree(port))) {
      throw new RegistryError(
        `port ${port} is already in use by something other than the npm registry of ${relative(
          storage,
        )}: stop the process holding it (see 'ss -ltnp | grep :${port}') and run this again.`,
      );
    }
    ({ url } = await start({ port, storage, logFile, detached: true }));
  }
  if (publish) {
    try {
      await publishChassis({ registryUrl: url });
    } catch (error) {
      if (!running) await stopDetached(storage);
      throw error;
    }
  }
  process.stdout.write(`${url}\n`);
}

async function serve({ port, storage, logFile }) {
  const registry = await start({ port, storage, logFile });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await registry.stop();
    log('Stopped the npm registry.');
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  try {
    await publishChassis({ registryUrl: registry.url });
  } catch (error) {
    await registry.stop();
    throw error;
  }
  log(
    `npm registry at ${registry.url} (storage ${relative(
      storagePaths(storage).dir,
    )}); Ctrl-C stops it.`,
  );
  // Verdaccio going away on its own ends this process too.
  const timer = setInterval(async () => {
    if (!stopping && !isAlive(registry.pid)) {
      clearInterval(timer);
      log(
        `error: Verdaccio stopped on its own: see its log ${relative(
          registry.logFile,
        )}.`,
      );
      process.exit(1);
    }
  }, 1000);
}

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const options = {};
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    const value = () => {
      if (inline !== undefined) return inline;
      i += 1;
      if (rest[i] === undefined) {
        throw new RegistryError(`${flag} needs a value.`);
      }
      return rest[i];
    };
    switch (flag) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
          throw new RegistryError(`--port must be a port number (1-65535).`);
        }
        options.port = port;
        break;
      }
      case '--storage':
        options.storage = path.resolve(value());
        break;
      case '--log':
        options.logFile = path.resolve(value());
        break;
      case '--registry':
        options.registryUrl = value();
        break;
      case '--no-publish':
        options.noPublish = true;
        break;
      default:
        throw new RegistryError(
          `unknown option '${arg}': see the usage at the top of scripts/npm-registry.js.`,
        );
    }
  }
  return { command, options };
}

async function main(argv) {
  const { command, options } = parseArgs(argv);
  const storage = options.storage ?? DEFAULT_STORAGE;
  switch (command) {
    case 'serve':
      return serve({
        port: options.port ?? DEFAULT_PORT,
        storage,
        logFile: options.logFile,
      });
    case 'start':
      return startDetached({
        port: options.port,
        storage,
        logFile: options.logFile,
        publish: !options.noPublish,
      });
    case 'stop': {
      const stopped = await stopDetached(storage);
      log(
        stopped
          ? `Stopped the npm registry at ${stopped.url}.`
          : `No npm registry of ${relative(storage)} was running.`,
      );
      return undefined;
    }
    case 'publish':
      if (!options.registryUrl) {
        throw new RegistryError('publish needs --registry <url>.');
      }
      await publishChassis({ registryUrl: options.registryUrl });
      return undefined;
    case 'lock-skeleton':
      return lockSkeleton();
    default:
      throw new RegistryError(
        `unknown command '${
          command ?? ''
        }': use serve, start, stop, publish or lock-skeleton (usage at the top of scripts/npm-registry.js).`,
      );
  }
}

module.exports = { start, publishChassis, lockSkeleton, RegistryError };

if (require.main === module) {
  main(process.argv.slice(2)).catch(error => {
    const message =
      error instanceof RegistryError
        ? error.message
        : `unexpected error: ${error.stack}`;
    log(`error: ${message}`);
    process.exit(1);
  });
}
