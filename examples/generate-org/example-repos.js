// The example organisation's repositories (examples/repos/<service>), small
// but real enough for the readiness checks' repository collector: what a
// team has in its repository decides its readiness level in the demo.
//
// Each service gets a maturity:
//   none       no repository folder (the collector says so; bronze fails)
//   basic      a package.json, a Dockerfile and a CI workflow (bronze)
//   solid      + OpenTelemetry, outbox and inbox migrations, idempotency
//              keys, circuit breakers and bulkheads, AsyncAPI, ADRs (silver)
//   exemplary  + event schema validation, a pipeline that builds and deploys
//              the image, Dependabot (gold, for critical and important
//              services once a failover drill (and, for critical ones, a
//              threat model) is attested)
// Services the demo tour mentions have a fixed maturity; the others get one
// from a hash of their name.
'use strict';

const MATURITIES = ['none', 'basic', 'solid', 'exemplary'];

const FIXED = {
  'order-service': 'exemplary',
  'payment-service': 'exemplary',
  'identity-service': 'solid',
  'shipping-service': 'basic',
  'product-catalog-service': 'solid',
  'golden-path-portal': 'basic',
  'recommendation-service': 'none',
};

/** 32-bit FNV-1a of a string. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The maturity of a service's example repository. */
function repoMaturity(name) {
  if (FIXED[name]) return FIXED[name];
  const roll = hash(`repo:${name}`) % 20;
  if (roll < 2) return 'none';
  if (roll < 8) return 'basic';
  if (roll < 15) return 'solid';
  return 'exemplary';
}

const atLeast = (maturity, wanted) =>
  MATURITIES.indexOf(maturity) >= MATURITIES.indexOf(wanted);

function packageJson(name, maturity) {
  const dependencies = { fastify: '^5.2.0', knex: '^3.1.0', pg: '^8.13.0' };
  if (atLeast(maturity, 'solid')) {
    Object.assign(dependencies, {
      '@opentelemetry/auto-instrumentations-node': '^0.56.0',
      '@opentelemetry/sdk-node': '^0.57.0',
      cockatiel: '^3.2.1',
    });
  }
  if (atLeast(maturity, 'exemplary')) dependencies.ajv = '^8.17.1';
  return `${JSON.stringify(
    {
      name,
      version: '1.0.0',
      private: true,
      scripts: {
        build: 'tsc -p tsconfig.json',
        start: 'node dist/server.js',
        test: 'jest',
      },
      dependencies: Object.fromEntries(Object.entries(dependencies).sort()),
      devDependencies: { jest: '^29.7.0', typescript: '^5.7.0' },
    },
    null,
    2,
  )}\n`;
}

const DOCKERFILE = `FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package*.json ./
RUN npm ci --omit=dev
COPY --from=build /app/dist ./dist
USER node
CMD ["node", "dist/server.js"]
`;

function ciWorkflow(name, maturity) {
  const test = `name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
      - run: npm ci
      - run: npm test
`;
  if (!atLeast(maturity, 'exemplary')) return test;
  return `${test}  image:
    needs: test
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: registry.golden-path.example/${name}:\${{ github.sha }}
  deploy:
    needs: image
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: helm upgrade --install ${name} ./chart --set image.tag=\${{ github.sha }}
`;
}

const OUTBOX_MIGRATION = `-- The transactional outbox: events are written in the same transaction as
-- the change and relayed to the broker afterwards.
create table outbox_events (
  id uuid primary key,
  aggregate_id text not null,
  event_type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  published_at timestamptz
);
create index outbox_events_unpublished on outbox_events (created_at) where published_at is null;
`;

const INBOX_MIGRATION = `-- The inbox: every consumed message id, so a redelivered message is
-- handled once.
create table inbox_messages (
  message_id text primary key,
  consumer text not null,
  received_at timestamptz not null default now()
);
`;

const IDEMPOTENCY = `import type { FastifyInstance } from 'fastify';

/**
 * Write endpoints require an Idempotency-Key header; a repeated key returns
 * the stored response instead of applying the write again.
 */
export function registerIdempotency(app: FastifyInstance, store: Map<string, unknown>) {
  app.addHook('preHandler', async (request, reply) => {
    if (request.method === 'GET') return;
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') {
      return reply.code(400).send({ error: 'Idempotency-Key header required' });
    }
    if (store.has(key)) return reply.send(store.get(key));
  });
}
`;

const RESILIENCE = `import {
  bulkhead,
  circuitBreaker,
  ConsecutiveBreaker,
  handleAll,
  timeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';

/** Every outbound call goes through a timeout, a circuit breaker and a bulkhead. */
export const outboundPolicy = wrap(
  timeout(2_000, TimeoutStrategy.Aggressive),
  circuitBreaker(handleAll, {
    halfOpenAfter: 10_000,
    breaker: new ConsecutiveBreaker(5),
  }),
  bulkhead(20, 50),
);
`;

const EVENT_VALIDATION = `import Ajv from 'ajv';
import schemas from '../../asyncapi.json';

const ajv = new Ajv({ allErrors: true });

export class EventValidationError extends Error {}

/** Refuses an event that does not match its AsyncAPI schema before it is written to the outbox. */
export function validateEvent(type: string, payload: unknown): void {
  const validate = ajv.getSchema(type) ?? ajv.compile((schemas as any)[type]);
  if (!validate(payload)) {
    throw new EventValidationError(\`\${type}: \${ajv.errorsText(validate.errors)}\`);
  }
}
`;

function asyncApi(name) {
  return `asyncapi: 2.6.0
info:
  title: ${name} events
  version: 1.0.0
channels:
  ${name.replace(/-service$/, '')}.events:
    subscribe:
      message:
        payload:
          type: object
          required: [id, type, occurredAt]
`;
}

const ADR = `# 1. Record architecture decisions

Date: 2026-01-15

## Status

Accepted

## Context

We need to record the architectural decisions made on this service.

## Decision

We will use Architecture Decision Records, as described by Michael Nygard.

## Consequences

See Michael Nygard's article, linked above.
`;

const DEPENDABOT = `version: 2
updates:
  - package-ecosystem: npm
    directory: /
    schedule:
      interval: weekly
  - package-ecosystem: github-actions
    directory: /
    schedule:
      interval: weekly
`;

/**
 * The files of a service's example repository, by path; null for a service
 * without one.
 */
function repoFiles(name, description) {
  const maturity = repoMaturity(name);
  if (maturity === 'none') return null;
  const files = {
    'README.md': `# ${name}\n\n${description}\n\nExample repository of the Golden Path demo (${maturity}); written by examples/generate-org/generate-org.js.\n`,
    'package.json': packageJson(name, maturity),
    Dockerfile: DOCKERFILE,
    '.github/workflows/ci.yml': ciWorkflow(name, maturity),
  };
  if (atLeast(maturity, 'solid')) {
    Object.assign(files, {
      'migrations/001_create_outbox.sql': OUTBOX_MIGRATION,
      'migrations/002_create_inbox.sql': INBOX_MIGRATION,
      'src/http/idempotency.ts': IDEMPOTENCY,
      'src/resilience/policies.ts': RESILIENCE,
      'asyncapi.yaml': asyncApi(name),
      'docs/adr/0001-record-architecture-decisions.md': ADR,
    });
  }
  if (atLeast(maturity, 'exemplary')) {
    Object.assign(files, {
      'src/events/validateEvent.ts': EVENT_VALIDATION,
      '.github/dependabot.yml': DEPENDABOT,
    });
  }
  return files;
}

module.exports = { repoFiles, repoMaturity, MATURITIES };
