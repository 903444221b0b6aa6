#!/usr/bin/env bash
# Installs what the repo needs and is missing: Node (the version in .nvmrc) and
# the Yarn 1 launcher into .tools/, then the dependencies with the committed
# yarn.lock. Safe to run again: each step is skipped when already done.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GP_ROOT"

if [ "$(.tools/bin/node --version 2>/dev/null)" != "v$GP_NODE_VERSION" ]; then
  command -v npm >/dev/null 2>&1 ||
    fail "npm was not found: install any Node.js (it brings npm), which is used once to install Node $GP_NODE_VERSION into .tools/."
  echo "Installing Node $GP_NODE_VERSION and Yarn into .tools/ ..."
  npm install --global --prefix "$GP_ROOT/.tools" --no-audit --no-fund \
    "node@$GP_NODE_VERSION" yarn@1.22.22 >/dev/null ||
    fail "could not install Node $GP_NODE_VERSION from the npm registry into .tools/: check that the registry is reachable (npm ping), then run this again."
  source scripts/env.sh
  [ "$(node --version 2>/dev/null)" = "v$GP_NODE_VERSION" ] ||
    fail "Node $GP_NODE_VERSION is needed but '$(command -v node)' is $(node --version 2>/dev/null || echo missing): delete .tools/ and run this again."
fi

# Yarn 1 hands over to the release committed in .yarn/releases (yarnPath).
mkdir -p .data
echo "Installing dependencies if needed (yarn install --immutable; a few minutes the first time) ..."
if ! yarn install --immutable >.data/install.log 2>&1; then
  grep -E 'YN0082|YN0028|YN0001|YN0009' .data/install.log | head -20 >&2 || true
  fail "yarn install --immutable failed (full log: .data/install.log). YN0028 means package.json and yarn.lock disagree: run 'yarn install' and commit yarn.lock; YN0082 means the registry lacks a package: see 'Registry gaps' in the README."
fi
rm -f .data/install.log
