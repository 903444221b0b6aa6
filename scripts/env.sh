# Sourced by every script in this repo: puts the project's own Node 22 and Yarn
# first on PATH and builds native addons (better-sqlite3) against Node 22's
# headers instead of whatever `nodedir` a machine's ~/.npmrc names.
# The tools live in .tools/ (git-ignored) and are installed by scripts/bootstrap.sh.
GP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GP_NODE_VERSION="$(cat "$GP_ROOT/.nvmrc")"
export GP_ROOT GP_NODE_VERSION
export PATH="$GP_ROOT/.tools/bin:$PATH"
# The node npm package ships the binary and headers in node-<platform>-<arch>.
for gp_nodedir in "$GP_ROOT"/.tools/lib/node_modules/node/node_modules/node-*-*; do
  [ -d "$gp_nodedir/include/node" ] && export npm_config_nodedir="$gp_nodedir"
done
unset gp_nodedir

# The static token the example SLI generator (examples/sli) writes SLI data
# with: app-config.yaml accepts it under backend.auth.externalAccess, for the
# SLO plugin only. Made once per checkout in .data/ (git-ignored), never
# committed; set GP_SLI_TOKEN yourself to use another.
if [ -z "${GP_SLI_TOKEN:-}" ]; then
  if [ ! -s "$GP_ROOT/.data/sli-token" ]; then
    mkdir -p "$GP_ROOT/.data"
    (umask 077 && od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$GP_ROOT/.data/sli-token")
  fi
  GP_SLI_TOKEN="$(cat "$GP_ROOT/.data/sli-token")"
  export GP_SLI_TOKEN
fi
