import { SloClient } from './SloClient';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    statusText: status === 200 ? 'OK' : 'Error',
    headers: { 'Content-Type': 'application/json' },
  });
}

function createClient(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  const client = new SloClient({
    discoveryApi: { getBaseUrl: async id => `http://backstage/api/${id}` },
    fetchApi: { fetch: fetch as any },
  });
  return { client, fetch };
}

const overview = {
  tiers: [],
  totalServices: 0,
  choices: { owner: [], system: [] },
  firingAlerts: [],
  tierViolations: [],
  computedAt: null,
};

describe('SloClient', () => {
  it('asks for the overview without a query string when unfiltered', async () => {
    const { client, fetch } = createClient(() => jsonResponse(200, overview));
    await expect(client.getOverview()).resolves.toEqual(overview);
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/slo/v1/overview',
      undefined,
    );
  });

  it('repeats each filter value as its own parameter', async () => {
    const { client, fetch } = createClient(() => jsonResponse(200, overview));
    await client.getOverview({
      owner: ['group:default/team-a', 'group:default/team b'],
      system: [],
      tier: ['critical', 'best-effort'],
    });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/slo/v1/overview?owner=group%3Adefault%2Fteam-a&owner=group%3Adefault%2Fteam+b&tier=critical&tier=best-effort',
    );
  });

  it('asks for a page of services with its filters, search, sort and page', async () => {
    const page = { items: [], totalItems: 0, offset: 50, limit: 25 };
    const { client, fetch } = createClient(() => jsonResponse(200, page));
    await expect(
      client.getServices({
        owner: ['group:default/team-a'],
        tier: ['critical'],
        q: ' pay ments ',
        sort: 'burnRate',
        order: 'desc',
        offset: 50,
        limit: 25,
      }),
    ).resolves.toEqual(page);
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/slo/v1/services?owner=group%3Adefault%2Fteam-a&tier=critical&q=pay+ments&sort=burnRate&order=desc&offset=50&limit=25',
    );
    await client.getServices({ q: '  ' });
    expect(fetch.mock.calls[1][0]).toBe('http://backstage/api/slo/v1/services');
  });

  it('encodes each part of the entity path', async () => {
    const { client, fetch } = createClient(() =>
      jsonResponse(200, { entityRef: 'component:default/a b', slos: [] }),
    );
    await client.getEntityDetail('component:default/a b');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/slo/v1/entities/component/default/a%20b',
    );
  });

  it('turns 404 for an entity into null', async () => {
    const { client } = createClient(() =>
      jsonResponse(404, {
        error: { name: 'NotFoundError', message: 'No SLOs' },
        response: { statusCode: 404 },
      }),
    );
    await expect(
      client.getEntityDetail('component:default/none'),
    ).resolves.toBeNull();
  });

  it('throws a ResponseError with the server message for other failures', async () => {
    const { client } = createClient(() =>
      jsonResponse(500, {
        error: { name: 'Error', message: 'database is down' },
        response: { statusCode: 500 },
      }),
    );
    await expect(
      client.getEntityDetail('component:default/a'),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 500 });
    // The server's message travels as the cause, which ResponseErrorPanel shows.
    await expect(client.getOverview()).rejects.toMatchObject({
      cause: { message: 'database is down' },
    });
  });

  it('posts to refresh and maps a refusal to an error', async () => {
    const { client, fetch } = createClient(
      () => new Response(null, { status: 202 }),
    );
    await client.refresh();
    expect(fetch).toHaveBeenCalledWith('http://backstage/api/slo/v1/refresh', {
      method: 'POST',
    });

    const denied = createClient(() =>
      jsonResponse(403, {
        error: { name: 'NotAllowedError', message: 'Not allowed' },
        response: { statusCode: 403 },
      }),
    );
    await expect(denied.client.refresh()).rejects.toMatchObject({
      statusCode: 403,
    });
  });
});
