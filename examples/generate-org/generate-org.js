#!/usr/bin/env node
// Writes a Backstage organisation as catalog files, one file per system plus
// org.yaml (groups and users) and domains.yaml.
//
//   node examples/generate-org/generate-org.js --example [--out catalog-info]
//       [--repos examples/repos]
//       the example organisation of the demo: 5 domains, 10 systems, 60+
//       services and websites, their APIs (OpenAPI and AsyncAPI), databases,
//       teams and people; about a fifth of the services miss some metadata on
//       purpose, so the portal shows gaps. With --repos, also each service's
//       example repository (example-repos.js), named by golden-path.io/repository.
//   node examples/generate-org/generate-org.js --services 5000 --out /tmp/org
//       a synthetic organisation of N services in the same shape, for scale
//       tests and benchmarks.
//
// The output is deterministic: the same arguments write the same files.
const fs = require('node:fs');
const path = require('node:path');
const { stringify } = require('yaml');
const { repoFiles, repoMaturity } = require('./example-repos');

const TIERS = ['critical', 'important', 'standard', 'best-effort'];

/**
 * The example organisation. Each system: its team, and its components as
 * [name, type, tier, description, provides API?, depends on (names)].
 */
const EXAMPLE = {
  domains: {
    'user-management': {
      title: 'User management',
      description: 'Who our customers are and how we reach them.',
      systems: {
        identity: {
          team: 'team-identity',
          description: 'Sign-up, sign-in and the customer profile.',
          components: [
            [
              'identity-service',
              'service',
              'critical',
              'Issues and verifies customer identities.',
              'openapi',
              [],
            ],
            [
              'auth-gateway',
              'service',
              'critical',
              'Checks tokens in front of every public API.',
              null,
              ['identity-service', 'session-service'],
            ],
            [
              'session-service',
              'service',
              'critical',
              'Keeps customer sessions.',
              null,
              [],
            ],
            [
              'user-profile-service',
              'service',
              'important',
              'Stores names, addresses and preferences.',
              'openapi',
              ['identity-service'],
            ],
            [
              'password-reset-service',
              'service',
              'standard',
              'Sends and checks password-reset links.',
              null,
              ['identity-service', 'notification-service'],
            ],
            [
              'mfa-service',
              'service',
              'important',
              'Second factors: TOTP and WebAuthn.',
              null,
              ['identity-service'],
            ],
          ],
        },
        notifications: {
          team: 'team-notifications',
          description: 'Every message we send to customers.',
          components: [
            [
              'notification-service',
              'service',
              'important',
              'Routes notifications to the right channel.',
              'asyncapi',
              ['notification-preferences-service'],
            ],
            [
              'email-sender',
              'service',
              'standard',
              'Sends e-mail through the mail provider.',
              null,
              ['template-renderer'],
            ],
            [
              'sms-sender',
              'service',
              'standard',
              'Sends text messages.',
              null,
              [],
            ],
            [
              'push-service',
              'service',
              'standard',
              'Sends mobile push notifications.',
              null,
              [],
            ],
            [
              'notification-preferences-service',
              'service',
              'standard',
              'What each customer wants to hear about.',
              'openapi',
              [],
            ],
            [
              'template-renderer',
              'service',
              'best-effort',
              'Renders message templates.',
              null,
              [],
            ],
          ],
        },
      },
    },
    commerce: {
      title: 'Commerce',
      description: "Everything between a customer's basket and a placed order.",
      systems: {
        orders: {
          team: 'team-checkout',
          description:
            'Places orders and drives them through payment and shipping.',
          components: [
            [
              'order-service',
              'service',
              'critical',
              'Accepts orders and orchestrates the PlaceOrder saga.',
              'openapi',
              ['payment-service', 'shipping-service', 'inventory-service'],
            ],
            [
              'cart-service',
              'service',
              'important',
              'Keeps baskets.',
              'openapi',
              ['pricing-service'],
            ],
            [
              'checkout-web',
              'website',
              'critical',
              'The checkout pages.',
              null,
              ['cart-service', 'order-service', 'auth-gateway'],
            ],
            [
              'order-history-service',
              'service',
              'standard',
              'Past orders for the customer account pages.',
              null,
              ['order-service'],
            ],
            [
              'order-events-consumer',
              'service',
              'important',
              'Projects order events into read models.',
              'asyncapi',
              ['order-service'],
            ],
            [
              'promotion-service',
              'service',
              'standard',
              'Vouchers and discounts.',
              null,
              ['pricing-service'],
            ],
            [
              'order-admin-web',
              'website',
              'best-effort',
              'Back-office order search and corrections.',
              null,
              ['order-service'],
            ],
          ],
        },
        catalog: {
          team: 'team-catalog',
          description:
            'What we sell, at what price, and whether it is in stock.',
          components: [
            [
              'product-catalog-service',
              'service',
              'important',
              'Products, variants and their content.',
              'openapi',
              [],
            ],
            [
              'search-service',
              'service',
              'important',
              'Full-text product search.',
              null,
              ['product-catalog-service'],
            ],
            [
              'pricing-service',
              'service',
              'critical',
              'Prices, currencies and price lists.',
              'openapi',
              [],
            ],
            [
              'inventory-service',
              'service',
              'critical',
              'Stock levels and reservations.',
              'openapi',
              [],
            ],
            [
              'storefront-web',
              'website',
              'critical',
              'The shop front.',
              null,
              ['search-service', 'product-catalog-service', 'cart-service'],
            ],
            [
              'recommendation-service',
              'service',
              'best-effort',
              'Products customers may like.',
              null,
              ['product-catalog-service'],
            ],
            [
              'reviews-service',
              'service',
              'standard',
              'Product reviews and ratings.',
              null,
              ['product-catalog-service'],
            ],
          ],
        },
      },
    },
    payments: {
      title: 'Payments',
      description: 'Taking money, giving it back, and accounting for it.',
      systems: {
        'payments-core': {
          team: 'team-payments',
          description: 'Charges, refunds and the ledger.',
          components: [
            [
              'payment-service',
              'service',
              'critical',
              'Charges and refunds payments for orders.',
              'openapi',
              [
                'payment-gateway-adapter',
                'fraud-detection-service',
                'ledger-service',
              ],
            ],
            [
              'refund-service',
              'service',
              'important',
              'Refunds, partial and full.',
              null,
              ['payment-service', 'ledger-service'],
            ],
            [
              'fraud-detection-service',
              'service',
              'critical',
              'Scores every payment for fraud.',
              'openapi',
              [],
            ],
            [
              'ledger-service',
              'service',
              'critical',
              'Double-entry ledger of every money movement.',
              'asyncapi',
              [],
            ],
            [
              'payment-gateway-adapter',
              'service',
              'critical',
              'Talks to the payment service providers.',
              null,
              [],
            ],
            [
              'payout-service',
              'service',
              'important',
              'Pays out marketplace sellers.',
              null,
              ['ledger-service'],
            ],
          ],
        },
        billing: {
          team: 'team-billing',
          description: 'Invoices, subscriptions and taxes.',
          components: [
            [
              'invoice-service',
              'service',
              'important',
              'Creates and sends invoices.',
              'openapi',
              ['tax-service', 'ledger-service'],
            ],
            [
              'subscription-service',
              'service',
              'important',
              'Recurring plans and renewals.',
              null,
              ['payment-service', 'invoice-service'],
            ],
            [
              'tax-service',
              'service',
              'important',
              'Tax rates and calculations.',
              null,
              [],
            ],
            [
              'dunning-service',
              'service',
              'standard',
              'Reminders for unpaid invoices.',
              null,
              ['invoice-service', 'notification-service'],
            ],
            [
              'credit-note-service',
              'service',
              'standard',
              'Credit notes for corrections.',
              null,
              ['invoice-service'],
            ],
            [
              'billing-web',
              'website',
              'standard',
              'Invoices and plans in the customer account.',
              null,
              ['invoice-service', 'subscription-service'],
            ],
          ],
        },
      },
    },
    logistics: {
      title: 'Logistics',
      description:
        'Getting parcels from the warehouse to the customer and back.',
      systems: {
        fulfilment: {
          team: 'team-fulfilment',
          description: 'Picks, packs and ships paid orders.',
          components: [
            [
              'shipping-service',
              'service',
              'important',
              'Creates and tracks shipments for paid orders.',
              'openapi',
              ['carrier-gateway', 'warehouse-service'],
            ],
            [
              'warehouse-service',
              'service',
              'important',
              'Warehouses, bins and stock movements.',
              null,
              ['inventory-service'],
            ],
            [
              'picking-service',
              'service',
              'standard',
              'Pick lists for warehouse staff.',
              null,
              ['warehouse-service'],
            ],
            [
              'packing-service',
              'service',
              'standard',
              'Packing stations and parcel sizes.',
              null,
              ['picking-service'],
            ],
            [
              'carrier-gateway',
              'service',
              'important',
              'Books carriers and fetches their labels.',
              'asyncapi',
              [],
            ],
            [
              'label-printer-service',
              'service',
              'best-effort',
              'Prints shipping labels.',
              null,
              ['carrier-gateway'],
            ],
          ],
        },
        tracking: {
          team: 'team-tracking',
          description: 'Where a parcel is, and returns.',
          components: [
            [
              'tracking-service',
              'service',
              'important',
              'Parcel events from every carrier.',
              'openapi',
              ['carrier-gateway'],
            ],
            [
              'delivery-estimate-service',
              'service',
              'standard',
              'Estimated delivery dates.',
              null,
              ['tracking-service'],
            ],
            [
              'returns-service',
              'service',
              'standard',
              'Return labels and refunds on return.',
              null,
              ['refund-service', 'carrier-gateway'],
            ],
            [
              'tracking-web',
              'website',
              'standard',
              'The parcel tracking page.',
              null,
              ['tracking-service', 'delivery-estimate-service'],
            ],
            [
              'proof-of-delivery-service',
              'service',
              'standard',
              'Signatures and photos on delivery.',
              null,
              ['tracking-service'],
            ],
            [
              'driver-app-backend',
              'service',
              'important',
              'Backend of the delivery drivers app.',
              null,
              ['tracking-service', 'proof-of-delivery-service'],
            ],
          ],
        },
      },
    },
    platform: {
      title: 'Platform',
      description: 'What every team builds, ships and runs on.',
      systems: {
        'developer-platform': {
          team: 'team-platform',
          description: 'The paved road: portal, CI, artifacts, flags.',
          components: [
            [
              'golden-path-portal',
              'website',
              'important',
              'This developer portal.',
              null,
              [],
            ],
            [
              'ci-runner',
              'service',
              'important',
              'Builds and tests every repository.',
              null,
              ['artifact-registry'],
            ],
            [
              'artifact-registry',
              'service',
              'important',
              'Container images and packages.',
              null,
              [],
            ],
            [
              'feature-flag-service',
              'service',
              'critical',
              'Feature flags for every service.',
              'openapi',
              [],
            ],
            [
              'secrets-broker',
              'service',
              'critical',
              'Hands out short-lived credentials.',
              null,
              [],
            ],
            [
              'environment-provisioner',
              'service',
              'standard',
              'Preview environments per pull request.',
              null,
              ['ci-runner'],
            ],
          ],
        },
        observability: {
          team: 'team-observability',
          description: 'Metrics, logs, traces and alerts.',
          components: [
            [
              'metrics-gateway',
              'service',
              'important',
              'Receives and stores metrics.',
              null,
              [],
            ],
            [
              'log-pipeline',
              'service',
              'important',
              'Ships and indexes logs.',
              null,
              [],
            ],
            [
              'trace-collector',
              'service',
              'important',
              'OpenTelemetry collector for traces.',
              'openapi',
              [],
            ],
            [
              'alert-router',
              'service',
              'critical',
              'Routes alerts to on-call rotas.',
              'asyncapi',
              ['notification-service'],
            ],
            [
              'slo-evaluator',
              'service',
              'standard',
              'Evaluates SLOs and error budgets.',
              null,
              ['metrics-gateway'],
            ],
            [
              'status-page-web',
              'website',
              'important',
              'The public status page.',
              null,
              ['slo-evaluator'],
            ],
          ],
        },
      },
    },
  },
  teams: {
    'team-identity': [
      'Identity',
      'stream-aligned',
      ['ada.lovelace', 'alan.turing'],
    ],
    'team-notifications': [
      'Notifications',
      'stream-aligned',
      ['barbara.liskov', 'ken.thompson'],
    ],
    'team-checkout': [
      'Checkout',
      'stream-aligned',
      ['grace.hopper', 'dennis.ritchie'],
    ],
    'team-catalog': [
      'Catalog',
      'stream-aligned',
      ['margaret.hamilton', 'john.backus'],
    ],
    'team-payments': [
      'Payments',
      'stream-aligned',
      ['frances.allen', 'donald.knuth'],
    ],
    'team-billing': [
      'Billing',
      'stream-aligned',
      ['radia.perlman', 'edsger.dijkstra'],
    ],
    'team-fulfilment': [
      'Fulfilment',
      'stream-aligned',
      ['sophie.wilson', 'niklaus.wirth'],
    ],
    'team-tracking': [
      'Tracking',
      'stream-aligned',
      ['adele.goldberg', 'tony.hoare'],
    ],
    'team-platform': [
      'Platform',
      'platform',
      ['hedy.lamarr', 'linus.torvalds'],
    ],
    'team-observability': [
      'Observability',
      'platform',
      ['katherine.johnson', 'leslie.lamport'],
    ],
    'team-fraud-models': [
      'Fraud models',
      'complicated-subsystem',
      ['shafi.goldwasser', 'whitfield.diffie'],
    ],
    'team-enablement': [
      'Developer enablement',
      'enabling',
      ['mary.shaw', 'fred.brooks'],
    ],
  },
  // The fraud model team owns the fraud detection service, not payments.
  ownerOverrides: { 'fraud-detection-service': 'team-fraud-models' },
  // Services with a folder of example ADRs in examples/adrs/<name>, read by
  // the ADR backend relative to the catalog-info file.
  adrFolders: [
    'golden-path-portal',
    'identity-service',
    'order-service',
    'payment-service',
    'product-catalog-service',
    'shipping-service',
  ],
  // Services with an OpenSLO file in examples/slo/<name>/openslo.yaml, read
  // by the SLO backend: order-service tightens its tier, notification-service
  // is looser than its tier on purpose (a tier violation on the dashboard).
  sloFiles: ['notification-service', 'order-service'],
  // Every component but a few has an example repository in
  // examples/repos/<name> (example-repos.js), read by the readiness checks.
  exampleRepos: true,
};

