#!/usr/bin/env bash
# Every test: installs what is missing, builds, typechecks, runs the unit, integration,
# promtool and end-to-end tests. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
bash scripts/setup.sh
mkdir -p .tmp
set +e
pnpm exec turbo run build lint test --concurrency=2 --continue 2>&1 | tee .tmp/test-output.log
status=${PIPESTATUS[0]}
set -e
bash scripts/test-summary.sh .tmp/test-output.log

# The dashboards build rewrites k8s/monitoring/ before its own drift test runs, so that test cannot
# see a stale commit here: compare the rewritten files with what git has.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # --porcelain lists modified, staged and untracked files alike.
  if [[ -n $(git status --porcelain -- k8s/monitoring) ]]; then
    git status --short -- k8s/monitoring >&2
    echo "generated files drifted: run pnpm --filter @fraudwatch/dashboards build and commit" >&2
    status=1
  fi
else
  echo "not a git checkout: the generated files in k8s/monitoring/ were not compared with a commit" >&2
fi
exit "$status"
