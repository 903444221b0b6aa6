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
#   --replicas N  with --postgres: N backends (on the next N ports, 7008,
#               7009, ...) sharing the one PostgreSQL database and a Redis cache
#               (REDIS_URL, default redis://127.0.0.1:6379), behind a round-robin
#               load balancer (scripts/replicas-proxy.js) on :7007, as a company
#               runs more than one. Logs in .data/backend-<port>.log.
# GP_PORT=7107 moves the portal (and the replicas after it) off 7007.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
source scripts/lib.sh

# app-config.development.yaml: guest sign-in ("Enter"), for this machine only.
configs=(--config "$GP_ROOT/app-config.yaml" --config "$GP_ROOT/app-config.development.yaml")
dev=false
postgres=false
replicas=1
while [ $# -gt 0 ]; do
  option="$1"
  shift
  case "$option" in
    --postgres)
      postgres=true
      export POSTGRES_HOST="${POSTGRES_HOST:-127.0.0.1}" POSTGRES_PORT="${POSTGRES_PORT:-5432}"
      export POSTGRES_USER="${POSTGRES_USER:-postgres}" POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-}"
      accepts_connections "$POSTGRES_HOST" "$POSTGRES_PORT" ||
        fail "PostgreSQL is not answering at $POSTGRES_HOST:$POSTGRES_PORT: start it (or set POSTGRES_HOST/POSTGRES_PORT), or run without --postgres to use the embedded SQLite."
      configs+=(--config "$GP_ROOT/app-config.postgres.yaml")
      ;;
    --dev) dev=true ;;
    --replicas | --replicas=*)
      if [ "$option" = --replicas ]; then replicas="${1:-}" && shift || true; else replicas="${option#--replicas=}"; fi
      [[ "$replicas" =~ ^[1-9][0-9]?$ ]] || fail "--replicas needs a number of backends from 1 to 99, e.g. --replicas 2."
      ;;
    *) fail "unknown option '$option': use --postgres (PostgreSQL instead of SQLite), --replicas N (with --postgres: N backends behind a load balancer) and/or --dev (the frontend's dev server on :3000)." ;;
  esac
done

port="${GP_PORT:-7007}"
if [ "$port" != 7007 ]; then
  # The portal's own address is in app-config.yaml; these move it.
  export APP_CONFIG_app_baseUrl="http://localhost:$port" APP_CONFIG_backend_baseUrl="http://localhost:$port"
  export APP_CONFIG_backend_listen_port="$port" APP_CONFIG_backend_reading_allow="[{\"host\":\"localhost:$port\"}]"
fi
if [ "$replicas" -gt 1 ]; then
  [ "$postgres" = true ] ||
    fail "--replicas $replicas needs --postgres: two backends cannot share the SQLite files, add --postgres."
  [ "$dev" = false ] || fail "--replicas and --dev do not go together: use one of them."
  # The org-wide refresh limit (goldenPath.refresh.minInterval) lives in the
  # cache; only a shared store makes it one limit for all the replicas.
  redis_url="${REDIS_URL:-redis://127.0.0.1:6379}"
  redis_address="${redis_url#*://}" && redis_address="${redis_address#*@}" && redis_address="${redis_address%%/*}"
  accepts_connections "${redis_address%%:*}" "${redis_address##*:}" ||
    fail "Redis is not answering at $redis_url: start it (or set REDIS_URL); the replicas share their cache there."
  export APP_CONFIG_backend_cache="{\"store\":\"redis\",\"connection\":\"$redis_url\"}"
  # A pool per plugin per replica: at most 3 connections each (none kept
  # idle), so two replicas fit in PostgreSQL's default max_connections (100)
  # next to other clients; replica 2 failed with "too many clients" without.
  export APP_CONFIG_backend_database_knexConfig="${APP_CONFIG_backend_database_knexConfig:-{\"pool\":{\"min\":0,\"max\":3}}}"
  for i in $(seq 1 "$replicas"); do
    require_free_port $((port + i)) "backend replica $i needs it"
  done
fi

require_free_port "$port" "the Golden Path portal needs it"
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
nohup node examples/sli/generate-sli.js --url "http://localhost:$port" \
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
    if curl -fsS -o /dev/null "http://localhost:$port/.backstage/health/v1/readiness" 2>/dev/null; then
      echo
      echo "Golden Path is ready: open http://localhost:$port (sign in as guest)."
      exit 0
    fi
    sleep 1
  done
) &
if [ "$replicas" -eq 1 ]; then
  echo "Starting Golden Path on http://localhost:$port ..."
  exec yarn workspace backend start "${configs[@]}"
fi

# Replicas: each in its own process group, stopped with this script.
pids=()
stop_replicas() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
}
trap stop_replicas EXIT
trap 'exit 130' INT TERM
for i in $(seq 1 "$replicas"); do
  replica_port=$((port + i))
  echo "Starting backend replica $i on :$replica_port (log: .data/backend-$replica_port.log) ..."
  APP_CONFIG_backend_listen_port="$replica_port" setsid yarn workspace backend start "${configs[@]}" \
    >".data/backend-$replica_port.log" 2>&1 &
  pids+=($!)
  if [ "$i" -eq 1 ]; then
    # The first one creates the tables; the others start on them (as a
    # rolling deployment does).
    for _ in $(seq 1 600); do
      curl -fsS -o /dev/null "http://localhost:$replica_port/.backstage/health/v1/readiness" 2>/dev/null && break
      kill -0 "${pids[0]}" 2>/dev/null || fail "backend replica 1 stopped: see .data/backend-$replica_port.log."
      sleep 1
    done
  fi
done
echo "Starting the load balancer on http://localhost:$port over ports $((port + 1))-$((port + replicas)) ..."
node scripts/replicas-proxy.js --port "$port" --targets "$(seq -s, $((port + 1)) $((port + replicas)))"
