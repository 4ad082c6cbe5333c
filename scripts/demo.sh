#!/usr/bin/env bash
# The FraudWatch demo, from a fresh checkout: installs what is missing, builds, then runs the
# predictor, a real Prometheus and Alertmanager (fast rules) and the loadgen alert drill, and prints
# a summary with the path of the drill report (the dashboard drawn over the drill, screenshots).
# `bash scripts/demo.sh --report DIR` writes the report to DIR (relative to where you run it);
# `--keep` leaves everything running until Ctrl-C.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export TURBO_TELEMETRY_DISABLED=1
(
  cd "$root"
  bash scripts/setup.sh
  echo "==> building"
  pnpm exec turbo run build --output-logs=errors-only
)
# Run from the caller's directory, so a relative --report DIR lands where they expect.
exec node "$root/apps/demo/dist/main.js" "$@"
