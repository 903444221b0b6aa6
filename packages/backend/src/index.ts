/*
 * The Golden Path demo backend (new backend system).
 *
 * Each feature is added with `backend.add(...)`. The Golden Path plugins are
 * added below the Backstage core features as they land; see the README's
 * plugin table.
 */

import { createBackend } from '@backstage/backend-defaults';
import { adrSearchModule } from '@golden-path/plugin-adr-backend';
import {
  safeErrorsHttpRouterServiceFactory,
  safeErrorsRootHttpRouterServiceFactory,
} from '@golden-path/plugin-golden-path-node';
import { guestSignInWhereConfigured } from './guestSignIn';

const backend = createBackend();

// Error responses: Backstage's root and plugin routers with one change to
// their error handler: stack traces only when goldenPath.errors.showStackTraces
// says so (default: NODE_ENV=development), and body-parser errors (invalid
// JSON, a body over a route's limit) as a plain message that never quotes
// the request body. Covers every plugin, the catalog and scaffolder included.
backend.add(safeErrorsRootHttpRouterServiceFactory);
backend.add(safeErrorsHttpRouterServiceFactory);

// Serves the built frontend (packages/app/dist) and injects its runtime config.
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Auth. Golden Path's auth module registers the `oidc` provider (sign-in as
// the catalog user with that e-mail or name), makes ownership claims include
// the groups below the user's groups, and refuses a production start with
// guest sign-in or permissions off. The guest provider (development only)
// is loaded where auth.providers.guest is configured, see guestSignIn.ts.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@golden-path/plugin-auth-backend-module-golden-path'));
backend.add(guestSignInWhereConfigured);

// Catalog, with the Template kind and the processing-error views.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
// Logs every catalog processing error (bad YAML, invalid entity) as a warning.
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Golden Path: validates tier, on-call, runbook, ADR and SLO annotations and
// fills the deployment strategy from the tier.
backend.add(import('@golden-path/plugin-catalog-backend-module-golden-path'));
// Serves /api/catalog/unprocessed for the "Unprocessed entities" page.
backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));

// Scaffolder (software templates).
backend.add(import('@backstage/plugin-scaffolder-backend'));
// Golden Path: the golden-path:* actions (preflight, catalog validation, ADRs,
// local git publishing and registration), plus a catalog module that accepts
// `file` locations under goldenPath.scaffolder.localPublishRoot only.
backend.add(
  import('@golden-path/plugin-scaffolder-backend-module-golden-path'),
);

// Golden Path: the repositories the templates created, served under
// /api/golden-path as a read-only file view (a service's Repository tab) and
// a signed clone URL (git's HTTP transport, read only).
backend.add(import('@golden-path/plugin-golden-path-backend'));

// Golden Path: the ADR browser's backend. Reads the ADR folders named by
// golden-path.io/adr-location (local folders only under goldenPath.adr.localRoots)
// on a schedule and on demand, and serves them under /api/adr.
backend.add(import('@golden-path/plugin-adr-backend'));

// Golden Path: the SLO tier dashboard's backend. SLOs from every component's
// tier and its OpenSLO file (golden-path.io/slo), SLI data from its ingestion
// API (POST /api/slo/v1/sli, service tokens only) or Prometheus, budgets and
// burn-rate alerts recomputed every minute, served under /api/slo.
backend.add(import('@golden-path/plugin-slo-backend'));
// Its Prometheus module: SLOs whose OpenSLO DataSource is of type Prometheus
// are read from the servers named at goldenPath.slo.prometheus.
backend.add(import('@golden-path/plugin-slo-backend-module-prometheus'));

// Golden Path: readiness scorecards. Collects facts (catalog metadata, files
// in each service's repository, golden-path template versions) on scheduler
// tasks, evaluates the readiness checks into bronze/silver/gold levels per
// tier, records attestations, and serves it all under /api/readiness.
backend.add(import('@golden-path/plugin-readiness-backend'));
// Its fact collectors for the SLO checks (SLO status and page alerts, from
// the SLO backend) and the ADR check (ADR count, from the ADR backend).
backend.add(import('@golden-path/plugin-readiness-backend-module-slo'));
backend.add(import('@golden-path/plugin-readiness-backend-module-adr'));

// Permissions: roles and ownership conditions from permission-policy.yaml
// (goldenPath.permissions.policyFiles), which the platform team edits
// without code. No allow-all policy anywhere.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@golden-path/plugin-permission-backend-module-golden-path'),
);

// Search: the in-memory engine is the default; on PostgreSQL the pg module
// takes over (it does nothing on SQLite), see app-config.production.yaml.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
// Golden Path: ADRs in Backstage search (document type `adr`).
backend.add(adrSearchModule);

// User settings (starred entities, theme) are stored per user; signals push
// their changes to the open browser tabs.
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
