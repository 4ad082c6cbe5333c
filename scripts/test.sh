#!/usr/bin/env bash
# Every test: installs what is missing, builds, typechecks, runs the unit, integration,
# promtool and end-to-end tests. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
bash scripts/setup.sh
mkdir -p .tmp
set +e
pnpm exec turbo run build lint test --concurrency=2 2>&1 | tee .tmp/test-output.log
status=${PIPESTATUS[0]}
set -e
bash scripts/test-summary.sh .tmp/test-output.log
exit "$status"
