import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  EntityLocationError,
  resolveEntityLocation,
} from './resolveEntityLocation';

const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
const ANNOTATION = 'golden-path.io/slo';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'x', annotations },
  };
}

const resolve = (annotations: Record<string, string>) =>
  resolveEntityLocation(
    entity(annotations),
    ANNOTATION,
    integrations,
    'OpenSLO files',
  );

describe('resolveEntityLocation', () => {
  it('takes an http(s) URL as is, with or without url:', () => {
    expect(resolve({ [ANNOTATION]: 'https://example.com/o/slo.yaml' })).toEqual(
      {
        type: 'url',
        url: 'https://example.com/o/slo.yaml',
        location: 'https://example.com/o/slo.yaml',
      },
    );
    expect(
      resolve({ [ANNOTATION]: 'url:https://example.com/adrs/' }),
    ).toMatchObject({ url: 'https://example.com/adrs' });
  });

  // GitHub's resolveUrl answers a tree URL; its reader accepts tree URLs for
  // files too (GitHub redirects them).
  it('resolves a relative path against a url managed-by-location', () => {
    expect(
      resolve({
        [ANNOTATION]: 'slo/openslo.yaml',
        'backstage.io/managed-by-location':
          'url:https://github.com/o/r/blob/main/catalog-info.yaml',
      }),
    ).toEqual({
      type: 'url',
      url: 'https://github.com/o/r/tree/main/slo/openslo.yaml',
      location: 'https://github.com/o/r/tree/main/slo/openslo.yaml',
    });
  });

  it('resolves against a file location, and a source-location folder', () => {
    expect(
      resolve({
        [ANNOTATION]: '../slo/x.yaml',
        'backstage.io/managed-by-location': 'file:/repo/catalog/x.yaml',
      }),
    ).toEqual({
      type: 'file',
      path: '/repo/slo/x.yaml',
      location: 'file:/repo/slo/x.yaml',
    });
    expect(
      resolve({
        [ANNOTATION]: 'slo.yaml',
        'backstage.io/source-location': 'file:/repo/service/',
      }),
    ).toMatchObject({ type: 'file', path: '/repo/service/slo.yaml' });
  });

  it.each([
    [{ [ANNOTATION]: '  ' }, 'the golden-path.io/slo annotation is empty'],
    // eslint-disable-next-line no-script-url -- the hostile annotation under test
    [{ [ANNOTATION]: 'javascript:alert(1)' }, 'neither an http(s) URL'],
    [{ [ANNOTATION]: 'file:/etc/passwd' }, 'neither an http(s) URL'],
    [
      { [ANNOTATION]: 'slo.yaml' },
      "golden-path.io/slo 'slo.yaml' is a relative path, but the entity has no backstage.io/managed-by-location",
    ],
    [
      {
        [ANNOTATION]: 'slo.yaml',
        'backstage.io/managed-by-location': 'not a location',
      },
      "the entity location 'not a location' is not a location",
    ],
    [
      {
        [ANNOTATION]: 'slo.yaml',
        'backstage.io/managed-by-location': 'github:o/r',
      },
      "of type 'github'; OpenSLO files can be read from 'url' and 'file' locations",
    ],
  ])('refuses %j', (annotations, message) => {
    let thrown: unknown;
    try {
      resolve(annotations);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EntityLocationError);
    expect((thrown as Error).message).toContain(message);
  });
});
