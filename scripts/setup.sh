#!/usr/bin/env bash
# Installs what FraudWatch needs on a fresh Debian machine with Node 20: pnpm, the workspace
# dependencies, Prometheus + Alertmanager (for the local stack, promtool and the e2e test),
# redis-server (the shared feature store: its tests, the demo's --replicas), kubectl (for the k8s
# manifest tests), Chromium (for the drill report's charts and screenshots) and Debian's xgboost,
# scikit-learn and numpy for /usr/bin/python3 (the training scripts in packages/training/python and
# the parity tests against them).
# Safe to run again: each step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

PNPM_VERSION=10.34.9
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"

if ! command -v pnpm >/dev/null || [[ $(pnpm --version) != "$PNPM_VERSION" ]]; then
  echo "==> installing pnpm $PNPM_VERSION"
  $SUDO npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

# Debian packages, in one apt step: Prometheus + Alertmanager, and kubectl for the k8s tests'
# `kubectl kustomize` checks (Debian 12's kubernetes-client is kubectl 1.20, which builds
# k8s/kustomization.yaml: it uses no kustomize feature newer than that).
APT_PACKAGES=()
NEEDS_PROMETHEUS=false
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null || ! command -v prometheus-alertmanager >/dev/null; then
  NEEDS_PROMETHEUS=true
  APT_PACKAGES+=(prometheus prometheus-alertmanager)
fi
command -v kubectl >/dev/null || APT_PACKAGES+=(kubernetes-client)
# redis-server brings redis-cli (redis-tools). Under systemd it also starts a Redis on :6379, left
# running: it is what REDIS_URL's default points at; tests start their own on free ports.
command -v redis-server >/dev/null && command -v redis-cli >/dev/null || APT_PACKAGES+=(redis-server)
# packages/report drives it through playwright-core, which downloads no browser of its own.
[[ -x /usr/bin/chromium ]] || APT_PACKAGES+=(chromium)
# Debian's python3-* packages are seen by /usr/bin/python3 only (not by a pyenv or venv python3).
/usr/bin/python3 -c 'import xgboost, numpy' >/dev/null 2>&1 || APT_PACKAGES+=(python3-xgboost python3-numpy)
/usr/bin/python3 -c 'import sklearn' >/dev/null 2>&1 || APT_PACKAGES+=(python3-sklearn)

if [[ ${#APT_PACKAGES[@]} -gt 0 ]]; then
  echo "==> installing ${APT_PACKAGES[*]} (Debian packages)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null
fi

# Under systemd the prometheus packages also start a system-wide Prometheus (:9090) and
# Alertmanager (:9093) and enable them at boot. Nothing here uses them (the stack runs its own on
# free ports): stop them.
if $NEEDS_PROMETHEUS && [[ -d /run/systemd/system ]]; then
  $SUDO systemctl disable --now prometheus prometheus-alertmanager >/dev/null 2>&1 ||
    echo "warning: could not stop the system prometheus / prometheus-alertmanager services" >&2
fi

echo "==> installing workspace dependencies"
mkdir -p .tmp
# Workspace bins point into dist/, which exists only after the build: pnpm warns, harmlessly.
if ! pnpm install --frozen-lockfile --reporter=append-only >.tmp/pnpm-install.log 2>&1; then
  cat .tmp/pnpm-install.log >&2
  exit 1
fi
