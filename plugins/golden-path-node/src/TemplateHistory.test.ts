import { createMockDirectory } from '@backstage/backend-test-utils';
import git from 'isomorphic-git';
import fs from 'node:fs';
import path from 'node:path';
import { parseTemplateChangelog, TemplateHistory } from './TemplateHistory';

const AUTHOR = { name: 'A', email: 'a@example.com' };

const templateYaml = (
  version: string,
  extra = '',
) => `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: svc
  annotations:
    golden-path.io/template-version: ${version}
${extra}spec:
  steps: []
`;

describe('parseTemplateChangelog', () => {
  it('reads versions, dates and entries; ignores other headings and prose', () => {
    const changelog = parseTemplateChangelog(`# Changelog

Some prose.

## 2.1.0 (2026-12-07)

- First change,
  on two lines.
* Second change.

## Unreleased

- not a version

## v2.0.0

- Older change.
`);
    expect([...changelog.entries()]).toEqual([
      [
        '2.1.0',
        {
          date: '2026-12-07',
          changes: ['First change, on two lines.', 'Second change.'],
        },
      ],
      ['2.0.0', { date: undefined, changes: ['Older change.'] }],
    ]);
  });
});

describe('TemplateHistory', () => {
  const dir = createMockDirectory();
  const folder = () => dir.resolve('repo/templates/svc');
  let v1: string;
  let v2: string;

  const commit = async (message: string) => {
    const root = dir.resolve('repo');
    for (const file of await git.statusMatrix({ fs, dir: root })) {
      const [filepath, , workdir] = file;
      if (workdir === 0) await git.remove({ fs, dir: root, filepath });
      else await git.add({ fs, dir: root, filepath });
    }
    return git.commit({ fs, dir: root, message, author: AUTHOR });
  };

  beforeEach(async () => {
    dir.setContent({
      repo: {
        'templates/svc/template.yaml': templateYaml('1.0.0'),
        'templates/svc/skeleton/README.md': 'v1 readme\n',
        'templates/svc/skeleton/old.txt': 'removed in v2\n',
        'other/file.txt': 'not part of the template\n',
      },
    });
    await git.init({ fs, dir: dir.resolve('repo') });
    v1 = await commit('v1');
    fs.writeFileSync(
      path.join(folder(), 'template.yaml'),
      templateYaml('2.0.0'),
    );
    fs.writeFileSync(path.join(folder(), 'skeleton/README.md'), 'v2 readme\n');
    fs.rmSync(path.join(folder(), 'skeleton/old.txt'));
    fs.writeFileSync(path.join(folder(), 'skeleton/run.sh'), '#!/bin/sh\n', {
      mode: 0o755,
    });
    v2 = await commit('v2');
    fs.writeFileSync(
      path.join(folder(), 'template.yaml'),
      templateYaml(
        '2.1.0',
        "    golden-path.io/supported-versions: '>=2.0.0'\n",
      ),
    );
    fs.writeFileSync(
      path.join(folder(), 'versions.yaml'),
      `versions:\n  2.0.0: ${v2}\n  1.0.0: ${v1}\n`,
    );
    fs.writeFileSync(
      path.join(folder(), 'CHANGELOG.md'),
      '## 2.1.0 (2026-12-07)\n\n- Current.\n\n## 2.0.0 (2026-12-03)\n\n- Chassis.\n',
    );
    await commit('v2.1');
    // Not tracked by git: never part of a version.
    fs.mkdirSync(path.join(folder(), 'skeleton/node_modules'));
    fs.writeFileSync(path.join(folder(), 'skeleton/node_modules/x.js'), 'x');
  });

  const history = () =>
    TemplateHistory.fromFolder(folder(), 'template:default/svc');

  it('lists the versions newest first with their changes, and which are supported', async () => {
    const h = await history();
    expect(h.currentVersion).toBe('2.1.0');
    expect(h.versions()).toEqual([
      {
        version: '2.1.0',
        commit: undefined,
        date: '2026-12-07',
        changes: ['Current.'],
        current: true,
      },
      {
        version: '2.0.0',
        commit: v2,
        date: '2026-12-03',
        changes: ['Chassis.'],
        current: false,
      },
      {
        version: '1.0.0',
        commit: v1,
        date: undefined,
        changes: [],
        current: false,
      },
    ]);
    expect([
      h.supports('2.1.0'),
      h.supports('2.0.0'),
      h.supports('1.0.0'),
      h.supports('x'),
    ]).toEqual([true, true, false, false]);
    expect([
      h.versionsBehind('1.0.0'),
      h.versionsBehind('2.0.0'),
      h.versionsBehind('2.1.0'),
    ]).toEqual([2, 1, 0]);
  });

  it('reads each version from its commit and the current one from the folder (tracked files only)', async () => {
    const h = await history();
    const summary = async (version: string) =>
      (await h.files(version)).map(
        f =>
          `${f.path}${f.executable ? '*' : ''}=${
            f.content.toString().trim().split('\n')[0]
          }`,
      );
    expect(await summary('1.0.0')).toEqual([
      'skeleton/old.txt=removed in v2',
      'skeleton/README.md=v1 readme',
      'template.yaml=apiVersion: scaffolder.backstage.io/v1beta3',
    ]);
    expect(await summary('2.0.0')).toEqual([
      'skeleton/README.md=v2 readme',
      'skeleton/run.sh*=#!/bin/sh',
      'template.yaml=apiVersion: scaffolder.backstage.io/v1beta3',
    ]);
    // Uncommitted edits count for the current version, as for the scaffolder.
    fs.writeFileSync(path.join(folder(), 'skeleton/README.md'), 'edited\n');
    expect(await summary('2.1.0')).toEqual([
      'CHANGELOG.md=## 2.1.0 (2026-12-07)',
      'skeleton/README.md=edited',
      'skeleton/run.sh*=#!/bin/sh',
      'template.yaml=apiVersion: scaffolder.backstage.io/v1beta3',
      'versions.yaml=versions:',
    ]);
  });

  it('names a version the template does not have, and a commit the checkout lacks', async () => {
    const h = await history();
    await expect(h.files('3.0.0')).rejects.toThrow(
      'template:default/svc has no version 3.0.0; it has 2.1.0, 2.0.0, 1.0.0.',
    );
    fs.writeFileSync(
      path.join(folder(), 'versions.yaml'),
      `versions:\n  1.0.0: ${'a'.repeat(40)}\n`,
    );
    await expect((await history()).files('1.0.0')).rejects.toThrow(
      'template:default/svc 1.0.0 is commit aaaaaaaaaaaa, which this checkout does not have (a shallow clone?): fetch the full history.',
    );
  });

  it.each([
    ['versions: [1, 2]\n', "must have a 'versions' map of version: commit"],
    [
      'versions:\n  v1: abc\n',
      "'v1: abc' is not a semver with a full (40 hex digits) commit",
    ],
    [
      `versions:\n  2.1.0: ${'b'.repeat(40)}\n`,
      'names 2.1.0, which is the current version in template.yaml',
    ],
    [
      'versions: {\n',
      'versions.yaml of template:default/svc is not valid YAML',
    ],
  ])('refuses versions.yaml %j', async (content, message) => {
    fs.writeFileSync(path.join(folder(), 'versions.yaml'), content);
    await expect(history()).rejects.toThrow(message);
  });

  it('refuses a template without a version or with a bad supported range', async () => {
    fs.writeFileSync(
      path.join(folder(), 'template.yaml'),
      templateYaml('latest'),
    );
    await expect(history()).rejects.toThrow(
      "template:default/svc has version 'latest', which is not a semver: set metadata.annotations.golden-path.io/template-version in its template.yaml.",
    );
    fs.writeFileSync(
      path.join(folder(), 'template.yaml'),
      templateYaml(
        '2.1.0',
        "    golden-path.io/supported-versions: 'newest'\n",
      ),
    );
    await expect(history()).rejects.toThrow(
      "golden-path.io/supported-versions 'newest', which is not a semver range like '>=2.0.0'",
    );
  });

  it('reads the real node-service template of this repository at each version', async () => {
    const h = await TemplateHistory.fromFolder(
      path.resolve(__dirname, '../../../templates/node-service'),
      'template:default/node-service',
    );
    expect(h.versions().map(v => v.version)).toEqual([
      '2.1.0',
      '2.0.0',
      '1.0.0',
    ]);
    const v1Files = (await h.files('1.0.0')).map(f => f.path);
    // 1.0.0 copied the plumbing into each service; 2.0.0 uses the chassis.
    expect(v1Files).toContain('skeleton/src/outbox/relay.ts');
    const v2Files = (await h.files('2.0.0')).map(f => f.path);
    expect(v2Files).not.toContain('skeleton/src/outbox/relay.ts');
    expect(v2Files).toContain('skeleton/src/server.ts');
  });
});
