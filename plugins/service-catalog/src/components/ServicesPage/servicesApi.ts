import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { TierName } from '@golden-path/plugin-golden-path-common';

// The answer of the golden-path backend's GET /services (a copy of the types
// in golden-path-backend's services/; they move to golden-path-common).

/** An entity a service refers to: its ref (for links and tooltips) and its title. */
export type NamedRef = { ref: string; title: string };

/** One service (Component) as the Services page shows it. */
export type ServiceRow = {
  entityRef: string;
  title: string;
  type: string;
  lifecycle: string;
  owner?: NamedRef;
  system?: NamedRef;
  domain?: NamedRef;
  tier?: TierName;
  /** The Golden Path metadata it lacks: tier, on-call, runbook. */
  missing: string[];
  /** The key of its group, when grouped. */
  group?: string;
};

/** How the Services page groups services. */
export type Grouping = 'team' | 'domain' | 'tier';

/** The columns the Services table sorts by. */
export type ServiceSort =
  | 'service'
  | 'team'
  | 'system'
  | 'domain'
  | 'tier'
  | 'lifecycle'
  | 'type'
  | 'missing';

/** One group of the filtered services (key `none`: without team, domain or tier). */
export type ServiceGroup = {
  key: string;
  title: string;
  /** The entity the group is named after, for a link. */
  entityRef?: string;
  count: number;
  missingMetadata: number;
};

export type ServicesResponse = {
  items: ServiceRow[];
  totalItems: number;
  offset: number;
  limit: number;
  groups: ServiceGroup[];
  /** Every service the user may read, before the search. */
  summary: { services: number; missingMetadata: number };
};

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
