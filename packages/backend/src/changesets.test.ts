import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// Every changeset in .changeset/ must name packages that exist and are
// published, with a bump `changeset version` understands, and say what
// changed: `changeset version` would otherwise fail at release time, far
// from the change that wrote the file.

const ROOT = path.resolve(__dirname, '../../..');
const CHANGESET_DIR = path.join(ROOT, '.changeset');
const BUMPS = ['patch', 'minor', 'major'];

function workspacePackages(): Map<string, { private: boolean }> {
  const packages = new Map<string, { private: boolean }>();
  for (const parent of ['plugins', 'packages']) {
    for (const name of fs.readdirSync(path.join(ROOT, parent))) {
      const file = path.join(ROOT, parent, name, 'package.json');
      if (!fs.existsSync(file)) continue;
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      packages.set(json.name, { private: json.private === true });
    }
  }
  return packages;
}

/** The problems of one changeset file, in words; empty when it is valid. */
function problemsOf(
  file: string,
  text: string,
  packages: Map<string, { private: boolean }>,
): string[] {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) {
    return [`${file}: does not start with a --- front matter --- block`];
  }
  const problems: string[] = [];
  const bumps = parse(match[1]) ?? {};
  if (typeof bumps !== 'object' || Array.isArray(bumps)) {
    return [`${file}: the front matter is not a mapping of package: bump`];
  }
  if (Object.keys(bumps).length === 0) {
    problems.push(`${file}: names no package`);
  }
  for (const [name, bump] of Object.entries(bumps)) {
    const found = packages.get(name);
    if (!found) problems.push(`${file}: no package is named ${name}`);
    else if (found.private) {
      problems.push(`${file}: ${name} is private, it is never released`);
    }
    if (!BUMPS.includes(String(bump))) {
      problems.push(
        `${file}: ${name}: bump '${bump}' is not one of ${BUMPS.join(', ')}`,
      );
    }
  }
  if (match[2].trim().length < 10) {
    problems.push(`${file}: says nothing about the change`);
  }
  return problems;
}

describe('changesets', () => {
  const packages = workspacePackages();
  const files = fs
    .readdirSync(CHANGESET_DIR)
    .filter(name => name.endsWith('.md') && name !== 'README.md');

  it('finds the workspace packages', () => {
    expect(packages.has('@golden-path/plugin-golden-path-common')).toBe(true);
    expect(packages.get('backend')).toEqual({ private: true });
  });

  it('accepts every changeset in .changeset/', () => {
    const problems = files.flatMap(file =>
      problemsOf(
        file,
        fs.readFileSync(path.join(CHANGESET_DIR, file), 'utf8'),
        packages,
      ),
    );
    expect(problems).toEqual([]);
  });

  it('refuses a changeset naming a missing or private package or a bad bump', () => {
    expect(
      problemsOf(
        'x.md',
        "---\n'@golden-path/nope': minor\nbackend: patch\n'@golden-path/plugin-golden-path-common': huge\n---\n\nSomething changed.\n",
        packages,
      ),
    ).toEqual([
      'x.md: no package is named @golden-path/nope',
      'x.md: backend is private, it is never released',
      "x.md: @golden-path/plugin-golden-path-common: bump 'huge' is not one of patch, minor, major",
    ]);
    expect(problemsOf('y.md', 'no front matter', packages)).toEqual([
      'y.md: does not start with a --- front matter --- block',
    ]);
    expect(
      problemsOf(
        'z.md',
        "---\n'@golden-path/plugin-golden-path-common': patch\n---\n\n",
        packages,
      ),
    ).toEqual(['z.md: says nothing about the change']);
  });
});
