import type { DriftFilters, GoldenPathApi } from '../api/GoldenPathApi';
import type {
  DriftResponse,
  EntityDrift,
  ServiceDrift,
  TemplateDrift,
} from '../api/types';

/** The node-service template: 2.1.0 current, 2.0.0 supported, 1.0.0 not. */
export const nodeServiceTemplate: TemplateDrift = {
  ref: 'template:default/node-service',
  title: 'Node.js service',
  currentVersion: '2.1.0',
  supportedRange: '>=2.0.0',
  versions: [
    {
      version: '2.1.0',
      date: '2025-03-01',
      changes: ['Health checks report the broker connection'],
      current: true,
      supported: true,
      services: 2,
    },
    {
      version: '2.0.0',
      date: '2025-01-10',
      changes: [
        'Records provenance in `.golden-path/answers.yaml`',
        'Depends on the service chassis',
      ],
      current: false,
      supported: true,
      services: 1,
    },
    {
      version: '1.0.0',
      date: '2024-06-01',
      changes: [],
      current: false,
      supported: false,
      services: 1,
    },
  ],
};

/** A service row with defaults; tests override what they look at. */
export function serviceDrift(overrides: Partial<ServiceDrift>): ServiceDrift {
  return {
    entityRef: 'component:default/orders',
    title: 'Orders',
    ownerRef: 'group:default/team-orders',
    ownerTitle: 'Orders team',
    systemRef: 'system:default/shop',
    systemTitle: 'Shop',
    tier: 'critical',
    templateRef: nodeServiceTemplate.ref,
    templateTitle: nodeServiceTemplate.title,
    version: '2.1.0',
    chassisVersion: '1.4.0',
    behind: 0,
    latestVersion: '2.1.0',
    supported: true,
    status: 'current',
    upgradeable: false,
    ...overrides,
  };
}

/** Orders and Shipping current, Payments behind, Billing unsupported, Search not from a template. */
export const services: ServiceDrift[] = [
  serviceDrift({}),
  serviceDrift({
    entityRef: 'component:default/shipping',
    title: 'Shipping',
    ownerRef: 'group:default/team-logistics',
    ownerTitle: 'Logistics team',
    systemRef: 'system:default/logistics',
    systemTitle: 'Logistics',
    tier: 'standard',
  }),
  serviceDrift({
    entityRef: 'component:default/payments',
    title: 'Payments',
    ownerRef: 'group:default/team-payments',
    ownerTitle: 'Payments team',
    tier: 'important',
    version: '2.0.0',
    chassisVersion: '1.3.0',
    behind: 1,
    status: 'behind',
    upgradeable: true,
  }),
  serviceDrift({
    entityRef: 'component:default/billing',
    title: 'Legacy billing',
    ownerRef: 'group:default/team-payments',
    ownerTitle: 'Payments team',
    tier: 'best-effort',
    version: '1.0.0',
    chassisVersion: 'none',
    behind: 2,
    supported: false,
    status: 'unsupported',
    upgradeable: true,
  }),
  serviceDrift({
    entityRef: 'component:default/search',
    title: 'Search',
    ownerRef: 'group:default/team-search',
    ownerTitle: 'Search team',
    systemRef: undefined,
    systemTitle: undefined,
    tier: undefined,
    templateRef: undefined,
    templateTitle: undefined,
    version: undefined,
    chassisVersion: undefined,
    behind: undefined,
    latestVersion: undefined,
    supported: undefined,
    status: 'not-from-template',
    upgradeable: false,
  }),
];

/** The overview of the services above. */
export function driftOverview(
  overrides: Partial<DriftResponse> = {},
): DriftResponse {
  return {
    generatedAt: '2025-03-02T10:00:00.000Z',
    templates: [nodeServiceTemplate],
    services,
    counts: {
      current: 2,
      behind: 1,
      unsupported: 1,
      unknownVersion: 0,
      notFromTemplate: 1,
    },
    ...overrides,
  };
}

/** A GoldenPathApi of jest mocks answering with the data above. */
export function createFakeGoldenPathApi(
  options: { overview?: DriftResponse; entity?: EntityDrift | null } = {},
) {
  const overview = options.overview ?? driftOverview();
  return {
    getDrift: jest.fn(async (_filters?: DriftFilters) => overview),
    getEntityDrift: jest.fn(async (_entityRef: string) =>
      options.entity === undefined
        ? { service: services[2], template: nodeServiceTemplate }
        : options.entity,
    ),
    refreshDrift: jest.fn(async () => {}),
  } satisfies GoldenPathApi;
}
