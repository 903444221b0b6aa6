import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { GoldenPathEntityProcessor } from './GoldenPathEntityProcessor';

const entity = (annotations: Record<string, string>, lifecycle: string) =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
    spec: { type: 'service', lifecycle, owner: 'group:a' },
  } as Entity);

describe('GoldenPathEntityProcessor', () => {
  it('fills the deployment strategy from the configured tier table', async () => {
    const processor = GoldenPathEntityProcessor.fromConfig(
      new ConfigReader({
        goldenPath: { tiers: { standard: { deploymentStrategy: 'canary' } } },
      }),
    );
    const result = await processor.preProcessEntity(
      entity({ 'golden-path.io/tier': 'standard' }, 'production'),
    );
    expect(
      result.metadata.annotations?.['golden-path.io/deployment-strategy'],
    ).toBe('canary');
    // An explicit strategy is never overwritten.
    const explicit = await processor.preProcessEntity(
      entity(
        {
          'golden-path.io/tier': 'standard',
          'golden-path.io/deployment-strategy': 'rolling',
        },
        'production',
      ),
    );
    expect(
      explicit.metadata.annotations?.['golden-path.io/deployment-strategy'],
    ).toBe('rolling');
  });

  it('makes missing metadata an error for configured lifecycles', async () => {
    const processor = GoldenPathEntityProcessor.fromConfig(
      new ConfigReader({
        goldenPath: { catalog: { errorMissingMetadataFor: ['production'] } },
      }),
    );
    const result = (await processor.postProcessEntity(
      entity({}, 'production'),
    )) as any;
    expect(result.status.items.map((i: any) => [i.type, i.level])).toEqual([
      ['backstage.io/catalog-processing', 'error'],
      ['backstage.io/catalog-processing', 'error'],
      ['backstage.io/catalog-processing', 'error'],
    ]);
  });

  it('keeps status items that other processors added', async () => {
    const processor = GoldenPathEntityProcessor.fromConfig(
      new ConfigReader({}),
    );
    const other = { type: 'x', level: 'info', message: 'kept' };
    const result = (await processor.postProcessEntity({
      ...entity({ 'golden-path.io/tier': 'gold' }, 'production'),
      status: { items: [other] },
    } as Entity)) as any;
    expect(result.status.items).toEqual([
      other,
      expect.objectContaining({ level: 'error' }),
      expect.objectContaining({ level: 'warning' }),
      expect.objectContaining({ level: 'warning' }),
    ]);
  });

  it.each([
    [
      { goldenPath: { catalog: { errorMissingMetadataFor: 'production' } } },
      'goldenPath.catalog.errorMissingMetadataFor',
    ],
    [
      { goldenPath: { catalog: { warnMissingMetadataFor: [''] } } },
      'goldenPath.catalog.warnMissingMetadataFor',
    ],
    [{ goldenPath: { tiers: { gold: {} } } }, 'goldenPath.tiers.gold'],
  ])('refuses bad config %j naming the key', (data, key) => {
    expect(() =>
      GoldenPathEntityProcessor.fromConfig(new ConfigReader(data)),
    ).toThrow(key);
  });

  describe('owner check', () => {
    const known = new Set(['group:default/a', 'user:default/jdoe']);
    const lookups: string[] = [];
    const refs = {
      exists: async (ref: string) => {
        lookups.push(ref);
        return known.has(ref);
      },
    };
    const ownerItems = async (
      owner: unknown,
      options: { config?: object; kind?: string; namespace?: string } = {},
    ) => {
      const processor = GoldenPathEntityProcessor.fromConfig(
        new ConfigReader(options.config ?? {}),
        { refs },
      );
      const base = entity(
        {
          'golden-path.io/tier': 'standard',
          'golden-path.io/on-call': 'https://oncall.example.com/a',
          'golden-path.io/runbook': 'https://runbooks.example.com/a',
        },
        'production',
      );
      const result = (await processor.postProcessEntity({
        ...base,
        kind: options.kind ?? 'Component',
        metadata: { ...base.metadata, namespace: options.namespace },
        spec: { ...base.spec, owner },
      } as Entity)) as any;
      return (result.status?.items ?? []).map((i: any) => i.message);
    };

    beforeEach(() => lookups.splice(0));

    it('accepts a known Group or User, with or without kind and namespace', async () => {
      expect(await ownerItems('a')).toEqual([]);
      expect(await ownerItems('group:a')).toEqual([]);
      expect(await ownerItems('Group:default/A')).toEqual([]);
      expect(await ownerItems('user:jdoe')).toEqual([]);
      expect(lookups).toEqual([
        'group:default/a',
        'group:default/a',
        'group:default/a',
        'user:default/jdoe',
      ]);
    });

    it('reports an owner the catalog does not know, naming entity and field', async () => {
      expect(await ownerItems('group:team-gone')).toEqual([
        'component:default/svc: spec.owner refers to group:default/team-gone, which is not in the catalog: add that Group or User, or fix the owner',
      ]);
      // The owner's namespace defaults to the entity's.
      expect(await ownerItems('a', { namespace: 'payments' })).toEqual([
        expect.stringContaining('refers to group:payments/a, which is not'),
      ]);
    });

    it('refuses owners that are not Groups or Users, and bad refs', async () => {
      expect(await ownerItems('component:a')).toEqual([
        expect.stringContaining(
          'spec.owner refers to component:default/a; an owner is a Group or a User',
        ),
      ]);
      const [bad] = await ownerItems('group:a:b/c/d');
      expect(bad).toMatch(
        /spec\.owner 'group:a:b\/c\/d' is not an entity reference: 'a:b' is not a valid namespace/,
      );
      const [long] = await ownerItems(`group:${'x'.repeat(10_000)}`);
      expect(long.length).toBeLessThan(600);
      expect(lookups).toEqual([]);
    });

    it('leaves a missing owner to Backstage and skips other kinds', async () => {
      expect(await ownerItems(undefined)).toEqual([]);
      expect(await ownerItems(42)).toEqual([]);
      expect(await ownerItems('nobody', { kind: 'Resource' })).toEqual([]);
      expect(lookups).toEqual([]);
    });

    it('can be switched off', async () => {
      expect(
        await ownerItems('group:team-gone', {
          config: { goldenPath: { catalog: { checkOwnerExists: false } } },
        }),
      ).toEqual([]);
      expect(lookups).toEqual([]);
    });
  });
});
