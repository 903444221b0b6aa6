import { ReadinessClient } from './ReadinessClient';

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
  const client = new ReadinessClient({
    discoveryApi: { getBaseUrl: async id => `http://backstage/api/${id}` },
    fetchApi: { fetch: fetch as any },
  });
  return { client, fetch };
}

const base = 'http://backstage/api/readiness';

describe('ReadinessClient', () => {
  it('asks for the overview without a query string when unfiltered', async () => {
    const body = { totalServices: 0 };
    const { client, fetch } = createClient(() => jsonResponse(200, body));
    await expect(client.getOverview()).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(`${base}/v1/overview`, undefined);
  });

  it('repeats each filter value as its own parameter', async () => {
    const { client, fetch } = createClient(() => jsonResponse(200, {}));
    await client.getOverview({
      owner: ['group:default/team-a', 'group:default/team b'],
      system: [],
      tier: ['critical', 'best-effort'],
      category: ['security', 'ownership'],
    });
    expect(fetch.mock.calls[0][0]).toBe(
      `${base}/v1/overview?owner=group%3Adefault%2Fteam-a&owner=group%3Adefault%2Fteam+b&tier=critical&tier=best-effort&category=security&category=ownership`,
    );
  });

  it('asks for a page of services with the paging, sort, search and filters', async () => {
    const page = { items: [], totalItems: 0, offset: 50, limit: 25 };
    const { client, fetch } = createClient(() => jsonResponse(200, page));
    await expect(
      client.getServices({
        offset: 50,
        limit: 25,
        sort: 'title',
        order: 'desc',
        q: ' pay ments ',
        owner: ['group:default/team-a'],
        category: ['security'],
      }),
    ).resolves.toEqual(page);
    await client.getServices();
    await client.getServices({ q: '  ' });
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      `${base}/v1/services?offset=50&limit=25&sort=title&order=desc&q=pay+ments&owner=group%3Adefault%2Fteam-a&category=security`,
      `${base}/v1/services`,
      `${base}/v1/services`,
    ]);
  });

  it('asks for checks and for rollups by a grouping with the filters', async () => {
    const { client, fetch } = createClient(() =>
      jsonResponse(200, { by: 'system', groups: [] }),
    );
    await client.getChecks();
    await client.getRollup('system', { tier: ['standard'] });
    await client.getRollup('domain');
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      `${base}/v1/checks`,
      `${base}/v1/rollups?by=system&tier=standard`,
      `${base}/v1/rollups?by=domain`,
    ]);
  });

  it('encodes each part of the entity path for every entity route', async () => {
    const { client, fetch } = createClient(() => jsonResponse(200, []));
    const ref = 'component:my-ns/a b#c';
    await client.getEntityDetail(ref);
    await client.getHistory(ref);
    await client.getHistory(ref, { days: 30 });
    await client.getAttestations(ref);
    await client.refreshEntity(ref);
    const path = `${base}/v1/entities/component/my-ns/a%20b%23c`;
    expect(fetch.mock.calls.map(([url, init]) => [url, init?.method])).toEqual([
      [path, undefined],
      [`${path}/history`, undefined],
      [`${path}/history?days=30`, undefined],
      [`${path}/attestations`, undefined],
      [`${path}/refresh`, 'POST'],
    ]);
  });

  it('posts an attestation as JSON and returns the created one', async () => {
    const created = { id: 'a1', checkId: 'failover-drill' };
    const { client, fetch } = createClient(() => jsonResponse(201, created));
    await expect(
      client.createAttestation('component:default/orders', {
        checkId: 'failover-drill',
        comment: 'Drill done',
        expiresAt: '2026-06-28T12:00:00.000Z',
      }),
    ).resolves.toEqual(created);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(
      `${base}/v1/entities/component/default/orders/attestations`,
    );
    expect(init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(JSON.parse(init!.body as string)).toEqual({
      checkId: 'failover-drill',
      comment: 'Drill done',
      expiresAt: '2026-06-28T12:00:00.000Z',
    });
  });

  it('turns 404 for an entity detail into null, but not elsewhere', async () => {
    const { client } = createClient(() =>
      errorResponse(404, 'NotFoundError', 'not evaluated'),
    );
    await expect(
      client.getEntityDetail('component:default/none'),
    ).resolves.toBeNull();
    await expect(
      client.getAttestations('component:default/none'),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('throws a ResponseError carrying the server message', async () => {
    const { client } = createClient(() =>
      errorResponse(400, 'InputError', 'comment: must not be empty'),
    );
    await expect(
      client.createAttestation('component:default/orders', {
        checkId: 'x',
        comment: '',
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: { message: 'comment: must not be empty' },
    });

    const denied = createClient(() =>
      errorResponse(403, 'NotAllowedError', 'Unauthorized'),
    );
    await expect(
      denied.client.refreshEntity('component:default/orders'),
    ).rejects.toMatchObject({ statusCode: 403 });

    const down = createClient(() =>
      errorResponse(500, 'Error', 'database is down'),
    );
    await expect(down.client.getOverview()).rejects.toMatchObject({
      statusCode: 500,
      cause: { message: 'database is down' },
    });
    await expect(
      down.client.getEntityDetail('component:default/orders'),
    ).rejects.toMatchObject({ statusCode: 500 });
  });

  it('refuses an entity ref it cannot parse before any request', async () => {
    const { client, fetch } = createClient(() => jsonResponse(200, {}));
    await expect(client.getEntityDetail('component:')).rejects.toThrow();
    expect(fetch).not.toHaveBeenCalled();
  });
});
