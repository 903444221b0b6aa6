#!/usr/bin/env bash
# Installs what is missing and starts the portal on http://localhost:7007: the
# backend serves the production build of the frontend (built by
# scripts/build-frontend.js, again only when the frontend's sources changed
# since the last build), data in SQLite files under .data/, and the npm
# registry of @golden-path/* packages (Verdaccio) on http://127.0.0.1:4873.
#   --postgres  store everything in PostgreSQL instead, from POSTGRES_HOST/PORT/
#               USER/PASSWORD (default 127.0.0.1:5432, user postgres).
#   --dev       for working on the frontend: webpack's hot-reloading dev server
#               on http://localhost:3000 instead of the build (slow page loads).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
source scripts/lib.sh

# app-config.development.yaml: guest sign-in ("Enter"), for this machine only.
configs=(--config "$GP_ROOT/app-config.yaml" --config "$GP_ROOT/app-config.development.yaml")
dev=false
for option in "$@"; do
  case "$option" in
    --postgres)
      export POSTGRES_HOST="${POSTGRES_HOST:-127.0.0.1}" POSTGRES_PORT="${POSTGRES_PORT:-5432}"
      export POSTGRES_USER="${POSTGRES_USER:-postgres}" POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-}"
      accepts_connections "$POSTGRES_HOST" "$POSTGRES_PORT" ||
        fail "PostgreSQL is not answering at $POSTGRES_HOST:$POSTGRES_PORT: start it (or set POSTGRES_HOST/POSTGRES_PORT), or run without --postgres to use the embedded SQLite."
      configs+=(--config "$GP_ROOT/app-config.postgres.yaml")
      ;;
    --dev) dev=true ;;
    *) fail "unknown option '$option': use --postgres (PostgreSQL instead of SQLite) and/or --dev (the frontend's dev server on :3000)." ;;
  esac
done

require_free_port 7007 "the Golden Path backend needs it"
if [ "$dev" = true ]; then
  require_free_port 3000 "the frontend's dev server needs it"
fi
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

if [ "$dev" = true ]; then
  # The dev server serves the frontend on :3000 (app-config.yaml's app.baseUrl
  # is the backend's own address, where the build is served otherwise).
  export APP_CONFIG_app_baseUrl=http://localhost:3000
  echo "Starting Golden Path with the frontend's dev server: open http://localhost:3000 (sign in as guest) once it reports it is ready."
  exec yarn start "${configs[@]}"
fi

node scripts/build-frontend.js
# Says where to go once the backend answers (it serves the frontend too).
(
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null http://localhost:7007/.backstage/health/v1/readiness 2>/dev/null; then
      echo
      echo "Golden Path is ready: open http://localhost:7007 (sign in as guest)."
      exit 0
    fi
    sleep 1
  done
) &
echo "Starting Golden Path on http://localhost:7007 ..."
exec yarn workspace backend start "${configs[@]}"
