import { mockServices } from '@backstage/backend-test-utils';
import { z } from 'zod';
import { fetchPluginJson, PluginRequestError } from './fetchPluginJson';

describe('fetchPluginJson', () => {
  const discovery = {
    getBaseUrl: async (pluginId: string) => `http://backend/api/${pluginId}`,
    getExternalBaseUrl: async (pluginId: string) =>
      `http://backend/api/${pluginId}`,
  };
  const auth = mockServices.auth();
  const options = {
    discovery,
    auth,
    pluginId: 'adr',
    path: '/facets',
    what: 'the ADR backend',
    schema: z.object({ entities: z.array(z.string()) }),
  };
  const answer = (status: number, body: unknown, statusText = '') =>
    jest.spyOn(global, 'fetch').mockResolvedValue(
      new Response(JSON.stringify(body), {
        status,
        statusText,
        headers: { 'content-type': 'application/json' },
      }),
    );

  afterEach(() => jest.restoreAllMocks());

  it('GETs the plugin with its service token, without following redirects, and checks the shape', async () => {
    const fetch = answer(200, { entities: ['a'], more: 1 });
    await expect(fetchPluginJson(options)).resolves.toEqual({
      entities: ['a'],
    });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backend/api/adr/facets');
    expect(init).toMatchObject({
      redirect: 'error',
      headers: { authorization: expect.stringMatching(/^Bearer /) },
    });
  });

  it('throws a PluginRequestError with the status and the error message of the answer', async () => {
    answer(404, { error: { message: 'Not Found' } }, 'Not Found');
    const error = await fetchPluginJson(options).catch(e => e);
    expect(error).toBeInstanceOf(PluginRequestError);
    expect(error.status).toBe(404);
    expect(error.message).toBe(
      'the ADR backend answered 404 Not Found to GET /api/adr/facets: Not Found',
    );
  });

  it('names the fields of an answer of the wrong shape', async () => {
    answer(200, { entities: 'many' });
    await expect(fetchPluginJson(options)).rejects.toThrow(
      'the ADR backend answered GET /api/adr/facets with an unexpected shape: entities:',
    );
  });
});
