import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { createAdrCreateAction, slugifyTitle } from './adrCreate';

const input = {
  title: 'Use PostgreSQL for Orders!',
  decisionMakers: ['group:default/team-checkout', 'Jane Doe'],
  context: 'Orders need transactions.',
  decision: 'PostgreSQL, the platform default.',
};

describe('golden-path:adr:create', () => {
  const workspace = createMockDirectory();
  const action = createAdrCreateAction();
  const run = async (extra: Record<string, any> = {}, isDryRun = false) => {
    const ctx = {
      ...createMockActionContext({
        input: { ...input, ...extra },
        workspacePath: workspace.path,
      }),
      isDryRun,
    };
    jest.spyOn(ctx.logger, 'info');
    await action.handler(ctx as any);
    return ctx;
  };

  beforeEach(() => workspace.clear());

  it('writes 0001 in MADR 4 form into a new docs/adr', async () => {
    const ctx = await run({
      date: '2025-03-01',
      options: ['PostgreSQL', 'MongoDB'],
      consequences: 'Migrations with knex.',
    });
    const file = 'docs/adr/0001-use-postgresql-for-orders.md';
    expect(ctx.output).toHaveBeenCalledWith('path', file);
    expect(ctx.output).toHaveBeenCalledWith('number', 1);
    const text = fs.readFileSync(workspace.resolve(file), 'utf8');
    const frontMatter = parseAllDocuments(text)[0].toJS();
    expect(frontMatter).toEqual({
      status: 'accepted',
      date: '2025-03-01',
      'decision-makers': 'group:default/team-checkout, Jane Doe',
    });
    expect(text).toContain('# Use PostgreSQL for Orders!\n');
    expect(text).toContain(
      '## Context and Problem Statement\n\nOrders need transactions.',
    );
    expect(text).toContain('## Considered Options\n\n* PostgreSQL\n* MongoDB');
    expect(text).toContain(
      '## Decision Outcome\n\nPostgreSQL, the platform default.',
    );
    expect(text).toContain('### Consequences\n\nMigrations with knex.');
    // The log names no `x.md` file: the task page's log viewer would link
    // it as http://x.md (.md is a top-level domain).
    const logged = (ctx.logger.info as jest.Mock).mock.calls.flat().join('\n');
    expect(logged).toBe(
      'Wrote ADR 1, "Use PostgreSQL for Orders!", in docs/adr',
    );
    expect(logged).not.toMatch(/\.md\b/);
  });

  it('numbers after the highest existing ADR (0001, 0003 -> 0004)', async () => {
    workspace.setContent({
      'docs/adr/0001-first.md': 'x',
      'docs/adr/0003-third.md': 'x',
      'docs/adr/README.md': 'x',
      'docs/adr/template.md': 'x',
    });
    const ctx = await run({ status: 'proposed' });
    expect(ctx.output).toHaveBeenCalledWith('number', 4);
    expect(
      fs.existsSync(
        workspace.resolve('docs/adr/0004-use-postgresql-for-orders.md'),
      ),
    ).toBe(true);
  });

  it('uses today (UTC) by default and a custom directory', async () => {
    const ctx = await run({ directory: 'decisions' });
    const text = fs.readFileSync(
      workspace.resolve('decisions/0001-use-postgresql-for-orders.md'),
      'utf8',
    );
    expect(text).toContain(`date: ${new Date().toISOString().slice(0, 10)}`);
    expect(ctx.output).toHaveBeenCalledWith(
      'path',
      'decisions/0001-use-postgresql-for-orders.md',
    );
  });

  it('writes into the workspace in a dry run too (the workspace is what a dry run returns)', async () => {
    await run({}, true);
    expect(
      fs.existsSync(
        workspace.resolve('docs/adr/0001-use-postgresql-for-orders.md'),
      ),
    ).toBe(true);
  });

  it('makes slugs of a-z, 0-9 and dashes, at most 60 long', () => {
    expect(slugifyTitle('Ünïcode & Spaces -- ok?')).toBe('unicode-spaces-ok');
    expect(slugifyTitle(`${'word '.repeat(20)}`)).toHaveLength(59);
    expect(slugifyTitle(`${'a'.repeat(70)}`)).toHaveLength(60);
  });

  it.each([
    [{ title: '!!!' }, /title '!!!' has no letters or digits/],
    [{ title: '' }, /Invalid input title: must not be empty/],
    [{ title: 'two\nlines' }, /Invalid input title: must be one line/],
    [{ status: 'maybe' }, /Invalid input status/],
    [{ date: '2025-02-30' }, /date '2025-02-30' is not a date/],
    [{ date: 'yesterday' }, /date 'yesterday' is not a date/],
    [{ decisionMakers: [] }, /Invalid input decisionMakers/],
    [{ context: '' }, /Invalid input context/],
    [
      { directory: '../outside' },
      /directory '\.\.\/outside' leads outside the workspace/,
    ],
    [{ directory: '/tmp/adr' }, /directory '\/tmp\/adr' is absolute/],
  ])('refuses %p', async (extra, message) => {
    await expect(run(extra)).rejects.toThrow(message);
  });

  it('refuses an ADR folder that is a symlink out of the workspace', async () => {
    const outside = createMockDirectory();
    workspace.setContent({ docs: {} });
    fs.symlinkSync(outside.path, workspace.resolve('docs/adr'));
    await expect(run()).rejects.toThrow(
      "directory 'docs/adr' leads outside the workspace",
    );
    expect(fs.readdirSync(outside.path)).toEqual([]);
  });

  it('refuses a symlink chain and a dangling symlink as ADR folder', async () => {
    const outside = createMockDirectory();
    workspace.setContent({ docs: {} });
    fs.symlinkSync(outside.path, workspace.resolve('hop'));
    fs.symlinkSync(workspace.resolve('hop'), workspace.resolve('docs/adr'));
    await expect(run()).rejects.toThrow('leads outside the workspace');
    fs.symlinkSync(
      outside.resolve('missing'),
      workspace.resolve('docs/dangling'),
    );
    await expect(run({ directory: 'docs/dangling' })).rejects.toThrow(
      'leads outside the workspace',
    );
    expect(fs.readdirSync(outside.path)).toEqual([]);
  });

  it('does not follow a link that already has the next file name', async () => {
    const outside = createMockDirectory();
    workspace.setContent({ 'docs/adr/0001-first.md': 'x' });
    fs.symlinkSync(
      outside.resolve('target.md'),
      workspace.resolve('docs/adr/0002-use-postgresql-for-orders.md'),
    );
    // The link's name counts as ADR 2: the new one is 3, the link untouched.
    const ctx = await run();
    expect(ctx.output).toHaveBeenCalledWith('number', 3);
    expect(fs.existsSync(outside.resolve('target.md'))).toBe(false);
  });
});
