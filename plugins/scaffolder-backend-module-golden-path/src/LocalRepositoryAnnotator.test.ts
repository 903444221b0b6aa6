import { createMockDirectory } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import { LocalPublishRoot } from './LocalPublishRoot';
import { LocalRepositoryAnnotator } from './LocalRepositoryAnnotator';

const ANNOTATION = 'golden-path.io/local-repository';

describe('LocalRepositoryAnnotator', () => {
  const dir = createMockDirectory();
  const outside = createMockDirectory();
  const annotator = () =>
    new LocalRepositoryAnnotator(new LocalPublishRoot(dir.resolve('repos')));
  const entity = (annotations: Record<string, string> = {}): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders', annotations },
  });
  const annotate = (target: string, e = entity(), type = 'file') =>
    annotator()
      .preProcessEntity(e, { type, target })
      .then(result => result.metadata.annotations?.[ANNOTATION]);

  beforeEach(() => {
    dir.setContent({ 'repos/orders/catalog-info.yaml': 'x', org: {} });
    outside.setContent({ 'x.yaml': 'x' });
  });

  it('names the repository folder of an entity read from the publish root', async () => {
    await expect(
      annotate(dir.resolve('repos/orders/catalog-info.yaml')),
    ).resolves.toBe('orders');
    await expect(
      annotate(dir.resolve('repos/orders/deploy/more/catalog-info.yaml')),
    ).resolves.toBe('orders');
  });

  it('removes a claim by a catalog file anywhere else; leaves other entities as they are', async () => {
    const claimed = entity({ [ANNOTATION]: 'orders', other: 'kept' });
    await expect(
      annotate(dir.resolve('org/catalog-info.yaml'), claimed),
    ).resolves.toBeUndefined();
    await expect(
      annotate(
        'https://github.com/a/b/blob/main/catalog-info.yaml',
        claimed,
        'url',
      ),
    ).resolves.toBeUndefined();
    fs.symlinkSync(outside.path, dir.resolve('repos/escape'));
    await expect(
      annotate(dir.resolve('repos/escape/x.yaml'), claimed),
    ).resolves.toBeUndefined();
    await expect(
      annotate(dir.resolve('repos/../org/x.yaml'), claimed),
    ).resolves.toBeUndefined();
    const untouched = entity({ other: 'kept' });
    await expect(
      annotator().preProcessEntity(untouched, {
        type: 'file',
        target: dir.resolve('org/x.yaml'),
      }),
    ).resolves.toBe(untouched);
  });
});
