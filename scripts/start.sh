#!/usr/bin/env bash
# Installs what is missing and starts the portal: frontend on
# http://localhost:3000, backend on http://localhost:7007, data in SQLite files
# under .data/, and the npm registry of @golden-path/* packages (Verdaccio) on
# http://127.0.0.1:4873. With --postgres it stores everything in PostgreSQL
# instead, from POSTGRES_HOST/PORT/USER/PASSWORD (default 127.0.0.1:5432, user
# postgres).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
source scripts/lib.sh

configs=(--config "$GP_ROOT/app-config.yaml")
case "${1:-}" in
  '') ;;
  --postgres)
    export POSTGRES_HOST="${POSTGRES_HOST:-127.0.0.1}" POSTGRES_PORT="${POSTGRES_PORT:-5432}"
    export POSTGRES_USER="${POSTGRES_USER:-postgres}" POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-}"
    accepts_connections "$POSTGRES_HOST" "$POSTGRES_PORT" ||
      fail "PostgreSQL is not answering at $POSTGRES_HOST:$POSTGRES_PORT: start it (or set POSTGRES_HOST/POSTGRES_PORT), or run without --postgres to use the embedded SQLite."
    configs+=(--config "$GP_ROOT/app-config.production.yaml")
    # production.yaml serves the frontend from the backend; here the dev server keeps :3000.
    export APP_CONFIG_app_baseUrl=http://localhost:3000
    ;;
  *) fail "unknown option '$1': use no option (SQLite) or --postgres." ;;
esac

require_free_port 7007 "the Golden Path backend needs it"
require_free_port 3000 "the Golden Path frontend needs it"
bash scripts/bootstrap.sh
# Again: on a fresh clone .tools/ (Node 22 and its headers) exists only now.
source scripts/env.sh

# The npm registry created services install @golden-path/service-chassis
# from (goldenPath.scaffolder.npmRegistry): Verdaccio in the background, kept
# between starts (reused while it answers), the chassis republished from
# packages/service-chassis when it changed.
mkdir -p .data
registry_url="$(node scripts/npm-registry.js start --port 4873 --storage .data/registry --log .data/registry.log --no-publish)"
node scripts/npm-registry.js publish --registry "$registry_url" ||
  echo "warning: @golden-path/service-chassis could not be published (above), so 'npm ci' in services created now fails until it is: fix it, then run 'node scripts/npm-registry.js publish --registry $registry_url'."
echo "npm registry for @golden-path/* packages at $registry_url (Verdaccio; log: .data/registry.log)."

# Fills the SLO dashboard with 30 days of example SLI data as soon as the SLO
# backend accepts it (a later start only adds what came since the last one).
nohup node examples/sli/generate-sli.js --url http://localhost:7007 \
  --state .data/sli-generator.json --wait-seconds 900 \
  >.data/sli-generator.log 2>&1 &
echo "Writing example SLI data for the SLO dashboard in the background (log: .data/sli-generator.log)."

echo "Starting Golden Path: open http://localhost:3000 (sign in as guest) once the frontend reports it is ready."
exec yarn start "${configs[@]}"
