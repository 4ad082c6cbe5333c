/** Where the generated files go; other packages (stack, k8s, e2e) read them from these paths. */
import { fileURLToPath } from 'node:url';
import type { ProfileName } from './config.js';

/** Paths relative to the repository root. */
export const GENERATED_PATHS = {
  rules: {
    default: 'k8s/monitoring/rules/fraudwatch.default.rules.yaml',
    fast: 'k8s/monitoring/rules/fraudwatch.fast.rules.yaml',
  } satisfies Record<ProfileName, string>,
  prometheusRule: 'k8s/monitoring/prometheusrule.yaml',
  dashboardConfigMap: 'k8s/monitoring/grafana-dashboard-configmap.yaml',
  alertsConfigMap: 'k8s/monitoring/grafana-alerts-configmap.yaml',
  dashboardJson: 'k8s/monitoring/dashboards/fraudwatch-predictor.json',
} as const;

/** src/paths.ts and dist/paths.js both sit three levels below the repository root. */
const ROOT_URL = new URL('../../../', import.meta.url);

export function repoPath(relative: string): string {
  return fileURLToPath(new URL(relative, ROOT_URL));
}

/** Absolute path of a profile's Prometheus rules file (what packages/stack loads). */
export function rulesFilePath(profile: ProfileName): string {
  return repoPath(GENERATED_PATHS.rules[profile]);
}
