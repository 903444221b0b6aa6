import { TemplateHistory } from '@golden-path/plugin-golden-path-node';
import { mergeText } from '@golden-path/plugin-scaffolder-backend-module-golden-path';
import git from 'isomorphic-git';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import {
  answers,
  AUTHOR,
  upgradeHarness,
} from './__testUtils__/upgradeHarness';

/**
 * Upgrading services created from older versions of the node-service
 * template through the upgrade-service template, end to end: the real
 * scaffolder renders both versions (dry runs) with the recorded answers, the
 * merge goes onto a new branch of each local repository.
 */

describe('upgrading services to the current node-service template', () => {
  const services = [
    'v2-clean',
    'v2-hand',
    'v2-conflict',
    'v1-svc',
    'bad-yaml',
    'no-record',
    'dirty',
    'has-branch',
    'current',
    'denied',
  ];
  const harness = upgradeHarness({ services, denied: ['denied'] });
  const { repo, runUpgrade, freshRender } = harness;
  let history: TemplateHistory;

  const gitdir = (name: string) => path.join(repo(name), '.git');
  const readOn = async (name: string, ref: string, file: string) => {
    const oid = await git.resolveRef({ fs, gitdir: gitdir(name), ref });
    const { blob } = await git.readBlob({
      fs,
      gitdir: gitdir(name),
      oid,
      filepath: file,
    });
    return Buffer.from(blob).toString('utf8');
  };
  const commitFile = async (
    name: string,
    file: string,
    content: string,
    message: string,
  ) => {
    fs.writeFileSync(path.join(repo(name), file), content);
    await git.add({ fs, dir: repo(name), filepath: file });
    return git.commit({ fs, dir: repo(name), message, author: AUTHOR });
  };

  const refsOf = async (name: string) =>
    Object.fromEntries(
      await Promise.all(
        (
          await git.listBranches({ fs, gitdir: gitdir(name) })
        ).map(async b => [
          b,
          await git.resolveRef({
            fs,
            gitdir: gitdir(name),
            ref: `refs/heads/${b}`,
          }),
        ]),
      ),
    );

  beforeAll(async () => {
    await harness.start();
    history = harness.history;
    await Promise.all([
      ...[
        'v2-clean',
        'v2-hand',
        'v2-conflict',
        'bad-yaml',
        'no-record',
        'dirty',
        'has-branch',
        'denied',
      ].map(n => harness.create(n, '2.0.0')),
      harness.create('v1-svc', '1.0.0'),
      harness.create('current', history.currentVersion),
    ]);
  }, 240_000);

  afterAll(() => harness.stop());

  it('upgrades an untouched 2.0.0 service: the new version on a branch, the default branch unchanged', async () => {
    const before = await refsOf('v2-clean');
    const result = await runUpgrade('component:default/v2-clean');
    expect(result).toMatchObject({ status: 'completed' });
    const branch = `golden-path/upgrade-v${history.currentVersion}`;
    expect(result.output.links).toEqual([
      {
        title: 'Open the upgrade branch',
        url: `/catalog/default/component/v2-clean/repository?branch=${encodeURIComponent(
          branch,
        )}`,
      },
    ]);
    const refs = await refsOf('v2-clean');
    expect(refs.main).toBe(before.main);
    expect(Object.keys(refs).sort()).toEqual([branch, 'main']);
    // No conflicts; the branch holds exactly what 2.1.0 renders, except the
    // provenance record, which keeps the creation date and answers.
    const summary = result.output.text[0].content as string;
    expect(summary).toContain('**With conflicts**: none.');
    const fresh = await freshRender('v2-clean');
    for (const file of [
      'catalog-info.yaml',
      'openslo.yaml',
      'src/server.ts',
      'package.json',
    ]) {
      expect({ file, text: await readOn('v2-clean', branch, file) }).toEqual({
        file,
        text: fresh.get(file)!.content.toString('utf8'),
      });
    }
    const record = parse(
      await readOn('v2-clean', branch, '.golden-path/answers.yaml'),
    );
    expect(record).toMatchObject({
      template: 'template:default/node-service',
      version: history.currentVersion,
      createdAt: '2026-12-01T10:00:00.000Z',
      answers: answers('v2-clean'),
    });
    const [catalogInfo] = parseAllDocuments(
      await readOn('v2-clean', branch, 'catalog-info.yaml'),
    ).map(doc => doc.toJS());
    expect(catalogInfo.metadata.annotations).toMatchObject({
      'golden-path.io/template': 'template:default/node-service',
      'golden-path.io/template-version': history.currentVersion,
    });
    // ADRs dated on creation keep the creation date, not the upgrade's.
    const adr = await readOn(
      'v2-clean',
      branch,
      'docs/adr/0001-record-architecture-decisions.md',
    );
    expect(adr).toContain('date: 2026-12-01');
    // The working tree is still the default branch's.
    expect(
      fs.readFileSync(
        path.join(repo('v2-clean'), '.golden-path/answers.yaml'),
        'utf8',
      ),
    ).toContain('version: 2.0.0');
  }, 120_000);

  it("keeps the service's own changes, and marks a conflicting one", async () => {
    // A hand change away from anything the template changes: kept.
    const server = fs.readFileSync(
      path.join(repo('v2-hand'), 'src/server.ts'),
      'utf8',
    );
    await commitFile(
      'v2-hand',
      'src/server.ts',
      `${server}// our own change\n`,
      'Our change',
    );
    const hand = await runUpgrade('component:default/v2-hand');
    expect(hand.status).toBe('completed');
    const branch = `golden-path/upgrade-v${history.currentVersion}`;
    expect(await readOn('v2-hand', branch, 'src/server.ts')).toContain(
      '// our own change\n',
    );
    expect(await readOn('v2-hand', branch, 'openslo.yaml')).toBe(
      (await freshRender('v2-hand')).get('openslo.yaml')!.content.toString(),
    );

    // A change to the lines the template changes too: a conflict, marked.
    const base = fs.readFileSync(
      path.join(repo('v2-conflict'), 'openslo.yaml'),
      'utf8',
    );
    const theirs = (await freshRender('v2-conflict'))
      .get('openslo.yaml')!
      .content.toString();
    const changedLine = base
      .split('\n')
      .find(line => line.trim() && !theirs.split('\n').includes(line));
    expect(changedLine).toBeDefined();
    await commitFile(
      'v2-conflict',
      'openslo.yaml',
      base.replace(changedLine!, `${changedLine} # ours`),
      'Tune the SLO',
    );
    const conflict = await runUpgrade('component:default/v2-conflict');
    expect(conflict.status).toBe('completed');
    expect(conflict.output.text[0].content).toMatch(
      /\*\*With conflicts\*\* \(1\)[\s\S]*`openslo.yaml`: 1 conflict/,
    );
    const merged = await readOn('v2-conflict', branch, 'openslo.yaml');
    expect(merged).toContain('<<<<<<< Service v2-conflict (main)\n');
    expect(merged).toContain(
      `>>>>>>> template:default/node-service ${history.currentVersion}\n`,
    );
    // The same merge as git's own machinery gives.
    expect(merged).toBe(
      mergeText({
        base,
        ours: base.replace(changedLine!, `${changedLine} # ours`),
        theirs,
        oursLabel: 'Service v2-conflict (main)',
        theirsLabel: `template:default/node-service ${history.currentVersion}`,
      }).text,
    );
  }, 120_000);

  it('upgrades a 1.0.0 service (plumbing copied into it) to the chassis', async () => {
    const result = await runUpgrade('component:default/v1-svc');
    expect(result.status).toBe('completed');
    const branch = `golden-path/upgrade-v${history.currentVersion}`;
    const { tree } = await git.readTree({
      fs,
      gitdir: gitdir('v1-svc'),
      oid: await git.resolveRef({ fs, gitdir: gitdir('v1-svc'), ref: branch }),
      filepath: 'src',
    });
    // The copied outbox is gone; the chassis is a dependency.
    expect(tree.map(e => e.path)).not.toContain('outbox');
    expect(
      JSON.parse(await readOn('v1-svc', branch, 'package.json')).dependencies,
    ).toHaveProperty('@golden-path/service-chassis');
    expect(result.output.text[0].content).toContain('(removed)');
  }, 120_000);

  it.each([
    [
      'bad-yaml',
      async () =>
        commitFile(
          'bad-yaml',
          '.golden-path/answers.yaml',
          'template: [\n',
          'Break it',
        ),
      '.golden-path/answers.yaml is not valid YAML',
    ],
    [
      'no-record',
      async () => {
        await git.remove({
          fs,
          dir: repo('no-record'),
          filepath: '.golden-path/answers.yaml',
        });
        fs.rmSync(path.join(repo('no-record'), '.golden-path/answers.yaml'));
        await git.commit({
          fs,
          dir: repo('no-record'),
          message: 'Drop it',
          author: AUTHOR,
        });
      },
      'Service no-record has no .golden-path/answers.yaml on main',
    ],
    [
      'dirty',
      async () =>
        fs.appendFileSync(
          path.join(repo('dirty'), 'README.md'),
          'uncommitted\n',
        ),
      'has uncommitted changes (README.md)',
    ],
    [
      'has-branch',
      async () =>
        git.branch({
          fs,
          dir: repo('has-branch'),
          ref: `golden-path/upgrade-v${history.currentVersion}`,
        }),
      `already has a branch golden-path/upgrade-v`,
    ],
    [
      'current',
      async () => undefined,
      `Service current is already on template:default/node-service ${'2.1.0'}`,
    ],
    [
      'denied',
      async () => undefined,
      'You may not upgrade Service denied: upgrading a service takes the goldenpath.upgrade.create permission',
    ],
  ])(
    'refuses %s with a clear message and writes nothing',
    async (name, prepare, message) => {
      await prepare();
      const before = await refsOf(name);
      const objects = fs.readdirSync(path.join(gitdir(name), 'objects')).length;
      const result = await runUpgrade(`component:default/${name}`);
      expect(result.status).toBe('failed');
      expect(result.log).toContain(message);
      expect(await refsOf(name)).toEqual(before);
      expect(fs.readdirSync(path.join(gitdir(name), 'objects')).length).toBe(
        objects,
      );
    },
    120_000,
  );

  it('refuses a version the template does not have', async () => {
    const result = await runUpgrade('component:default/v2-clean', '9.9.9');
    expect(result.status).toBe('failed');
    expect(result.log).toContain(
      'template:default/node-service has no version 9.9.9; it has 2.1.0, 2.0.0, 1.0.0.',
    );
  }, 60_000);
});
