import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type {
  ServiceGrouping,
  ServicesResponse,
  ServiceSort,
} from '@golden-path/plugin-golden-path-common';

// The answer of the golden-path backend's GET /services (golden-path-common).
export type {
  NamedRef,
  ServiceGroup,
  ServiceRow,
  ServicesResponse,
  ServiceSort,
  ServicesItem,
} from '@golden-path/plugin-golden-path-common';
/** How the Services page groups services. */
export type Grouping = ServiceGrouping;

export type ServicesQuery = {
  offset: number;
  limit: number;
  sort: ServiceSort;
  order: 'asc' | 'desc';
  q?: string;
  groupBy?: Grouping;
  group?: string;
};

/** An answer other than 2xx, with the backend's message in plain words. */
export class ServicesRequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Reads the Services page's rows from the golden-path backend. */
export function servicesClient(discoveryApi: DiscoveryApi, fetchApi: FetchApi) {
  return {
    async list(query: ServicesQuery): Promise<ServicesResponse> {
      const base = await discoveryApi.getBaseUrl('golden-path');
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined && value !== '') params.set(key, String(value));
      }
      const response = await fetchApi.fetch(`${base}/services?${params}`);
      if (!response.ok) {
        const body = await response.json().catch(() => undefined);
        throw new ServicesRequestError(
          response.status,
          body?.error?.message ??
            `The services could not be read (${response.status} ${response.statusText}).`,
        );
      }
      return response.json();
    },
  };
}
