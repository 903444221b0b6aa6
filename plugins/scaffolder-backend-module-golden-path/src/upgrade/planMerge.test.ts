import { FileState, planMerge } from './planMerge';

const f = (text: string, executable = false): FileState => ({
  content: Buffer.from(text),
  executable,
});
const files = (entries: Record<string, string | FileState>) =>
  new Map(
    Object.entries(entries).map(([p, v]) => [
      p,
      typeof v === 'string' ? f(v) : v,
    ]),
  );
const plan = (
  base: Record<string, string | FileState>,
  theirs: Record<string, string | FileState>,
  ours: Record<string, string | FileState>,
) =>
  planMerge({
    base: files(base),
    theirs: files(theirs),
    ours: files(ours),
    oursLabel: 'service',
    theirsLabel: 'template 2.1.0',
    skip: new Set(['.golden-path/answers.yaml']),
  });
const text = (p: ReturnType<typeof plan>, path: string) => {
  const change = p.changes.get(path);
  return change === null ? null : change?.content.toString();
};

describe('planMerge', () => {
  it('leaves alone what the template did not change, whatever the service did', () => {
    const p = plan(
      { 'a.ts': 'a\n' },
      { 'a.ts': 'a\n' },
      { 'a.ts': 'ours\n', 'own.ts': 'x\n' },
    );
    expect(p.changes.size).toBe(0);
  });

  it('updates, adds and removes what the service had not changed', () => {
    const p = plan(
      { 'a.ts': 'a\n', 'gone.ts': 'g\n', 'run.sh': f('x\n') },
      { 'a.ts': 'a2\n', 'new.ts': 'n\n', 'run.sh': f('x\n', true) },
      { 'a.ts': 'a\n', 'gone.ts': 'g\n', 'run.sh': f('x\n') },
    );
    expect(p.updated).toEqual(['a.ts', 'run.sh']);
    expect(p.added).toEqual(['new.ts']);
    expect(p.removed).toEqual(['gone.ts']);
    expect(text(p, 'a.ts')).toBe('a2\n');
    expect(text(p, 'gone.ts')).toBeNull();
    expect(p.changes.get('run.sh')?.executable).toBe(true);
    expect(p.conflicts).toEqual([]);
  });

  it('merges changes to different lines, and marks the same lines changed differently', () => {
    const base = '1\n2\n3\n4\n5\n6\n';
    const p = plan(
      { 'm.ts': base, 'c.ts': base },
      { 'm.ts': base.replace('5', 'five'), 'c.ts': base.replace('2', 'two') },
      { 'm.ts': base.replace('1', 'one'), 'c.ts': base.replace('2', 'deux') },
    );
    expect(p.merged).toEqual(['m.ts']);
    expect(text(p, 'm.ts')).toBe('one\n2\n3\n4\nfive\n6\n');
    expect(p.conflicts).toEqual([
      {
        path: 'c.ts',
        reason:
          '1 conflict: the service and the template changed the same lines (marked in the file)',
      },
    ]);
    expect(text(p, 'c.ts')).toBe(
      '1\n<<<<<<< service\ndeux\n=======\ntwo\n>>>>>>> template 2.1.0\n3\n4\n5\n6\n',
    );
  });

  it('applies a change to a file the service renamed; reports one it deleted', () => {
    const p = plan(
      { 'docs/runbook.md': 'run\nbook\n', 'docs/old.md': 'old\n' },
      { 'docs/runbook.md': 'run\nbook v2\n', 'docs/old.md': 'old v2\n' },
      { 'ops/runbook.md': 'run\nbook\n' },
    );
    expect(p.renamedByService).toEqual([
      { from: 'docs/runbook.md', to: 'ops/runbook.md' },
    ]);
    expect(text(p, 'ops/runbook.md')).toBe('run\nbook v2\n');
    expect(p.changes.has('docs/runbook.md')).toBe(false);
    expect(p.deletedByService).toEqual(['docs/old.md']);
  });

  it('keeps a file the template removed when the service changed it, and a binary file both changed', () => {
    const binary = (b: number) => f(String.fromCharCode(0, b));
    const p = plan(
      { 'gone.ts': 'g\n', 'logo.png': binary(1) },
      { 'logo.png': binary(2) },
      { 'gone.ts': 'g, changed\n', 'logo.png': binary(3) },
    );
    expect(p.changes.size).toBe(0);
    expect(p.conflicts.map(c => c.path)).toEqual(['gone.ts', 'logo.png']);
    expect(p.conflicts[0].reason).toContain(
      'the template no longer has this file',
    );
  });

  it('merges a file both added, and never touches the skipped provenance record', () => {
    const p = plan(
      { '.golden-path/answers.yaml': 'version: 1\n' },
      {
        'dup.ts': 'same\ntheirs\n',
        '.golden-path/answers.yaml': 'version: 2\n',
      },
      { 'dup.ts': 'same\nours\n', '.golden-path/answers.yaml': 'version: 1\n' },
    );
    expect(p.changes.has('.golden-path/answers.yaml')).toBe(false);
    expect(p.conflicts.map(c => c.path)).toEqual(['dup.ts']);
    expect(text(p, 'dup.ts')).toBe(
      'same\n<<<<<<< service\nours\n=======\ntheirs\n>>>>>>> template 2.1.0\n',
    );
  });
});
