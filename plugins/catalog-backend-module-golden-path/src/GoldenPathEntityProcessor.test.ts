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
});