// Words written in capitals in a title: "ci-runner" is "CI runner", not
// "Ci runner".
const ACRONYMS = new Set(['api', 'ci', 'mfa', 'slo', 'sms', 'sdk', 'url']);

/** The display title of a kebab-case name: first word capitalised, acronyms upper-case. */
function title(name) {
  const words = name
    .split('-')
    .map(word => (ACRONYMS.has(word) ? word.toUpperCase() : word));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function personName(user) {
  return user
    .split('.')
    .map(p => p.charAt(0).toUpperCase() + p.slice(1))
    .join(' ');
}

function openApiDefinition(service, description) {
  return stringify({
    openapi: '3.0.3',
    info: { title: `${title(service)} API`, version: '1.0.0', description },
    paths: {
      '/health': {
        get: {
          summary: 'Liveness and readiness',
          responses: { 200: { description: 'Healthy' } },
        },
      },
      [`/${service.replace(/-(service|gateway|adapter)$/, '')}/{id}`]: {
        get: {
          summary: 'Read one resource',
          parameters: [
            {
              in: 'path',
              name: 'id',
              required: true,
              schema: { type: 'string' },
            },
          ],
          responses: {
            200: { description: 'The resource' },
            404: { description: 'Not found' },
          },
        },
      },
    },
  });
}

function asyncApiDefinition(service, description) {
  const topic = `${service.replace(/-(service|gateway|consumer)$/, '')}.events`;
  return stringify({
    asyncapi: '2.6.0',
    info: { title: `${title(service)} events`, version: '1.0.0', description },
    channels: {
      [topic]: {
        subscribe: {
          summary: `Events published by ${service} through its outbox`,
          message: {
            name: 'DomainEvent',
            payload: {
              type: 'object',
              required: ['id', 'type', 'occurredAt'],
              properties: {
                id: { type: 'string', format: 'uuid' },
                type: { type: 'string' },
                occurredAt: { type: 'string', format: 'date-time' },
                data: { type: 'object' },
              },
            },
          },
        },
      },
    },
  });
}

/**
 * The Golden Path annotations of the i-th service; every fifth service misses
 * one of them on purpose (tier, then on-call, then runbook, in turn).
 * Services named in `adrFolders` point at their example ADR folder, those in
 * `sloFiles` at their example OpenSLO file.
 */
function goldenPathAnnotations(
  name,
  tier,
  team,
  index,
  { adrFolders = [], sloFiles = [], exampleRepos = false } = {},
) {
  const annotations = {
    'golden-path.io/tier': tier,
    'golden-path.io/on-call': `https://oncall.golden-path.example/rotas/${team}`,
    'golden-path.io/runbook': `https://runbooks.golden-path.example/${name}`,
  };
  if (adrFolders.includes(name)) {
    annotations['golden-path.io/adr-location'] = `../examples/adrs/${name}`;
  }
  if (sloFiles.includes(name)) {
    annotations['golden-path.io/slo'] = `../examples/slo/${name}/openslo.yaml`;
  }
  if (exampleRepos && repoMaturity(name) !== 'none') {
    annotations['golden-path.io/repository'] = `../examples/repos/${name}`;
  }
  if (index % 5 === 4) {
    const missing = [
      'golden-path.io/tier',
      'golden-path.io/on-call',
      'golden-path.io/runbook',
    ][Math.floor(index / 5) % 3];
    delete annotations[missing];
  }
  return annotations;
}

/** Turns an organisation description into entities, grouped by output file. */
function buildFiles(org) {
  const files = {};
  const allComponents = new Set();
  for (const domain of Object.values(org.domains)) {
    for (const system of Object.values(domain.systems)) {
      for (const [name] of system.components) allComponents.add(name);
    }
  }

  const domains = [];
  let index = 0;
  for (const [domainName, domain] of Object.entries(org.domains)) {
    domains.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: {
        name: domainName,
        title: domain.title,
        description: domain.description,
      },
      spec: { owner: 'group:engineering' },
    });
    for (const [systemName, system] of Object.entries(domain.systems)) {
      const entities = [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'System',
          metadata: {
            name: systemName,
            title: title(systemName),
            description: system.description,
          },
          spec: { owner: `group:${system.team}`, domain: domainName },
        },
      ];
      for (const [
        name,
        type,
        tier,
        description,
        apiKind,
        dependsOn,
      ] of system.components) {
        const owner = `group:${org.ownerOverrides?.[name] ?? system.team}`;
        const apiName = apiKind
          ? `${name.replace(/-(service|gateway|adapter|consumer)$/, '')}-${
              apiKind === 'asyncapi' ? 'events' : 'api'
            }`
          : null;
        const consumed = dependsOn.map(dep => org.apiOf?.[dep]).filter(Boolean);
        const component = {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name,
            title: title(name),
            description,
            tags: type === 'website' ? ['typescript', 'react'] : ['typescript'],
            annotations: goldenPathAnnotations(
              name,
              tier,
              system.team,
              index,
              org,
            ),
          },
          spec: {
            type,
            lifecycle: tier === 'best-effort' ? 'experimental' : 'production',
            owner,
            system: systemName,
            ...(apiName ? { providesApis: [apiName] } : {}),
            ...(consumed.length ? { consumesApis: consumed } : {}),
            dependsOn: [
              ...(type === 'service' ? [`resource:${name}-db`] : []),
              ...dependsOn
                .filter(dep => allComponents.has(dep))
                .map(dep => `component:${dep}`),
            ],
          },
        };
        if (component.spec.dependsOn.length === 0)
          delete component.spec.dependsOn;
        entities.push(component);
        index += 1;
        if (type === 'service') {
          entities.push({
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: `${name}-db`,
              description: `The database of ${name}.`,
            },
            spec: { type: 'database', owner, system: systemName },
          });
        }
        if (apiName) {
          entities.push({
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'API',
            metadata: {
              name: apiName,
              title: `${title(name)} ${
                apiKind === 'asyncapi' ? 'events' : 'API'
              }`,
              description,
            },
            spec: {
              type: apiKind,
              lifecycle: 'production',
              owner,
              system: systemName,
              definition:
                apiKind === 'asyncapi'
                  ? asyncApiDefinition(name, description)
                  : openApiDefinition(name, description),
            },
          });
        }
      }
      files[`${domainName}--${systemName}.yaml`] = entities;
    }
  }
  files['domains.yaml'] = domains;

  const groups = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: 'engineering',
        title: 'Engineering',
        description: 'Everyone who builds and runs the services.',
      },
      spec: {
        type: 'department',
        profile: { displayName: 'Engineering' },
        children: Object.keys(org.teams),
      },
    },
  ];
  const users = [];
  for (const [team, [displayName, topology, members]] of Object.entries(
    org.teams,
  )) {
    groups.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: team,
        title: `${displayName} team`,
        description: `A ${topology} team.`,
        annotations: { 'golden-path.io/team-topology': topology },
      },
      spec: {
        type: 'team',
        // The same words as the title: Backstage shows a group by its
        // display name, the Golden Path pages by its title.
        profile: {
          displayName: `${displayName} team`,
          email: `${team.replace(/^team-/, '')}@golden-path.example`,
        },
        parent: 'engineering',
        children: [],
        members,
      },
    });
    for (const user of members) {
      users.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: user },
        spec: {
          profile: {
            displayName: personName(user),
            email: `${user}@golden-path.example`,
          },
          memberOf: [team],
        },
      });
    }
  }
  files['org.yaml'] = [...groups, ...users];
  return files;
}

