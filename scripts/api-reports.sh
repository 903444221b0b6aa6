#!/usr/bin/env bash
# Writes (or with --ci, checks) every published package's API report.
# The declarations come from a clean, non-incremental type check: an
# incremental one can order union members and optional properties
# differently from a fresh clone's, and the reports would differ for nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rm -rf dist-types
yarn tsc --incremental false
exec yarn backstage-repo-tools api-reports -o ae-undocumented,ae-wrong-input-file-type "$@"
