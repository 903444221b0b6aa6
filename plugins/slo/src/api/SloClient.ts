import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  SloEntityDetail,
  SloOverview,
  SloServicesPage,
  SloServicesQuery,
} from '@golden-path/plugin-slo-common';
import type { SloApi, SloOverviewFilters } from './SloApi';

/**
 * Talks to the SLO backend (`/api/slo`) through the app's fetchApi, so the
 * user's token goes with every request.
 * @public
 */
export class SloClient implements SloApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getOverview(filters: SloOverviewFilters = {}): Promise<SloOverview> {
    const response = await this.request(
      `/v1/overview${queryString(filterParams(filters))}`,
    );
    return (await response.json()) as SloOverview;
  }

  async getServices(query: SloServicesQuery = {}): Promise<SloServicesPage> {
    const params = filterParams(query);
    if (query.q?.trim()) params.set('q', query.q.trim());
    for (const key of ['sort', 'order', 'offset', 'limit'] as const) {
      const value = query[key];
      if (value !== undefined) params.set(key, String(value));
    }
    const response = await this.request(`/v1/services${queryString(params)}`);
    return (await response.json()) as SloServicesPage;
  }

  async getEntityDetail(entityRef: string): Promise<SloEntityDetail | null> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const path = [kind, namespace, name]
      .map(part => encodeURIComponent(part))
      .join('/');
    const baseUrl = await this.discoveryApi.getBaseUrl('slo');
    const response = await this.fetchApi.fetch(
      `${baseUrl}/v1/entities/${path}`,
    );
    // The backend answers 404 for an entity the catalog does not have: a
    // state of the card, not an error.
    if (response.status === 404) return null;
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as SloEntityDetail;
  }

  async refresh(): Promise<void> {
    await this.request('/v1/refresh', { method: 'POST' });
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('slo');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }
}

/**
 * The backend reads repeated parameters as lists (`tier=a&tier=b`), so
 * lists are written that way rather than comma-joined.
 */
function filterParams(filters: SloOverviewFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of ['owner', 'system', 'tier'] as const) {
    for (const value of filters[key] ?? []) query.append(key, value);
  }
  return query;
}

function queryString(params: URLSearchParams): string {
  const text = params.toString();
  return text ? `?${text}` : '';
}