/** Maps each API-providing component to its API name, for consumesApis. */
function withApiIndex(org) {
  const apiOf = {};
  for (const domain of Object.values(org.domains)) {
    for (const system of Object.values(domain.systems)) {
      for (const [name, , , , apiKind] of system.components) {
        if (apiKind) {
          apiOf[name] = `${name.replace(
            /-(service|gateway|adapter|consumer)$/,
            '',
          )}-${apiKind === 'asyncapi' ? 'events' : 'api'}`;
        }
      }
    }
  }
  return { ...org, apiOf };
}

/** A synthetic organisation of `count` services in the example's shape. */
function syntheticOrg(count) {
  const perSystem = 10;
  const systemsPerDomain = 10;
  const teams = {};
  const domains = {};
  for (let i = 0; i < count; i++) {
    const s = Math.floor(i / perSystem);
    const d = Math.floor(s / systemsPerDomain);
    const domainName = `domain-${d}`;
    const systemName = `system-${s}`;
    const team = `team-${s}`;
    domains[domainName] ??= {
      title: `Domain ${d}`,
      description: `Synthetic domain ${d}.`,
      systems: {},
    };
    domains[domainName].systems[systemName] ??= {
      team,
      description: `Synthetic system ${s}.`,
      components: [],
    };
    teams[team] ??= [
      `Team ${s}`,
      'stream-aligned',
      [`user-${s}-a`, `user-${s}-b`],
    ];
    const first = s * perSystem;
    const dependsOn = i > first ? [`service-${first}`] : [];
    domains[domainName].systems[systemName].components.push([
      `service-${i}`,
      i % perSystem === perSystem - 1 ? 'website' : 'service',
      TIERS[i % TIERS.length],
      `Synthetic service ${i}.`,
      i % perSystem === 0 ? (s % 2 ? 'asyncapi' : 'openapi') : null,
      dependsOn,
    ]);
  }
  return { domains, teams };
}

