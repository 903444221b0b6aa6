import { DiscoveryService } from '@backstage/backend-plugin-api';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * Answers one request to the fake plugin server.
 * @public
 */
export type FakePluginHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => void;

/**
 * A real HTTP server standing in for other backend plugins in a collector's
 * tests; {@link startFakePluginServer} starts it.
 * @public
 */
export type FakePluginServer = {
  baseUrl: string;
  /** Every request so far, oldest first. */
  requests: Array<{ url: string; authorization?: string }>;
  /** Finds every plugin on this server, under `/api/<pluginId>`. */
  discovery: DiscoveryService;
  close(): Promise<void>;
};

/**
 * Starts a {@link FakePluginServer} on 127.0.0.1 (a free port) that hands
 * every request to `handler`.
 * @public
 */
export async function startFakePluginServer(
  handler: FakePluginHandler,
): Promise<FakePluginServer> {
  const server = http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const requests: FakePluginServer['requests'] = [];
  server.on('request', req =>
    requests.push({ url: req.url!, authorization: req.headers.authorization }),
  );
  return {
    baseUrl,
    requests,
    discovery: {
      getBaseUrl: async pluginId => `${baseUrl}/api/${pluginId}`,
      getExternalBaseUrl: async pluginId => `${baseUrl}/api/${pluginId}`,
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/**
 * Answers JSON with a status, for a {@link FakePluginHandler}.
 * @public
 */
export function respondJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
