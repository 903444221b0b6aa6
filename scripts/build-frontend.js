#!/usr/bin/env node
/*
 * Builds the frontend (packages/app/dist) for the backend to serve, only when
 * its sources changed since the last build: a SHA-256 over every file of the
 * app and of the workspace packages a browser bundle can include (frontend
 * plugins, web and common libraries), plus the root manifests and lockfile, is
 * kept in dist/ next to the build. Used by scripts/start.sh (without --dev),
 * scripts/test.sh and scripts/e2e.sh, so the browser tests run what people run.
 *
 *   node scripts/build-frontend.js [--force] [--quiet]
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const appDir = path.join(root, 'packages', 'app');
const stampFile = path.join(appDir, 'dist', '.golden-path-build-hash');
const BROWSER_ROLES = new Set([
  'frontend',
  'frontend-plugin',
  'frontend-plugin-module',
  'web-library',
  'common-library',
]);
// Files that never reach the bundle: changing them needs no rebuild.
const IGNORED = [
  /(^|\/)dist(-types)?\//,
  /(^|\/)e2e-tests\//,
  /\.test\.tsx?$/,
  /(^|\/)setupTests\.ts$/,
  /\.md$/,
  /(^|\/)docs\//,
];

function browserPackageDirs() {
  const dirs = [];
  for (const parent of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(root, parent))) {
      const manifest = path.join(root, parent, name, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const role = JSON.parse(fs.readFileSync(manifest, 'utf8')).backstage
        ?.role;
      if (BROWSER_ROLES.has(role)) dirs.push(`${parent}/${name}`);
    }
  }
  return dirs.sort();
}

/** The hash of what the frontend build reads. */
function sourceHash() {
  const dirs = browserPackageDirs();
  // Tracked and untracked (not ignored) files: edits count before a commit.
  const files = execFileSync(
    'git',
    [
      'ls-files',
      '-z',
      '--cached',
      '--others',
      '--exclude-standard',
      '--',
      ...dirs,
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
    .split('\0')
    .filter(file => file && !IGNORED.some(pattern => pattern.test(file)));
  files.push('package.json', 'yarn.lock', 'backstage.json', 'tsconfig.json');
  const hash = crypto.createHash('sha256');
  for (const file of [...new Set(files)].sort()) {
    const full = path.join(root, file);
    if (!fs.existsSync(full)) continue; // deleted, not yet staged
    hash.update(file).update('\0').update(fs.readFileSync(full)).update('\0');
  }
  return hash.digest('hex');
}

function main() {
  const args = new Set(process.argv.slice(2));
  const unknown = [...args].filter(
    arg => !['--force', '--quiet'].includes(arg),
  );
  if (unknown.length) {
    console.error(
      `error: unknown option ${unknown[0]}: use --force or --quiet.`,
    );
    process.exit(2);
  }
  const hash = sourceHash();
  const built =
    fs.existsSync(stampFile) &&
    fs.existsSync(path.join(appDir, 'dist', 'index.html')) &&
    fs.readFileSync(stampFile, 'utf8').trim() === hash;
  if (built && !args.has('--force')) {
    if (!args.has('--quiet')) {
      console.log('Frontend build is up to date (packages/app/dist).');
    }
    return;
  }
  console.log('Building the frontend (packages/app/dist; a few minutes) ...');
  const started = Date.now();
  const log = path.join(root, '.data', 'app-build.log');
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const out = fs.openSync(log, 'w');
  const result = spawnSync('yarn', ['workspace', 'app', 'build'], {
    cwd: root,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  if (result.status !== 0) {
    const tail = fs.readFileSync(log, 'utf8').split('\n').slice(-40).join('\n');
    console.error(tail);
    console.error(
      `error: the frontend build failed (log: ${path.relative(root, log)}).`,
    );
    process.exit(1);
  }
  fs.writeFileSync(stampFile, `${hash}\n`);
  console.log(
    `Frontend built in ${Math.round((Date.now() - started) / 1000)} s.`,
  );
}

main();
