import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AdrEntityResponse,
  AdrListResponse,
  AdrRecord,
  AdrSourceStatus,
  AdrStats,
} from '@golden-path/plugin-adr-common';
import type { AdrFacets } from '@golden-path/plugin-adr-common';
import type { AdrApi, AdrListFilters } from './AdrApi';

/**
 * Talks to the ADR backend (`/api/adr`) through the app's fetchApi, so the
 * user's token goes with every request.
 * @public
 */
export class AdrClient implements AdrApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listAdrs(filters: AdrListFilters): Promise<AdrListResponse> {
    return this.getJson(`/adrs${toQueryString(filters)}`);
  }

  async getFacets(): Promise<AdrFacets> {
    return this.getJson('/facets');
  }

  async getStats(): Promise<AdrStats> {
    return this.getJson('/stats');
  }

  async getEntityAdrs(entityRef: string): Promise<AdrEntityResponse> {
    return this.getJson(`${entityPath(entityRef)}/adrs`);
  }

  async getAdr(entityRef: string, path: string): Promise<AdrRecord> {
    const query = new URLSearchParams({ path });
    return this.getJson(`${entityPath(entityRef)}/adr?${query}`);
  }

  async getFile(entityRef: string, path: string): Promise<Blob> {
    const query = new URLSearchParams({ path });
    const response = await this.request(
      `${entityPath(entityRef)}/file?${query}`,
    );
    return response.blob();
  }

  async refresh(entityRef: string): Promise<AdrSourceStatus> {
    const response = await this.request('/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ entityRef }),
    });
    return response.json();
  }

  private async getJson<T>(path: string): Promise<T> {
    const response = await this.request(path);
    return (await response.json()) as T;
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('adr');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

/** `/entities/component/default/payments`, each part encoded on its own. */
function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/entities/${[kind, namespace, name]
    .map(part => encodeURIComponent(part))
    .join('/')}`;
}

/**
 * The backend reads repeated parameters as lists (`status=a&status=b`), so
 * lists are written that way rather than comma-joined.
 */
function toQueryString(filters: AdrListFilters): string {
  const query = new URLSearchParams();
  const lists = {
    entity: filters.entity,
    status: filters.status,
    owner: filters.owner,
    system: filters.system,
  };
  for (const [key, values] of Object.entries(lists)) {
    for (const value of values ?? []) query.append(key, value);
  }
  const single = {
    decisionMaker: filters.decisionMaker,
    from: filters.from,
    to: filters.to,
    q: filters.q,
    sort: filters.sort,
    order: filters.order,
  };
  for (const [key, value] of Object.entries(single)) {
    if (value) query.set(key, value);
  }
  if (filters.stale) query.set('stale', 'true');
  if (filters.limit !== undefined) query.set('limit', String(filters.limit));
  if (filters.offset !== undefined) query.set('offset', String(filters.offset));
  const text = query.toString();
  return text ? `?${text}` : '';
}
