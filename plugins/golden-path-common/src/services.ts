import type { PagedRows } from './paging';
import type { TierName } from './tiers';

// The Services page's API: GET /api/golden-path/services (golden-path-backend).

/**
 * An entity a service refers to: its ref (for links and tooltips) and its title.
 * @public
 */
export type NamedRef = { ref: string; title: string };

/**
 * The Golden Path metadata a service can lack.
 * @public
 */
export const SERVICE_METADATA = ['tier', 'on-call', 'runbook'] as const;

/** @public */
export type ServiceMetadata = (typeof SERVICE_METADATA)[number];

/**
 * One service (a catalog Component) as the Services page shows it.
 * @public
 */
export type ServiceRow = {
  entityRef: string;
  title: string;
  type: string;
  lifecycle: string;
  owner?: NamedRef;
  system?: NamedRef;
  /** The domain of the service's System. */
  domain?: NamedRef;
  tier?: TierName;
  /** The Golden Path metadata it lacks: tier, on-call, runbook. */
  missing: ServiceMetadata[];
};

/**
 * How the Services page groups services.
 * @public
 */
export const SERVICE_GROUPINGS = ['team', 'domain', 'tier'] as const;

/** @public */
export type ServiceGrouping = (typeof SERVICE_GROUPINGS)[number];

/**
 * The columns `GET /services` sorts by.
 * @public
 */
export const SERVICE_SORTS = [
  'service',
  'team',
  'system',
  'domain',
  'tier',
  'lifecycle',
  'type',
  'missing',
] as const;

/** @public */
export type ServiceSort = (typeof SERVICE_SORTS)[number];

/**
 * One group of the filtered services.
 * @public
 */
export type ServiceGroup = {
  /** An entity ref (team, domain), a tier name, or `none`. */
  key: string;
  title: string;
  /** The entity the group is named after, for a link (not for tiers and `none`). */
  entityRef?: string;
  count: number;
  /** How many of its services lack some metadata. */
  missingMetadata: number;
};

/**
 * A row of `GET /services`; a row of a grouped answer names its group.
 * @public
 */
export type ServicesItem = ServiceRow & { group?: string };

/**
 * What `GET /services` answers.
 * @public
 */
export type ServicesResponse = PagedRows<ServicesItem> & {
  /** The groups of the filtered services, in the order the rows come in (with `groupBy`). */
  groups: ServiceGroup[];
  /** Every service the caller may read, before the filters. */
  summary: { services: number; missingMetadata: number };
};
