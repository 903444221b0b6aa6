import http from 'node:http';
import { SliSourceError } from '@golden-path/plugin-slo-node';
import { startFakeServer } from './testUtils/prometheusTestServer';
import { PrometheusClient } from './PrometheusClient';
import { PrometheusDataSourceConfig } from './readPrometheusConfig';

// Servers that answer the way a broken Prometheus or a proxy in front of one
// does; the real Prometheus is in PrometheusSliSource.test.ts.

const client = (
  baseUrl: string,
  overrides: Partial<PrometheusDataSourceConfig> = {},
) =>
  new PrometheusClient({
    name: 'fake',
    baseUrl,
    headers: { Authorization: 'Bearer top-secret-token' },
    timeoutMs: 2000,
    ...overrides,
  });

const vector = (value: string) =>
  JSON.stringify({
    status: 'success',
    data: { resultType: 'vector', result: [{ metric: {}, value: [1, value] }] },
  });

describe('PrometheusClient', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  const serve = async (handler: http.RequestListener) => {
    const server = await startFakeServer(handler);
    servers.push(server);
    return server.url;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(s => s.close()));
  });

  it('posts the query with the configured headers and reads a vector', async () => {
    let seen: { url?: string; auth?: string; body?: string } = {};
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => {
        seen = { url: req.url, auth: req.headers.authorization, body };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(vector('42'));
      });
    });
    await expect(
      client(`${url}/prefix`).instantQuery('up', 1_700_000_000_000),
    ).resolves.toEqual([{ metric: {}, value: 42 }]);
    expect(seen.url).toBe('/prefix/api/v1/query');
    expect(seen.auth).toBe('Bearer top-secret-token');
    expect(Object.fromEntries(new URLSearchParams(seen.body))).toEqual({
      query: 'up',
      time: '1700000000.000',
      timeout: '2s',
    });
  });

  it('reports a 500 with the error Prometheus gave', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'error',
          errorType: 'internal',
          error: 'boom',
        }),
      );
    });
    const promise = client(url).instantQuery('up', Date.now());
    await expect(promise).rejects.toThrow(SliSourceError);
    await expect(promise).rejects.toThrow('failed (HTTP 500, internal): boom');
  });

  it('reports a proxy error page with the start of its text', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>Bad   Gateway</body></html>');
    });
    await expect(client(url).instantQuery('up', Date.now())).rejects.toThrow(
      'answered HTTP 502: <html><body>Bad Gateway</body></html>',
    );
  });

  it('reports a 200 that is not JSON (a login page)', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<form>Sign in</form>');
    });
    await expect(client(url).instantQuery('up', Date.now())).rejects.toThrow(
      'answered HTTP 200 with something that is not JSON (text/html)',
    );
  });

  it.each(['NaN', '+Inf', '-Inf'])('refuses %s as a count', async value => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(vector(value));
    });
    await expect(client(url).instantQuery('up', Date.now())).rejects.toThrow(
      `the result is not a number (${value})`,
    );
  });

  it('refuses a result of the wrong type', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'success',
          data: { resultType: 'scalar', result: [1, '1'] },
        }),
      );
    });
    await expect(client(url).instantQuery('up', Date.now())).rejects.toThrow(
      'expected a vector result, got scalar',
    );
  });

  it('does not follow a redirect to another host, and names only its host', async () => {
    let hits = 0;
    const elsewhere = await serve((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(vector('1'));
    });
    const other = elsewhere.replace('127.0.0.1', 'localhost');
    const url = await serve((_req, res) => {
      res.writeHead(302, { location: `${other}/api/v1/query?token=abc` });
      res.end();
    });
    const promise = client(url).instantQuery('up', Date.now());
    await expect(promise).rejects.toThrow(
      `answered with a redirect (HTTP 302 to ${
        new URL(other).host
      }); redirects are not followed`,
    );
    await expect(promise).rejects.not.toThrow('token=abc');
    expect(hits).toBe(0);
  });

  it('does not follow a redirect to a metadata address either', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(307, {
        location: 'http://169.254.169.254/latest/meta-data/',
      });
      res.end();
    });
    await expect(client(url).instantQuery('up', Date.now())).rejects.toThrow(
      'answered with a redirect (HTTP 307 to 169.254.169.254)',
    );
  });

  it('gives up after the timeout', async () => {
    const url = await serve(() => {
      // Never answers.
    });
    await expect(
      client(url, { timeoutMs: 300 }).instantQuery('up', Date.now()),
    ).rejects.toThrow('did not answer within 300 ms');
  });

  it('gives up on a body that trickles past the timeout', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":');
    });
    await expect(
      client(url, { timeoutMs: 300 }).instantQuery('up', Date.now()),
    ).rejects.toThrow('did not answer within 300 ms');
  });

  it('reports a refused connection', async () => {
    const url = await serve(() => {});
    await Promise.all(servers.splice(0).map(s => s.close()));
    await expect(client(url).instantQuery('up', Date.now())).rejects.toThrow(
      'refused the connection (ECONNREFUSED)',
    );
  });

  it('names the cause when fetch itself refuses the URL (a port fetch blocks)', async () => {
    // Port 9 (discard) is on fetch's list of bad ports: "fetch failed" with
    // the cause "bad port", and no error code.
    await expect(
      client('http://127.0.0.1:9').instantQuery('up', Date.now()),
    ).rejects.toThrow('is unreachable (bad port)');
  });

  it('never puts the header values into an error', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('unauthorized');
    });
    const promise = client(url).instantQuery('up', Date.now());
    await expect(promise).rejects.toThrow('answered HTTP 401: unauthorized');
    await expect(promise).rejects.not.toThrow('top-secret-token');
  });

  it('reads a matrix with times in milliseconds', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: {},
                values: [
                  [1700000060.5, '3'],
                  [1700000120.5, '4'],
                ],
              },
            ],
          },
        }),
      );
    });
    await expect(
      client(url).rangeQuery('up', 1700000060500, 1700000120500, 60000),
    ).resolves.toEqual([
      {
        metric: {},
        values: [
          { time: 1700000060500, value: 3 },
          { time: 1700000120500, value: 4 },
        ],
      },
    ]);
  });
});
