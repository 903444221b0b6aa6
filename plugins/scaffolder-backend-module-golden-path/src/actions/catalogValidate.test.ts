import { createMockDirectory } from '@backstage/backend-test-utils';
import { DEFAULT_TIER_TABLE } from '@golden-path/plugin-golden-path-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import { createCatalogValidateAction } from './catalogValidate';

const component = (
  annotations: string,
  extra = '',
) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders
  annotations:
${annotations}
spec:
  type: service
  lifecycle: experimental
  owner: group:default/team-checkout
${extra}`;

const goodAnnotations = `    golden-path.io/tier: important
    golden-path.io/on-call: https://oncall.example.com/checkout
    golden-path.io/runbook: https://runbooks.example.com/orders`;

const api = `apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: orders-api
  annotations:
    golden-path.io/tier: important
spec:
  type: openapi
  lifecycle: experimental
  owner: group:default/team-checkout
  definition:
    $text: ./openapi.yaml
`;

describe('golden-path:catalog:validate', () => {
  const workspace = createMockDirectory();
  const action = createCatalogValidateAction({ tiers: DEFAULT_TIER_TABLE });
  const run = async (input: Record<string, any> = {}) => {
    const ctx = createMockActionContext({
      input,
      workspacePath: workspace.path,
    });
    await action.handler(ctx as any);
    return ctx;
  };

  beforeEach(() => workspace.clear());

  it('accepts a valid file with several documents and a $text placeholder', async () => {
    workspace.setContent({
      'catalog-info.yaml': `${component(goodAnnotations)}---\n${api}`,
    });
    const ctx = await run();
    expect(ctx.output).toHaveBeenCalledWith('entityRefs', [
      'component:default/orders',
      'api:default/orders-api',
    ]);
  });

  it('logs warnings without failing', async () => {
    workspace.setContent({
      'catalog-info.yaml': component(
        `${goodAnnotations}\n    golden-path.io/deployment-strategy: rolling`,
      ),
    });
    const warn = jest.fn();
    const ctx = createMockActionContext({
      input: {},
      workspacePath: workspace.path,
    });
    ctx.logger.warn = warn;
    await action.handler(ctx as any);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('the important tier expects canary, not rolling'),
    );
  });

  it.each([
    [
      'bad YAML',
      'apiVersion: backstage.io/v1alpha1\nkind: [Component\n',
      /document 1: YAML syntax error/,
    ],
    [
      'an unknown tier',
      component(goodAnnotations.replace('important', 'platinum')),
      /component:default\/orders metadata\.annotations\["golden-path\.io\/tier"\]: unknown tier 'platinum'/,
    ],
    [
      'a missing runbook',
      component(goodAnnotations.split('\n').slice(0, 2).join('\n')),
      /metadata\.annotations\["golden-path\.io\/runbook"\]: a experimental component needs a runbook/,
    ],
    [
      'a runbook that is not a URL',
      component(goodAnnotations.replace(/https:\/\/runbooks\S+/, 'see wiki')),
      /golden-path\.io\/runbook"\]: 'see wiki' is not an http\(s\) URL/,
    ],
    [
      'a wrong apiVersion',
      component(goodAnnotations).replace(
        'backstage.io/v1alpha1',
        'backstage.io/v9',
      ),
      /apiVersion: kind 'Component' with apiVersion 'backstage.io\/v9' is not a kind the catalog knows/,
    ],
    ['a non-object document', '- just\n- a list\n', /document 1 is a list/],
    ['a scalar document', 'hello\n', /document 1 is a string/],
    ['an empty file', '', /the file has no YAML document/],
    [
      'an empty document among good ones',
      `${component(goodAnnotations)}---\n---\n${api}`,
      /document 2 is empty/,
    ],
    [
      'an invalid entity name',
      component(goodAnnotations).replace('name: orders', 'name: "bad name!"'),
      /document 1: .*metadata\.name/,
    ],
    [
      'a foreign root field',
      `${component(goodAnnotations)}extra: field\n`,
      /document 1: .*extra/,
    ],
    [
      'a merge key (merge keys are off)',
      `base: &base\n  a: 1\n<<: *base\n`,
      /document 1/,
    ],
  ])('fails on %s, naming the problem', async (_what, text, message) => {
    workspace.setContent({ 'catalog-info.yaml': text });
    await expect(run()).rejects.toThrow(message);
  });

  it('lists every error, one bad document among good ones included', async () => {
    workspace.setContent({
      'catalog-info.yaml': `${component(
        goodAnnotations.replace('important', 'platinum'),
      )}---\n- not an entity\n---\n${api}`,
    });
    await expect(run()).rejects.toThrow(
      /catalog-info\.yaml is not a valid catalog file \(2 errors\): .*platinum.*; document 2 is a list/,
    );
  });

  it.each([
    [
      '../outside.yaml',
      /filePath '\.\.\/outside\.yaml' leads outside the workspace/,
    ],
    ['/etc/passwd', /filePath '\/etc\/passwd' is absolute/],
    ['missing.yaml', /filePath 'missing\.yaml' is not a file in the workspace/],
  ])('refuses the filePath %s', async (filePath, message) => {
    await expect(run({ filePath })).rejects.toThrow(message);
  });

  it('refuses a symlink out of the workspace, a chain and a dangling link', async () => {
    const outside = createMockDirectory();
    outside.setContent({ 'secret.yaml': component(goodAnnotations) });
    workspace.setContent({ 'real.yaml': component(goodAnnotations) });
    fs.symlinkSync(
      outside.resolve('secret.yaml'),
      workspace.resolve('out.yaml'),
    );
    fs.symlinkSync(
      workspace.resolve('out.yaml'),
      workspace.resolve('chain.yaml'),
    );
    fs.symlinkSync(
      outside.resolve('gone.yaml'),
      workspace.resolve('dangling.yaml'),
    );
    for (const filePath of ['out.yaml', 'chain.yaml', 'dangling.yaml']) {
      await expect(run({ filePath })).rejects.toThrow(
        `filePath '${filePath}' leads outside the workspace`,
      );
    }
    // A link that stays inside is followed.
    fs.symlinkSync('real.yaml', workspace.resolve('inside.yaml'));
    await expect(run({ filePath: 'inside.yaml' })).resolves.toBeDefined();
  });
});
