import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { createProvenanceAction } from './provenance';

describe('golden-path:provenance:record', () => {
  const dir = createMockDirectory();
  const action = createProvenanceAction();

  const templateInfo = (version?: string, baseUrl?: string) => ({
    entityRef: 'template:default/node-service',
    baseUrl,
    entity: {
      metadata: {
        name: 'node-service',
        annotations: version
          ? { 'golden-path.io/template-version': version }
          : {},
      },
    },
  });

  const run = async (
    input: Record<string, unknown>,
    info: ReturnType<typeof templateInfo> | undefined,
  ) => {
    const ctx = createMockActionContext({
      input,
      workspacePath: dir.resolve('workspace'),
      templateInfo: info,
    } as any);
    jest.spyOn(ctx.logger, 'warn');
    await action.handler(ctx as any);
    return ctx;
  };

  const record = () =>
    parse(
      fs.readFileSync(
        dir.resolve('workspace/.golden-path/answers.yaml'),
        'utf8',
      ),
    );

  beforeEach(() => dir.setContent({ workspace: {} }));

  it('records the template, its version, the commit of its folder and the answers', async () => {
    // A template folder inside a git repository, with one commit touching it.
    dir.setContent({
      workspace: {},
      templates: { 'node-service/template.yaml': 'x', 'other/x.yaml': 'y' },
    });
    const root = dir.resolve('templates');
    await git.init({ fs, dir: root });
    await git.add({ fs, dir: root, filepath: 'node-service/template.yaml' });
    const commit = await git.commit({
      fs,
      dir: root,
      message: 'template',
      author: { name: 'A', email: 'a@b.c' },
    });
    await git.add({ fs, dir: root, filepath: 'other/x.yaml' });
    await git.commit({
      fs,
      dir: root,
      message: 'other',
      author: { name: 'A', email: 'a@b.c' },
    });

    const ctx = await run(
      {
        answers: {
          name: 'orders',
          tier: 'important',
          owner: 'group:default/team-checkout',
          description: 'Café: orders & more!',
          apiToken: 'not-to-be-kept',
          dbPassword: 'nor-this',
          unset: undefined,
        },
      },
      templateInfo(
        '2.0.0',
        pathToFileURL(dir.resolve('templates/node-service/template.yaml')).href,
      ),
    );
    expect(record()).toEqual({
      apiVersion: 'golden-path.io/v1',
      kind: 'TemplateProvenance',
      template: 'template:default/node-service',
      version: '2.0.0',
      commit,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      answers: {
        description: 'Café: orders & more!',
        name: 'orders',
        owner: 'group:default/team-checkout',
        tier: 'important',
      },
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'templateRef',
      'template:default/node-service',
    );
    expect(ctx.output).toHaveBeenCalledWith('version', '2.0.0');
    expect(ctx.output).toHaveBeenCalledWith('commit', commit);
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      'Answers left out of .golden-path/answers.yaml because their names look like secrets: apiToken, dbPassword',
    );
  });

  it('records no commit for a template outside git', async () => {
    await run(
      { answers: { name: 'orders' } },
      templateInfo(
        '1.2.3-rc.1',
        'https://github.com/acme/templates/blob/main/t/template.yaml',
      ),
    );
    expect(record()).not.toHaveProperty('commit');
    expect(record().version).toBe('1.2.3-rc.1');
  });

  it.each([
    [
      undefined,
      'has no version: set metadata.annotations.golden-path.io/template-version',
    ],
    ['2', "has version '2', which is not a semver"],
    ['v2.0.0', "has version 'v2.0.0', which is not a semver"],
  ])(
    'refuses a template with version %s and writes nothing',
    async (version, message) => {
      await expect(run({ answers: {} }, templateInfo(version))).rejects.toThrow(
        message,
      );
      expect(fs.existsSync(dir.resolve('workspace/.golden-path'))).toBe(false);
    },
  );

  it('refuses a task without a template, and a path outside the workspace', async () => {
    await expect(run({ answers: {} }, undefined)).rejects.toThrow(
      'runs only from a template registered in the catalog',
    );
    await expect(
      run({ answers: {}, path: '../answers.yaml' }, templateInfo('2.0.0')),
    ).rejects.toThrow(/path/);
    expect(fs.existsSync(dir.resolve('answers.yaml'))).toBe(false);
  });
});
