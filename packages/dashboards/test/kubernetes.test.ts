import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_UID, GENERATED_PATHS, prometheusRuleGroups, repoPath } from '../src/index.js';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
  data?: Record<string, string>;
  spec?: { groups: unknown[] };
}

function manifest(path: string): Manifest {
  return parse(readFileSync(repoPath(path), 'utf8')) as Manifest;
}

describe('Kubernetes manifests', () => {
  it('the PrometheusRule carries release: monitoring and the default-profile groups', () => {
    const rule = manifest(GENERATED_PATHS.prometheusRule);
    expect(rule).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule' });
    expect(rule.metadata.labels['release']).toBe('monitoring');
    expect(rule.spec?.groups).toEqual(prometheusRuleGroups('default'));
  });

  it('the dashboard ConfigMap holds exactly one dashboard and carries grafana_dashboard: "1"', () => {
    const cm = manifest(GENERATED_PATHS.dashboardConfigMap);
    expect(cm).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(cm.metadata.labels['grafana_dashboard']).toBe('1');
    const entries = Object.entries(cm.data ?? {});
    expect(entries).toHaveLength(1);
    const [key, json] = entries[0] ?? ['', ''];
    expect(key).toMatch(/\.json$/);
    expect((JSON.parse(json) as { uid: string }).uid).toBe(DASHBOARD_UID);
    expect(json).toBe(readFileSync(repoPath(GENERATED_PATHS.dashboardJson), 'utf8'));
  });

  it('the alert ConfigMap carries grafana_alert: "1"', () => {
    const cm = manifest(GENERATED_PATHS.alertsConfigMap);
    expect(cm.kind).toBe('ConfigMap');
    expect(cm.metadata.labels['grafana_alert']).toBe('1');
  });

  it('leaves namespaces to kustomize', () => {
    for (const path of [GENERATED_PATHS.prometheusRule, GENERATED_PATHS.dashboardConfigMap, GENERATED_PATHS.alertsConfigMap]) {
      expect(manifest(path).metadata.namespace).toBeUndefined();
    }
  });
});