function main(argv) {
  const args = {
    out: undefined,
    repos: undefined,
    services: undefined,
    example: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--example') args.example = true;
    else if (arg === '--out') args.out = argv[++i];
    else if (arg === '--repos') args.repos = argv[++i];
    else if (arg === '--services') args.services = Number(argv[++i]);
    else
      throw new Error(
        `unknown argument '${arg}': use --example or --services N, and --out DIR (and --repos DIR with --example)`,
      );
  }
  if (args.example === (args.services !== undefined)) {
    throw new Error('give either --example or --services N');
  }
  if (args.repos !== undefined && !args.example) {
    throw new Error('--repos goes with --example');
  }
  if (
    args.services !== undefined &&
    !(Number.isInteger(args.services) && args.services > 0)
  ) {
    throw new Error('--services needs a positive whole number');
  }
  const out = path.resolve(
    args.out ?? (args.example ? 'catalog-info' : 'generated-org'),
  );
  const org = withApiIndex(
    args.example ? EXAMPLE : syntheticOrg(args.services),
  );
  const files = buildFiles(org);
  fs.mkdirSync(out, { recursive: true });
  let entities = 0;
  for (const [file, docs] of Object.entries(files)) {
    const header = `# Generated by examples/generate-org/generate-org.js; edit the script, not this file.\n`;
    fs.writeFileSync(
      path.join(out, file),
      header + docs.map(doc => stringify(doc, { lineWidth: 0 })).join('---\n'),
    );
    entities += docs.length;
  }
  console.log(
    `wrote ${entities} entities in ${
      Object.keys(files).length
    } files to ${out}`,
  );
  if (args.repos) writeRepos(path.resolve(args.repos), files);
}

/** Writes the example repository of every component that names one. */
function writeRepos(dir, files) {
  let repos = 0;
  for (const docs of Object.values(files)) {
    for (const entity of docs) {
      const annotations = entity.metadata.annotations ?? {};
      if (!annotations['golden-path.io/repository']) continue;
      const repo = path.join(dir, entity.metadata.name);
      fs.rmSync(repo, { recursive: true, force: true });
      const contents = repoFiles(
        entity.metadata.name,
        entity.metadata.description,
      );
      for (const [file, text] of Object.entries(contents)) {
        fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
        fs.writeFileSync(path.join(repo, file), text);
      }
      repos++;
    }
  }
  console.log(`wrote ${repos} example repositories to ${dir}`);
}

module.exports = { buildFiles, syntheticOrg, withApiIndex, EXAMPLE };

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
}
