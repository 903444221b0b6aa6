import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { DriftFilters, GoldenPathApi } from './GoldenPathApi';
import type { DriftResponse, EntityDrift } from './types';

/**
 * Talks to the golden-path backend (`/api/golden-path`) through the app's
 * fetchApi, so the user's token goes with every request.
 * @public
 */
export class GoldenPathClient implements GoldenPathApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getDrift(filters: DriftFilters = {}): Promise<DriftResponse> {
    const response = await this.request(`/drift${filterQuery(filters)}`);
    return (await response.json()) as DriftResponse;
  }

  async getEntityDrift(entityRef: string): Promise<EntityDrift | null> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const path = [kind, namespace, name]
      .map(part => encodeURIComponent(part))
      .join('/');
    const response = await this.request(`/drift/entities/${path}`, {}, [404]);
    // 404: the catalog does not have the entity (yet).
    if (response.status === 404) return null;
    return (await response.json()) as EntityDrift;
  }

  async refreshDrift(): Promise<void> {
    await this.request('/drift/refresh', { method: 'POST' });
  }

  private async request(
    path: string,
    init?: RequestInit,
    expected: number[] = [],
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('golden-path');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok && !expected.includes(response.status)) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

/**
 * The backend reads repeated parameters as lists (`tier=a&tier=b`), so
 * lists are written that way rather than comma-joined.
 */
function filterQuery(filters: DriftFilters): string {
  const query = new URLSearchParams();
  for (const key of ['owner', 'system', 'tier'] as const) {
    for (const value of filters[key] ?? []) query.append(key, value);
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}
