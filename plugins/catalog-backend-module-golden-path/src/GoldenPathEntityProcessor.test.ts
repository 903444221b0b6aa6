import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { readTierTable } from '@golden-path/plugin-golden-path-common';
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
    [
      { goldenPath: { catalog: { maxMetadataBytes: 'lots' } } },
      'Invalid config goldenPath.catalog.maxMetadataBytes: must be a number',
    ],
    [
      { goldenPath: { catalog: { maxMetadataBytes: 100 } } },
      'Invalid config goldenPath.catalog.maxMetadataBytes: must be a whole number from 1024 to 67108864, got 100',
    ],
  ])('refuses bad config %j naming the key', (data, key) => {
    expect(() =>
      GoldenPathEntityProcessor.fromConfig(new ConfigReader(data)),
    ).toThrow(key);
  });

  describe('metadata size limit', () => {
    const group = (metadata: Partial<Entity['metadata']>): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-a', ...metadata },
      spec: { type: 'team', children: [] },
    });

    it('leaves an oversized value out of any kind, with an error naming it', async () => {
      const warn = jest.fn();
      const processor = GoldenPathEntityProcessor.fromConfig(
        new ConfigReader({}),
        { logger: { warn } as any },
      );
      const result = (await processor.postProcessEntity(
        group({
          annotations: { 'example.com/blob': 'x'.repeat(1 << 20) },
          description: 'The A team',
        }),
      )) as any;
      expect(result.metadata.annotations).toEqual({});
      expect(result.metadata.description).toBe('The A team');
      const message =
        'group:default/team-a: metadata annotations, labels and description are 1048642 bytes together (as JSON), over the limit of 65536 bytes (goldenPath.catalog.maxMetadataBytes); the biggest, metadata.annotations["example.com/blob"] (1048597 bytes), is left out of the catalog. Shorten it, or keep such data outside the entity and link to it';
      expect(result.status.items).toEqual([
        {
          type: 'backstage.io/catalog-processing',
          level: 'error',
          message,
          error: { name: 'GoldenPathValidationError', message },
        },
      ]);
      // The log names the entity and the field, never the value.
      expect(warn).toHaveBeenCalledTimes(1);
      expect(JSON.stringify(warn.mock.calls)).not.toContain('xxxx');
      expect(warn.mock.calls[0][1].findings).toContain(
        'metadata.annotations["example.com/blob"] (1048597 bytes)',
      );
    });

    it('holds the entity as it will be stored to the configured limit', async () => {
      const processor = GoldenPathEntityProcessor.fromConfig(
        new ConfigReader({
          goldenPath: { catalog: { maxMetadataBytes: 2048 } },
        }),
      );
      const atLimit = entity(
        {
          'golden-path.io/tier': 'standard',
          'golden-path.io/deployment-strategy': 'rolling',
          'golden-path.io/on-call': 'https://oncall.example.com/a',
          'golden-path.io/runbook': 'https://runbooks.example.com/a',
          'example.com/pad': '',
        },
        'production',
      );
      const pad =
        2048 -
        JSON.stringify({ annotations: atLimit.metadata.annotations }).length;
      atLimit.metadata.annotations!['example.com/pad'] = 'x'.repeat(pad);
      const kept = (await processor.postProcessEntity(atLimit)) as any;
      expect(kept.status).toBeUndefined();
      expect(kept.metadata.annotations['example.com/pad']).toHaveLength(pad);

      atLimit.metadata.annotations!['example.com/pad'] += 'é';
      const trimmed = (await processor.postProcessEntity(atLimit)) as any;
      expect(trimmed.metadata.annotations['example.com/pad']).toBeUndefined();
      expect(trimmed.metadata.annotations['golden-path.io/tier']).toBe(
        'standard',
      );
      expect(trimmed.status.items).toEqual([
        expect.objectContaining({
          message: expect.stringContaining(
            'are 2050 bytes together (as JSON), over the limit of 2048 bytes',
          ),
        }),
      ]);
    });

    it('refuses an entity that only its location annotations put over the limit', async () => {
      const processor = new GoldenPathEntityProcessor({
        tiers: readTierTable(new ConfigReader({})),
        maxMetadataBytes: 1024,
      });
      const far = `file:/${'d/'.repeat(600)}catalog-info.yaml`;
      await expect(
        processor.postProcessEntity(
          group({
            annotations: {
              'backstage.io/managed-by-location': far,
              'backstage.io/managed-by-origin-location': far,
            },
          }),
        ),
      ).rejects.toThrow(
        /^group:default\/team-a: metadata annotations, labels and description are 2[0-9]{3} bytes together .* even without every value that may be left out$/,
      );
    });
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
