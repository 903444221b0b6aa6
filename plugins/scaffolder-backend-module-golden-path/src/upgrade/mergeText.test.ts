import { createMockDirectory } from '@backstage/backend-test-utils';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { mergeText } from './mergeText';

const LABELS = { oursLabel: 'service', theirsLabel: 'template 2.1.0' };

/** What git itself makes of the same three files: the reference. */
function gitMergeFile(dir: string, base: string, ours: string, theirs: string) {
  fs.writeFileSync(`${dir}/ours`, ours);
  fs.writeFileSync(`${dir}/base`, base);
  fs.writeFileSync(`${dir}/theirs`, theirs);
  const result = spawnSync(
    'git',
    [
      'merge-file',
      '-p',
      '-L',
      LABELS.oursLabel,
      '-L',
      'base',
      '-L',
      LABELS.theirsLabel,
      'ours',
      'base',
      'theirs',
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  if (result.status === null || result.status < 0) throw result.error;
  // git's exit status is the number of conflicts.
  return { text: result.stdout, conflicts: result.status };
}

const base = [
  'import fastify from "fastify";',
  '',
  'const port = 8080;',
  'const host = "0.0.0.0";',
  '',
  'export function start() {',
  '  const app = fastify();',
  '  app.get("/health", () => "ok");',
  '  return app.listen({ port, host });',
  '}',
  '',
].join('\n');

const change = (text: string, from: string, to: string) => {
  if (!text.includes(from)) throw new Error(`no ${from}`);
  return text.replace(from, to);
};

const cases: Array<[string, string, string]> = [
  [
    'changes in different places',
    change(base, 'const port = 8080;', 'const port = 9090;'),
    change(
      base,
      'app.get("/health", () => "ok");',
      'app.get("/health", () => "ok");\n  app.get("/ready", () => "ok");',
    ),
  ],
  [
    'the same change on both sides',
    change(base, 'const host = "0.0.0.0";', 'const host = "::";'),
    change(base, 'const host = "0.0.0.0";', 'const host = "::";'),
  ],
  [
    'a conflict on one line',
    change(base, 'const port = 8080;', 'const port = 9090;'),
    change(
      base,
      'const port = 8080;',
      'const port = Number(process.env.PORT);',
    ),
  ],
  [
    'a conflict whose sides share their first and last lines',
    change(
      base,
      'const port = 8080;\nconst host = "0.0.0.0";',
      'const port = 1;\nconst host = "0.0.0.0";',
    ),
    change(
      base,
      'const port = 8080;\nconst host = "0.0.0.0";',
      'const port = 2;\nconst host = "0.0.0.0";',
    ),
  ],
  [
    'lines added at the end by both, differently',
    `${base}// service\n`,
    `${base}// template\n`,
  ],
  [
    'no final newline on one side',
    base.replace(/\n$/, ''),
    change(base, 'const port = 8080;', 'const port = 9090;'),
  ],
  [
    'a file emptied by the service',
    '',
    change(base, 'const port = 8080;', 'const port = 9090;'),
  ],
  [
    'CRLF line endings kept',
    base
      .replace(/\n/g, '\r\n')
      .replace('const port = 8080;', 'const port = 1;'),
    base
      .replace(/\n/g, '\r\n')
      .replace('const host = "0.0.0.0";', 'const host = "::";'),
  ],
];

describe('mergeText', () => {
  const dir = createMockDirectory();

  it.each(cases)('merges %s as git merge-file does', (_name, ours, theirs) => {
    const baseText = _name.startsWith('CRLF')
      ? base.replace(/\n/g, '\r\n')
      : base;
    const expected = gitMergeFile(dir.path, baseText, ours, theirs);
    const merged = mergeText({ base: baseText, ours, theirs, ...LABELS });
    expect(merged).toEqual(expected);
  });

  it('takes the side that changed when only one did', () => {
    const theirs = change(base, 'const port = 8080;', 'const port = 9090;');
    expect(mergeText({ base, ours: base, theirs, ...LABELS })).toEqual({
      text: theirs,
      conflicts: 0,
    });
    expect(mergeText({ base, ours: theirs, theirs: base, ...LABELS })).toEqual({
      text: theirs,
      conflicts: 0,
    });
  });
});
