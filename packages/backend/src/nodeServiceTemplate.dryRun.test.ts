import {
  DEFAULT_TIER_TABLE,
  TIER_NAMES,
} from '@golden-path/plugin-golden-path-common';
import fs from 'node:fs';
import { template, useTemplateDryRun } from './__testUtils__/templateDryRun';

/**
 * The node-service template through the scaffolder's dry-run API (what the
 * Template Editor uses): Backstage's parameter validation, then every step
 * with our actions in dry-run mode on the real skeleton.
 */
const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-checkout', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'commerce', namespace: 'default' },
    spec: { owner: 'group:default/team-checkout' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders', namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-checkout',
    },
  },
];

const validValues = {
  name: 'order-history',
  description: 'Keeps the history of every order, for customers and support',
  owner: 'group:default/team-checkout',
  system: 'system:default/commerce',
  tier: 'important',
  database: 'postgres',
  broker: 'nats',
};

describe('node-service template dry run', () => {
  const { dryRun, publishRoot } = useTemplateDryRun(entities);

  it('lists the tiers of the tier table with their objectives', () => {
    const tier = template.spec.parameters[1].properties.tier;
    expect(tier.enum).toEqual([...TIER_NAMES]);
    tier.enumNames.forEach((label: string, i: number) => {
      const objectives = DEFAULT_TIER_TABLE[TIER_NAMES[i]];
      expect(label).toContain(`${objectives.availabilityPercent} %`);
      expect(label.startsWith(objectives.title)).toBe(true);
    });
  });

  it('renders the service with every step and writes nothing outside the workspace', async () => {
    const res = await dryRun(validValues);
    expect({
      status: res.status,
      body: res.status === 200 ? 'ok' : res.body,
    }).toEqual({
      status: 200,
      body: 'ok',
    });
    const files = new Map<string, string>(
      res.body.directoryContents.map((f: any) => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
    const catalogInfo = files.get('catalog-info.yaml')!;
    expect(catalogInfo).toContain('name: order-history');
    expect(catalogInfo).toContain('golden-path.io/tier: important');
    expect(catalogInfo).toContain('owner: group:default/team-checkout');
    expect(files.get('deploy/service.env')).toContain('DATABASE_CLIENT=pg');
    expect(files.get('deploy/service.env')).toContain('BROKER=nats');
    expect(files.get('openslo.yaml')).toContain('target: 0.999');
    expect(JSON.parse(files.get('package.json')!).name).toBe('order-history');
    // GitHub Actions expressions are copied as they are.
    expect(files.get('.github/workflows/ci.yml')).toContain('${{');
    // The ADR of the choices, after the skeleton's 0001 and 0002.
    const adr = [...files.keys()].find(f => f.startsWith('docs/adr/0003-'));
    expect(adr).toBeDefined();
    expect(files.get(adr!)).toContain('important');
    // Dry run: nothing published.
    expect(fs.readdirSync(publishRoot.path)).toEqual([]);
  }, 60_000);

  it.each([
    ['a tier outside the table', { tier: 'platinum' }, /tier/],
    ['no owner', { owner: undefined }, /owner/],
  ])('refuses %s before running any step', async (_what, override, field) => {
    const res = await dryRun({ ...validValues, ...override });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toMatch(field);
  });

  it.each([
    ['a taken name', { name: 'orders' }, /already exists in the catalog/],
    // The form's fields check these as the user types; the server too.
    [
      'an upper-case name',
      { name: 'Order_History' },
      /name 'Order_History' is not/,
    ],
    ['a two-letter name', { name: 'ab' }, /name 'ab' is not/],
    [
      'a description on two lines',
      { description: 'a\nb' },
      /description contains a line break/,
    ],
    ['an unknown owner', { owner: 'group:default/team-gone' }, /team-gone/],
    ['an unknown system', { system: 'system:default/nowhere' }, /nowhere/],
  ])(
    'stops at the preflight step for %s',
    async (_what, override, message) => {
      const res = await dryRun({ ...validValues, ...override });
      const log = JSON.stringify(res.body);
      expect(log).toMatch(message);
      // Nothing was rendered: the preflight step runs first.
      expect(res.body.directoryContents ?? []).not.toContainEqual(
        expect.objectContaining({ path: 'catalog-info.yaml' }),
      );
      expect(fs.readdirSync(publishRoot.path)).toEqual([]);
    },
    60_000,
  );
});
