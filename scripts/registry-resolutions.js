// Keeps the root package.json "resolutions" that work around registry gaps in
// one place. Some packages ship their native code as per-platform optional
// packages (@swc/core-darwin-arm64, ...). When the registry this repo installs
// from lacks one of them for the version yarn picks, `yarn install` stops with
// YN0082 "No candidates found". The fix that keeps every platform working is to
// pin the parent to the newest version whose platform packages all exist;
// aliasing a missing platform package to an empty one breaks that platform, so
// it is the last resort and is never done here.
//
//   node scripts/registry-resolutions.js          # report, change nothing
//   node scripts/registry-resolutions.js --write  # update package.json
//
// Then run `yarn install` and commit package.json and yarn.lock.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

// Parents whose platform packages have been missing from the registry before.
const PARENTS = {
  '@swc/core': 'backstage-cli transpiles with SWC',
  'unrs-resolver': 'eslint-plugin-import resolver (lint)',
  rollup: 'backstage-cli package builds',
  esbuild: 'backstage-cli and jest transforms',
};

const root = path.resolve(__dirname, '..');
const pkgPath = path.join(root, 'package.json');

function npmView(spec, field) {
  try {
    const out = execFileSync('npm', ['view', spec, field, '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.trim() ? JSON.parse(out) : undefined;
  } catch {
    return undefined;
  }
}

/** Versions of `name` that yarn.lock resolves to. */
function lockedVersions(name) {
  const lock = fs.readFileSync(path.join(root, 'yarn.lock'), 'utf8');
  const versions = new Set();
  const header = new RegExp(
    `^"${name.replace(/[/.]/g, '\\$&')}@npm:[^\\n]*\\n\\s+version: (\\S+)`,
    'gm',
  );
  for (const match of lock.matchAll(header)) versions.add(match[1]);
  return [...versions];
}

/** The optional platform packages of name@version that the registry lacks. */
function missingPlatformPackages(name, version) {
  const optional = npmView(`${name}@${version}`, 'optionalDependencies') ?? {};
  return Object.entries(optional)
    .filter(([dep, range]) => !npmView(`${dep}@${range}`, 'version'))
    .map(([dep, range]) => `${dep}@${range}`);
}

/** The newest published version of name, not above `ceiling`, with every platform package. */
function newestComplete(name, ceiling) {
  const all = (npmView(name, 'versions') ?? []).filter(v => !v.includes('-'));
  const index = ceiling ? all.indexOf(ceiling) : all.length - 1;
  for (let i = index; i >= 0 && i > index - 15; i--) {
    if (missingPlatformPackages(name, all[i]).length === 0) return all[i];
  }
  return undefined;
}

const write = process.argv.includes('--write');
const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
const resolutions = { ...pkg.resolutions };
let changed = false;

for (const [name, why] of Object.entries(PARENTS)) {
  for (const version of lockedVersions(name)) {
    const missing = missingPlatformPackages(name, version);
    if (missing.length === 0) {
      console.log(
        `ok       ${name}@${version} (${why}): every platform package is published`,
      );
      continue;
    }
    const fix = newestComplete(name, version);
    console.log(`missing  ${name}@${version}: ${missing.join(', ')}`);
    if (!fix) {
      console.log(
        `         no recent version of ${name} is complete: alias the missing packages by hand and tell macOS/Windows users in the README`,
      );
    } else if (resolutions[name] !== fix) {
      console.log(`         pin ${name} to ${fix}`);
      resolutions[name] = fix;
      changed = true;
    }
  }
}

if (changed && write) {
  pkg.resolutions = resolutions;
  fs.writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(
    'package.json updated: run yarn install and commit package.json and yarn.lock',
  );
} else if (changed) {
  console.log('run again with --write to apply');
}
