import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { GoldenPathFactCollector } from './GoldenPathFactCollector';

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
});

describe('GoldenPathFactCollector', () => {
  const collector = new GoldenPathFactCollector({
    discovery: {
      getBaseUrl: async () => 'http://backend/api/golden-path',
      getExternalBaseUrl: async () => 'http://backend/api/golden-path',
    },
    auth: mockServices.auth(),
  });
  const answer = (status: number, body: unknown) =>
    jest
      .spyOn(global, 'fetch')
      .mockResolvedValue(new Response(JSON.stringify(body), { status }));
  afterEach(() => jest.restoreAllMocks());

  it('reads each component from the drift view', async () => {
    answer(200, {
      services: [
        {
          entityRef: 'component:default/current',
          status: 'current',
          supported: true,
          behind: 0,
        },
        {
          entityRef: 'component:default/old',
          status: 'unsupported',
          supported: false,
          behind: 2,
        },
        { entityRef: 'component:default/odd', status: 'unknown-version' },
        { entityRef: 'component:default/plain', status: 'not-from-template' },
      ],
    });
    const results = await collector.collect(
      ['current', 'old', 'odd', 'plain', 'absent'].map(entity),
      { signal: new AbortController().signal } as any,
    );
    expect(
      Object.fromEntries(results.map(r => [r.entityRef, r.facts])),
    ).toEqual({
      'component:default/current': {
        'golden-path.fromTemplate': true,
        'golden-path.supportedVersion': true,
        'golden-path.versionsBehind': 0,
      },
      'component:default/old': {
        'golden-path.fromTemplate': true,
        'golden-path.supportedVersion': false,
        'golden-path.versionsBehind': 2,
      },
      ...Object.fromEntries(
        ['odd', 'plain', 'absent'].map(name => [
          `component:default/${name}`,
          {
            'golden-path.fromTemplate': false,
            'golden-path.supportedVersion': false,
            'golden-path.versionsBehind': 0,
          },
        ]),
      ),
    });
  });

  it('treats a portal without the golden-path backend (404) as no service from a template', async () => {
    answer(404, { error: { message: 'Not found' } });
    const [result] = await collector.collect([entity('svc')], {
      signal: new AbortController().signal,
    } as any);
    expect(result.facts['golden-path.fromTemplate']).toBe(false);
  });

  it('fails on any other error, so the last facts are kept', async () => {
    answer(500, { error: { message: 'boom' } });
    await expect(
      collector.collect([entity('svc')], {
        signal: new AbortController().signal,
      } as any),
    ).rejects.toThrow('the golden-path backend answered 500');
  });
});
