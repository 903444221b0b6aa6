import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  Attestation,
  AttestationRequest,
  ReadinessChecksResponse,
  ReadinessEntityDetail,
  ReadinessHistoryPoint,
  ReadinessOverview,
  ReadinessRollup,
  ReadinessServiceListRow,
} from '@golden-path/plugin-readiness-common';
import type { PagedRows } from '@golden-path/plugin-golden-path-common';
import type {
  ReadinessApi,
  ReadinessOverviewFilters,
  ReadinessServicesQuery,
} from './ReadinessApi';

/**
 * Talks to the readiness backend (`/api/readiness`) through the app's
 * fetchApi, so the user's token goes with every request.
 * @public
 */
export class ReadinessClient implements ReadinessApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getChecks(): Promise<ReadinessChecksResponse> {
    return this.json<ReadinessChecksResponse>('/v1/checks');
  }

  async getOverview(
    filters: ReadinessOverviewFilters = {},
  ): Promise<ReadinessOverview> {
    return this.json<ReadinessOverview>(`/v1/overview${filterQuery(filters)}`);
  }

  async getServices(
    query: ReadinessServicesQuery = {},
  ): Promise<PagedRows<ReadinessServiceListRow>> {
    const { offset, limit, sort, order, q, ...filters } = query;
    const first: Record<string, string> = {};
    if (offset !== undefined) first.offset = String(offset);
    if (limit !== undefined) first.limit = String(limit);
    if (sort) first.sort = sort;
    if (order) first.order = order;
    if (q?.trim()) first.q = q.trim();
    return this.json<PagedRows<ReadinessServiceListRow>>(
      `/v1/services${filterQuery(filters, first)}`,
    );
  }

  async getRollup(
    by: ReadinessRollup['by'],
    filters: ReadinessOverviewFilters = {},
  ): Promise<ReadinessRollup> {
    return this.json<ReadinessRollup>(
      `/v1/rollups${filterQuery(filters, { by })}`,
    );
  }

  async getEntityDetail(
    entityRef: string,
  ): Promise<ReadinessEntityDetail | null> {
    const baseUrl = await this.discoveryApi.getBaseUrl('readiness');
    const response = await this.fetchApi.fetch(
      `${baseUrl}${entityPath(entityRef)}`,
    );
    // 404 means "not evaluated yet": an expected state of the tab and card.
    if (response.status === 404) return null;
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as ReadinessEntityDetail;
  }

  async getHistory(
    entityRef: string,
    options: { days?: number } = {},
  ): Promise<ReadinessHistoryPoint[]> {
    const query = options.days === undefined ? '' : `?days=${options.days}`;
    return this.json<ReadinessHistoryPoint[]>(
      `${entityPath(entityRef)}/history${query}`,
    );
  }

  async refreshEntity(entityRef: string): Promise<ReadinessEntityDetail> {
    return this.json<ReadinessEntityDetail>(
      `${entityPath(entityRef)}/refresh`,
      { method: 'POST' },
    );
  }

  async getAttestations(entityRef: string): Promise<Attestation[]> {
    return this.json<Attestation[]>(`${entityPath(entityRef)}/attestations`);
  }

  async createAttestation(
    entityRef: string,
    request: AttestationRequest,
  ): Promise<Attestation> {
    return this.json<Attestation>(`${entityPath(entityRef)}/attestations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('readiness');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}

/** `/v1/entities/component/default/orders`, each part encoded. */
function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/v1/entities/${[kind, namespace, name]
    .map(part => encodeURIComponent(part))
    .join('/')}`;
}

/**
 * The backend reads repeated parameters as lists (`tier=a&tier=b`), so
 * lists are written that way rather than comma-joined.
 */
function filterQuery(
  filters: ReadinessOverviewFilters,
  first: Record<string, string> = {},
): string {
  const query = new URLSearchParams(first);
  for (const key of ['owner', 'system', 'tier', 'category'] as const) {
    for (const value of filters[key] ?? []) query.append(key, value);
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}
