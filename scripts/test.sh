#!/usr/bin/env bash
# Installs what is missing and runs every test: type check, lint, formatting,
# unit and database tests (SQLite always; PostgreSQL when one answers at
# GP_TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432), and the
# browser tests in Debian's Chromium against the backend serving the built
# frontend, and the node-service template rendered with fetch:template and its
# generated project's tests (which use NATS JetStream on 127.0.0.1:4222 too),
# and the service chassis' own tests; the generated projects install the
# chassis from a Verdaccio this script starts (scripts/npm-registry.js).
# Ends with one line "tests: N passed, N failed, N skipped".
# With CI=true a missing PostgreSQL, NATS or Chromium is an error, not a skip.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
source scripts/lib.sh

in_ci() { [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; }
step() { printf '\n== %s (%ss in)\n' "$*" "$SECONDS"; }

bash scripts/bootstrap.sh
# Again: on a fresh clone .tools/ (Node 22 and its headers) exists only now.
source scripts/env.sh
mkdir -p test-results
rm -f test-results/*.json

step "Databases"
# No Docker here: TestDatabases uses SQLite plus the servers named by env vars.
export BACKSTAGE_TEST_DISABLE_DOCKER=1
if postgres_env="$(node scripts/postgres-test-env.js 2>test-results/postgres.err)"; then
  export "${postgres_env?}"
  echo "Database tests run on SQLite and on PostgreSQL (${postgres_env%%=*})."
elif in_ci; then
  fail "$(cat test-results/postgres.err) CI needs PostgreSQL for the database tests: start it (pg_ctlcluster <version> main start)."
else
  echo "skipped: database tests on PostgreSQL, because $(cat test-results/postgres.err) They run on SQLite only."
fi

# Redis: the two-replica tests also run with one shared Redis cache, as
# start.sh --replicas does (packages/backend/src/replicas.test.ts).
if accepts_connections 127.0.0.1 6379; then
  export GP_TEST_REDIS_URL="${GP_TEST_REDIS_URL:-redis://127.0.0.1:6379}"
  echo "The two-replica tests also run with a shared Redis cache ($GP_TEST_REDIS_URL)."
elif in_ci; then
  fail "Redis does not answer on 127.0.0.1:6379; CI needs it for the two-replica tests (packages/backend/src/replicas.test.ts)."
else
  echo "skipped: the two-replica tests' Redis case, because Redis does not answer on 127.0.0.1:6379."
fi

step "Type check (tsc)"
yarn tsc

step "API reports (backstage-repo-tools api-reports --ci)"
# Compares every published package's API (from the declarations yarn tsc just
# wrote to dist-types/) with its checked-in report.api.md; a changed API or a
# new package without a report fails here: run 'yarn api-reports' and commit
# the reports with the change.
yarn api-reports:check ||
  fail "an API report is out of date or missing: run 'yarn api-reports' and commit the report*.api.md files it writes."

step "Lint and formatting"
yarn backstage-cli repo lint
yarn prettier --check . --loglevel warn

step "Unit and database tests (backstage-cli repo test)"
CI=true yarn backstage-cli repo test --json --outputFile="$GP_ROOT/test-results/jest.json"

step "Service chassis: its own tests (packages/service-chassis)"
# Its PostgreSQL and NATS tests skip when no server answers, unless CI=true.
chassis_ci="${CI:-}"
if in_ci; then chassis_ci=true; fi
CI="$chassis_ci" yarn workspace @golden-path/service-chassis test --reporter=default --reporter=json \
  --outputFile.json="$GP_ROOT/test-results/chassis.json" ||
  fail "the service chassis' type check or tests failed (packages/service-chassis; report: test-results/chassis.json when vitest ran)."

step "npm registry with the service chassis (Verdaccio)"
# The template step and the service the browser tests create (the e2e backend
# inherits GOLDEN_PATH_NPM_REGISTRY, app-config.e2e.yaml) install
# @golden-path/service-chassis from it. A free port each run: npm ci
# --prefer-offline could otherwise take another run's cached package document
# for the same URL and install an older chassis.
registry_storage="$GP_ROOT/test-results/registry"
node scripts/npm-registry.js stop --storage "$registry_storage" >/dev/null 2>&1 || true
rm -rf "$registry_storage"
trap 'node scripts/npm-registry.js stop --storage "$registry_storage" >/dev/null 2>&1 || true' EXIT
GOLDEN_PATH_NPM_REGISTRY="$(node scripts/npm-registry.js start --storage "$registry_storage")"
export GOLDEN_PATH_NPM_REGISTRY
echo "npm registry at $GOLDEN_PATH_NPM_REGISTRY (log: test-results/registry/verdaccio.log)."

step "Service template: render and test the generated project"
# The generated project's own tests use PostgreSQL and NATS JetStream when they
# answer and print a skip reason otherwise; with CI=true a missing one fails.
if ! accepts_connections 127.0.0.1 4222; then
  if in_ci; then
    fail "NATS does not answer on 127.0.0.1:4222; CI needs it for the generated service's broker tests: start it (.ci/run shows how)."
  fi
  echo "skipped: the generated service's NATS tests, because NATS does not answer on 127.0.0.1:4222: start it with 'nats-server -a 127.0.0.1 -p 4222 -js'."
fi
if ! accepts_connections 127.0.0.1 5432; then
  echo "skipped: the generated service's PostgreSQL tests, because PostgreSQL does not answer on 127.0.0.1:5432."
fi
node scripts/test-node-service-template.js

step "Browser tests (Playwright in ${CHROMIUM_PATH:-/usr/bin/chromium})"
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  require_free_port 7007 "the browser tests start their own backend there"
  # The same build start.sh serves (rebuilt only when the frontend changed).
  node scripts/build-frontend.js
  rm -rf .data/e2e-sqlite .data/e2e-repos e2e-artifacts
  CI=true yarn playwright test
elif in_ci; then
  fail "Chromium was not found at ${CHROMIUM_PATH:-/usr/bin/chromium}: install it with 'apt-get install -y chromium' (or set CHROMIUM_PATH)."
else
  echo "skipped: browser tests, because Chromium is not at ${CHROMIUM_PATH:-/usr/bin/chromium}: install it with 'sudo apt-get install -y chromium' or set CHROMIUM_PATH."
fi

step "Summary"
node scripts/test-summary.js test-results/jest.json test-results/chassis.json test-results/node-service.json e2e-artifacts/results.json
