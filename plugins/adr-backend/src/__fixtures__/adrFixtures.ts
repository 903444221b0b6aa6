import { Entity } from '@backstage/catalog-model';
import type { MockDirectoryContent } from '@backstage/backend-test-utils';

/*
 * A small ADR landscape shared by the plugin and service tests: two teams'
 * folders, plus entities whose folders are missing, outside the allowed
 * roots, or behind a symlink that leaves them.
 */

const nygard = (
  number: number,
  title: string,
  date: string,
  status: string,
  extra = '',
) => `# ${number}. ${title}

Date: ${date}

## Status

${status}
${extra}
## Context

Some context about ${title.toLowerCase()}.

## Decision

We decide. ![diagram](diagram.png)

## Consequences

Things happen.
`;

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a0000000' +
    '0049454e44ae426082',
  'hex',
);

/** The files below the mock directory. */
export function adrFiles(): MockDirectoryContent {
  return {
    catalog: { 'catalog-info.yaml': '# the entities come from the mock' },
    adrs: {
      orders: {
        '0001-record-architecture-decisions.md': nygard(
          1,
          'Record architecture decisions',
          '2024-01-10',
          'Accepted',
        ),
        '0002-use-postgres.md': `---
status: accepted
date: 2024-02-01
deciders: Alice Smith, Bob Jones
---
# Use PostgreSQL

## Context and Problem Statement

We need 100% uptime_now and a relational store.
`,
        '0003-use-kafka.md': `---
status: proposed
date: 2023-01-01
decision-makers: Alice Smith
---
# Use Kafka for events

We will publish order events to Kafka.
`,
        '0004-bad-yaml.md': '---\nstatus: [unclosed\n---\n# Bad yaml\n\nbody\n',
        '0005-kafka-schema-registry.md': nygard(
          5,
          'Use Kafka with a schema registry',
          '2024-03-01',
          'Accepted',
          '\nSupersedes [3. Use Kafka for events](0003-use-kafka.md)\n',
        ),
        '0006-script.md': nygard(
          6,
          'Script injection attempt',
          '2024-04-01',
          'Rejected',
          "\nSupersedes [click me](javascript:alert(1))\n\n<script>alert('x')</script>\n[bad](javascript:alert(2))\n",
        ),
        '0007-use-nats.md': nygard(
          7,
          'Use NATS JetStream',
          '2024-06-01',
          'Accepted',
          '\nSupersedes ADR-0005\n',
        ),
        '0009-big.md': `# 9. Big\n\n${'x'.repeat(5 * 1024 * 1024)}\n`,
        'README.md': '# ADRs of the order service\n',
        'diagram.png': PNG,
        'logo.svg':
          '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        'notes.txt': 'plain notes',
        'run.sh': 'echo hi',
        'link-out.txt': ({ symlink }) => symlink('../../elsewhere/secret.txt'),
        'dangling.png': ({ symlink }) => symlink('nope.png'),
        '0011-linked-secret.md': ({ symlink }) =>
          symlink('../../elsewhere/adrs/0001-secret.md'),
        sub: {
          '0010-nested.md': `# 10. Nested decision\n\nStatus: proposed\n`,
        },
      },
      payments: {
        '0001-use-stripe.md': `---
status: accepted
date: 2024-05-05
decision-makers: Carol Wu
---
# Use Stripe

Payments go through Stripe; refunds are queued in kafka.
`,
        '0002-deprecated.md': nygard(
          2,
          'Keep card data',
          '2022-01-01',
          'Deprecated',
        ),
      },
      // A symlink from inside the allowed root to a folder outside it.
      escape: ({ symlink }) => symlink('../elsewhere/adrs'),
    },
    elsewhere: {
      adrs: {
        '0001-secret.md': nygard(1, 'Secret', '2024-01-01', 'Accepted'),
      },
      'secret.txt': 'do not serve',
    },
  };
}

/** A component with an ADR folder relative to its catalog file. */
export function component(
  root: string,
  name: string,
  adrLocation: string,
  spec: { owner?: string; system?: string } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': `file:${root}/catalog/catalog-info.yaml`,
        'golden-path.io/adr-location': adrLocation,
      },
    },
    spec: { type: 'service', lifecycle: 'production', ...spec },
  };
}

/** The catalog of the tests. */
export function adrEntities(root: string): Entity[] {
  return [
    component(root, 'orders', '../adrs/orders', {
      owner: 'team-orders',
      system: 'shop',
    }),
    component(root, 'payments', '../adrs/payments', {
      owner: 'group:default/team-payments',
      system: 'system:default/shop',
    }),
    component(root, 'missing', '../adrs/does-not-exist', {
      owner: 'team-orders',
    }),
    component(root, 'outside', '../elsewhere/adrs', { owner: 'team-orders' }),
    component(root, 'escape', '../adrs/escape', { owner: 'team-orders' }),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'no-adrs', namespace: 'default' },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-x' },
    },
  ];
}
