#!/usr/bin/env bash
# Adds up the vitest "Tests" lines of every package in a turbo log into one closing line,
# "N passed, N failed", so that the whole run reads at a glance (and by CI).
set -euo pipefail
sed 's/\x1b\[[0-9;]*m//g' "$1" | awk '
  /:test: +Tests +/ {
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^passed/) passed += $(i - 1)
      if ($i ~ /^failed/) failed += $(i - 1)
      if ($i ~ /^skipped/) skipped += $(i - 1)
    }
    packages++
  }
  END {
    printf "vitest: %d packages\n", packages
    line = sprintf("%d passed, %d failed", passed, failed)
    if (skipped) line = line sprintf(", %d skipped", skipped)
    print line
  }'
