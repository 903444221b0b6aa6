#!/usr/bin/env bash
# Runs browser tests the way scripts/test.sh does, for a subset while working:
# builds the frontend when its sources changed (scripts/build-frontend.js), gives
# the backend fresh e2e data folders, then `playwright test "$@"`, e.g.
#   bash scripts/e2e.sh packages/app/e2e-tests/slo.test.ts
# Port 7007 must be free (the tests start their own backend there).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
source scripts/lib.sh
require_free_port 7007 "the browser tests start their own backend there"
node scripts/build-frontend.js
rm -rf .data/e2e-sqlite .data/e2e-repos e2e-artifacts
CI=true yarn playwright test "$@"
