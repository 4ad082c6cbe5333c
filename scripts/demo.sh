#!/usr/bin/env bash
# The FraudWatch demo, from a fresh checkout: installs what is missing, builds, then runs the
# predictor, a real Prometheus and Alertmanager (fast rules) and the loadgen alert drill, and prints
# a summary. `bash scripts/demo.sh --keep` leaves everything running until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
bash scripts/setup.sh
echo "==> building"
pnpm exec turbo run build --output-logs=errors-only
exec node apps/demo/dist/main.js "$@"
