import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';

/**
 * A stand-in for the readiness, SLO and ADR backends in component tests:
 * answers per path (`/api/<plugin><path>`), 500 with a Backstage error body
 * for paths in `failing`, and records every URL asked for.
 */
export function fakeScorecardBackends(
  answers: Record<string, unknown>,
  failing: string[] = [],
) {
  const requested: string[] = [];
  const discoveryApi: DiscoveryApi = {
    getBaseUrl: async pluginId => `http://backend/api/${pluginId}`,
  };
  const fetchApi: FetchApi = {
    fetch: (async (input: RequestInfo | URL) => {
      const url = String(input);
      requested.push(url);
      const path = url.replace('http://backend/api/', '/');
      const failure = failing.find(prefix => path.startsWith(prefix));
      const body = failure
        ? {
            error: { name: 'Error', message: `${failure} is down` },
            response: { statusCode: 500 },
          }
        : answers[path];
      let status = body === undefined ? 404 : 200;
      if (failure) status = 500;
      const text = JSON.stringify(
        body ?? {
          error: { name: 'NotFoundError', message: `no ${path}` },
          response: { statusCode: 404 },
        },
      );
      return {
        ok: status === 200,
        status,
        statusText: status === 200 ? 'OK' : 'Error',
        url,
        headers: {
          get: (name: string) =>
            name.toLowerCase() === 'content-type' ? 'application/json' : null,
        },
        json: async () => JSON.parse(text),
        text: async () => text,
      } as unknown as Response;
    }) as FetchApi['fetch'],
  };
  return { discoveryApi, fetchApi, requested };
}
