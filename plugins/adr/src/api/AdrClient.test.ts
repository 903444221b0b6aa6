import { ResponseError } from '@backstage/errors';
import { AdrClient } from './AdrClient';

const discoveryApi = {
  getBaseUrl: jest.fn(async (id: string) => `http://backend/api/${id}`),
};

function clientReturning(response: Response) {
  const fetch = jest.fn(async (_input: any, _init?: any) => response.clone());
  return {
    client: new AdrClient({ discoveryApi, fetchApi: { fetch } }),
    fetch,
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('AdrClient', () => {
  it('writes list filters as repeated, encoded query parameters', async () => {
    const { client, fetch } = clientReturning(
      json({ items: [], totalCount: 0, counts: {}, staleProposedCount: 0 }),
    );
    await client.listAdrs({
      status: ['accepted', 'unknown'],
      owner: ['group:default/team-a', 'group:default/team b'],
      system: ['system:default/orders'],
      entity: ['component:default/x'],
      decisionMaker: 'Ann',
      from: '2024-01-01',
      to: '2024-12-31',
      q: 'kafka & events',
      stale: true,
      limit: 25,
      offset: 50,
      sort: 'title',
      order: 'desc',
    });
    const url = new URL(fetch.mock.calls[0][0]);
    expect(`${url.origin}${url.pathname}`).toBe('http://backend/api/adr/adrs');
    expect(url.searchParams.getAll('status')).toEqual(['accepted', 'unknown']);
    expect(url.searchParams.getAll('owner')).toEqual([
      'group:default/team-a',
      'group:default/team b',
    ]);
    expect(url.searchParams.getAll('system')).toEqual([
      'system:default/orders',
    ]);
    expect(url.searchParams.getAll('entity')).toEqual(['component:default/x']);
    expect(url.searchParams.get('decisionMaker')).toBe('Ann');
    expect(url.searchParams.get('from')).toBe('2024-01-01');
    expect(url.searchParams.get('to')).toBe('2024-12-31');
    expect(url.searchParams.get('q')).toBe('kafka & events');
    expect(url.searchParams.get('stale')).toBe('true');
    expect(url.searchParams.get('limit')).toBe('25');
    expect(url.searchParams.get('offset')).toBe('50');
    expect(url.searchParams.get('sort')).toBe('title');
    expect(url.searchParams.get('order')).toBe('desc');
    expect(fetch.mock.calls[0][0]).not.toContain('kafka & events');
  });

  it('sends no query string for empty filters, and omits stale=false', async () => {
    const { client, fetch } = clientReturning(json({ items: [] }));
    await client.listAdrs({ stale: false, q: '' });
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/adr/adrs');
  });

  it('builds entity routes with encoded parts and the path as a parameter', async () => {
    const { client, fetch } = clientReturning(json({}));
    await client.getAdr('component:default/pay ments', 'docs/adr/0001 a&b.md');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/adr/entities/component/default/pay%20ments/adr?path=docs%2Fadr%2F0001+a%26b.md',
    );
    await client.getEntityAdrs('component:payments');
    expect(fetch.mock.calls[1][0]).toBe(
      'http://backend/api/adr/entities/component/default/payments/adrs',
    );
  });

  it('fetches files as blobs through fetchApi', async () => {
    const { client, fetch } = clientReturning(
      new Response('PNG', { headers: { 'Content-Type': 'image/png' } }),
    );
    const blob = await client.getFile('component:default/x', 'img/a.png');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/adr/entities/component/default/x/file?path=img%2Fa.png',
    );
    expect(blob.size).toBe(3);
  });

  it('posts refresh with the entity ref as JSON', async () => {
    const { client, fetch } = clientReturning(json({ adrCount: 2 }));
    await expect(client.refresh('component:default/x')).resolves.toEqual({
      adrCount: 2,
    });
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/adr/refresh');
    expect(fetch.mock.calls[0][1]).toMatchObject({
      method: 'POST',
      body: JSON.stringify({ entityRef: 'component:default/x' }),
    });
  });

  it('maps backend error JSON to a ResponseError', async () => {
    const { client } = clientReturning(
      json(
        {
          error: { name: 'NotAllowedError', message: 'not permitted' },
          response: { statusCode: 403 },
        },
        403,
      ),
    );
    const error = await client.refresh('component:default/x').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.body.error.name).toBe('NotAllowedError');
    expect(error.body.error.message).toBe('not permitted');
  });
});
