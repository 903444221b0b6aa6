import { GoldenPathClient } from './GoldenPathClient';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    statusText: status < 300 ? 'OK' : 'Error',
    headers: { 'Content-Type': 'application/json' },
  });
}

function errorResponse(status: number, name: string, message: string) {
  return jsonResponse(status, {
    error: { name, message },
    response: { statusCode: status },
  });
}

function createClient(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  const client = new GoldenPathClient({
    discoveryApi: { getBaseUrl: async id => `http://backstage/api/${id}` },
    fetchApi: { fetch: fetch as any },
  });
  return { client, fetch };
}

const base = 'http://backstage/api/golden-path';

describe('GoldenPathClient', () => {
  it('asks for the drift without a query string when unfiltered', async () => {
    const body = { generatedAt: null, templates: [], services: [] };
    const { client, fetch } = createClient(() => jsonResponse(200, body));
    await expect(client.getDrift()).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(`${base}/drift`, undefined);
  });

  it('repeats each filter value as its own parameter', async () => {
    const { client, fetch } = createClient(() => jsonResponse(200, {}));
    await client.getDrift({
      owner: ['group:default/team-a', 'group:default/team b'],
      system: [],
      tier: ['critical', 'best-effort'],
    });
    expect(fetch.mock.calls[0][0]).toBe(
      `${base}/drift?owner=group%3Adefault%2Fteam-a&owner=group%3Adefault%2Fteam+b&tier=critical&tier=best-effort`,
    );
  });

  it("asks for one entity's drift by its encoded ref parts", async () => {
    const body = { service: { entityRef: 'component:default/a b' } };
    const { client, fetch } = createClient(() => jsonResponse(200, body));
    await expect(
      client.getEntityDrift('component:default/a b'),
    ).resolves.toEqual(body);
    expect(fetch.mock.calls[0][0]).toBe(
      `${base}/drift/entities/component/default/a%20b`,
    );
  });

  it('answers null for an entity the catalog does not have', async () => {
    const { client } = createClient(() =>
      errorResponse(404, 'NotFoundError', 'no such entity'),
    );
    await expect(
      client.getEntityDrift('component:default/gone'),
    ).resolves.toBeNull();
  });

  it('starts a refresh with a POST', async () => {
    const { client, fetch } = createClient(() =>
      jsonResponse(202, { status: 'started' }),
    );
    await client.refreshDrift();
    expect(fetch).toHaveBeenCalledWith(`${base}/drift/refresh`, {
      method: 'POST',
    });
  });

  it("throws a ResponseError carrying the backend's message", async () => {
    const { client } = createClient(() =>
      errorResponse(400, 'InputError', 'tier: not a tier'),
    );
    await expect(client.getDrift()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: { message: 'tier: not a tier' },
    });
  });
});
