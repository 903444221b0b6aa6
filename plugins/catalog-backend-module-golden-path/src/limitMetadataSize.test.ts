import { Entity } from '@backstage/catalog-model';
import {
  DEFAULT_MAX_METADATA_BYTES,
  limitMetadataSize,
  measureMetadataBytes,
} from './limitMetadataSize';

const LOCATION = {
  'backstage.io/managed-by-location': 'file:/repo/catalog-info.yaml',
  'backstage.io/managed-by-origin-location': 'file:/repo/catalog-info.yaml',
};

function entity(metadata: Partial<Entity['metadata']>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', ...metadata },
    spec: { type: 'service', lifecycle: 'production', owner: 'group:a' },
  };
}

/** Pads annotation `key` so that the measured size is exactly `bytes`. */
function sized(
  bytes: number,
  metadata: Partial<Entity['metadata']> = {},
  key = 'example.com/pad',
): Entity {
  const base = entity({
    ...metadata,
    annotations: { ...LOCATION, ...metadata.annotations, [key]: '' },
  });
  const padding = bytes - measureMetadataBytes(base.metadata);
  base.metadata.annotations![key] = 'x'.repeat(padding);
  expect(measureMetadataBytes(base.metadata)).toBe(bytes);
  return base;
}

describe('measureMetadataBytes', () => {
  it('is the UTF-8 size of the JSON of annotations, labels and description', () => {
    const metadata = {
      name: 'not-counted',
      title: 'not counted either',
      annotations: { 'a.io/x': 'é' },
      labels: { team: '🚀' },
      description: 'ünïcode',
    };
    expect(measureMetadataBytes(metadata)).toBe(
      Buffer.byteLength(
        JSON.stringify({
          annotations: metadata.annotations,
          labels: metadata.labels,
          description: metadata.description,
        }),
        'utf8',
      ),
    );
    // é, ü and ï are two bytes each, the rocket four.
    expect(measureMetadataBytes(metadata)).toBe(
      JSON.stringify({
        annotations: metadata.annotations,
        labels: metadata.labels,
        description: metadata.description,
      }).length +
        1 +
        2 +
        2,
    );
    expect(measureMetadataBytes({ name: 'bare' })).toBe(2);
  });
});

describe('limitMetadataSize', () => {
  it('passes an entity at exactly the limit, unchanged', () => {
    const atLimit = sized(DEFAULT_MAX_METADATA_BYTES);
    const result = limitMetadataSize(atLimit, DEFAULT_MAX_METADATA_BYTES);
    expect(result.violation).toBeUndefined();
    expect(result.entity).toBe(atLimit);
  });

  it('refuses one byte over: the biggest value is left out and named', () => {
    const over = sized(DEFAULT_MAX_METADATA_BYTES + 1, {
      annotations: { 'golden-path.io/tier': 'standard' },
      labels: { team: 'a' },
      description: 'A service',
    });
    const padBytes = Buffer.byteLength(
      `"example.com/pad":"${over.metadata.annotations!['example.com/pad']}"`,
    );
    const { entity: limited, violation } = limitMetadataSize(
      over,
      DEFAULT_MAX_METADATA_BYTES,
    );
    expect(violation).toEqual({
      bytes: 65537,
      limit: 65536,
      removed: [
        { field: 'metadata.annotations["example.com/pad"]', bytes: padBytes },
      ],
      message: `annotations, labels and description are 65537 bytes together (as JSON), over the limit of 65536 bytes (goldenPath.catalog.maxMetadataBytes); the biggest, metadata.annotations["example.com/pad"] (${padBytes} bytes), is left out of the catalog. Shorten it, or keep such data outside the entity and link to it`,
    });
    expect(limited.metadata).toEqual({
      name: 'svc',
      annotations: { ...LOCATION, 'golden-path.io/tier': 'standard' },
      labels: { team: 'a' },
      description: 'A service',
    });
    // The entity given is not changed.
    expect(over.metadata.annotations!['example.com/pad']).toHaveLength(
      padBytes - '"example.com/pad":""'.length,
    );
  });

  it('leaves out the biggest values first, only as many as needed', () => {
    const big = 'x'.repeat(30_000);
    const result = limitMetadataSize(
      entity({
        annotations: {
          ...LOCATION,
          'example.com/a': `${big}a`,
          'example.com/b': `${big}bb`,
          'example.com/small': 'kept',
        },
        labels: { team: 'a' },
        description: `${big}${'c'.repeat(40)}`,
      }),
      40_000,
    );
    expect(result.violation?.removed.map(r => r.field)).toEqual([
      'metadata.description',
      'metadata.annotations["example.com/b"]',
    ]);
    expect(result.violation?.message).toContain(
      'the biggest, metadata.description (30042 bytes), is left out of the catalog; also left out: metadata.annotations["example.com/b"] (30020 bytes).',
    );
    expect(result.entity.metadata.description).toBeUndefined();
    expect(Object.keys(result.entity.metadata.annotations!)).toEqual([
      ...Object.keys(LOCATION),
      'example.com/a',
      'example.com/small',
    ]);
    expect(measureMetadataBytes(result.entity.metadata)).toBeLessThanOrEqual(
      40_000,
    );
  });

  it('counts labels and leaves out a label that is the biggest value', () => {
    const result = limitMetadataSize(
      entity({
        annotations: LOCATION,
        labels: { team: 'a', blob: 'y'.repeat(2000) },
      }),
      1024,
    );
    expect(result.violation?.removed).toEqual([
      { field: 'metadata.labels["blob"]', bytes: 2009 },
    ]);
    expect(result.entity.metadata.labels).toEqual({ team: 'a' });
  });

  it('clips a huge key in the message', () => {
    const key = `example.com/${'k'.repeat(5000)}`;
    const result = limitMetadataSize(
      entity({ annotations: { ...LOCATION, [key]: 'v' } }),
      1024,
    );
    expect(result.violation?.removed[0].field).toBe(
      `metadata.annotations[${JSON.stringify(key).slice(0, 120)}..."]`,
    );
    expect(result.violation!.message.length).toBeLessThan(500);
    expect(result.entity.metadata.annotations).toEqual(LOCATION);
  });

  it("never leaves out Backstage's location annotations: refuses instead", () => {
    const far = `file:/${'d/'.repeat(1000)}catalog-info.yaml`;
    expect(() =>
      limitMetadataSize(
        entity({
          annotations: {
            'backstage.io/managed-by-location': far,
            'backstage.io/managed-by-origin-location': far,
            'example.com/x': 'small',
          },
        }),
        1024,
      ),
    ).toThrow(
      /^metadata annotations, labels and description are \d+ bytes together \(as JSON\), over the limit of 1024 bytes \(goldenPath\.catalog\.maxMetadataBytes\), even without every value that may be left out$/,
    );
  });
});
