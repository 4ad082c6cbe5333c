import { monitoringConfig } from '@fraudwatch/dashboards';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fileByFile, findAll, findOne, readYaml, selects } from './manifests.js';

interface Sidecar {
  enabled: boolean;
  label: string;
  labelValue: string;
  searchNamespace: string;
}
interface Values {
  prometheus: {
    prometheusSpec: {
      serviceMonitorSelectorNilUsesHelmValues: boolean;
      serviceMonitorSelector: { matchLabels: Record<string, string> };
      serviceMonitorNamespaceSelector: Record<string, never>;
      ruleSelectorNilUsesHelmValues: boolean;
      ruleSelector: { matchLabels: Record<string, string> };
      ruleNamespaceSelector: Record<string, never>;
    };
  };
  grafana: { sidecar: { dashboards: Sidecar; alerts: Sidecar; datasources: { enabled: boolean; uid: string } } };
}

const values = readYaml('kube-prometheus-stack-values.yaml') as Values;
const manifests = fileByFile();

describe('kube-prometheus-stack values', () => {
  const spec = values.prometheus.prometheusSpec;

  it("make the release's Prometheus pick up our ServiceMonitors (predictor, Redis) and PrometheusRule in any namespace", () => {
    expect(spec.serviceMonitorSelectorNilUsesHelmValues).toBe(false);
    expect(spec.ruleSelectorNilUsesHelmValues).toBe(false);
    const monitors = findAll(manifests, 'ServiceMonitor');
    expect(monitors.map((m) => m.metadata.name).sort()).toEqual(['fraudwatch-predictor', 'fraudwatch-redis']);
    for (const m of monitors) expect(selects(spec.serviceMonitorSelector.matchLabels, m.metadata.labels), m.metadata.name).toBe(true);
    expect(selects(spec.ruleSelector.matchLabels, findOne(manifests, 'PrometheusRule').metadata.labels)).toBe(true);
    expect(spec.serviceMonitorNamespaceSelector).toEqual({});
    expect(spec.ruleNamespaceSelector).toEqual({});
  });

  it.each(['dashboards', 'alerts'] as const)('enable the Grafana %s sidecar across namespaces, matching our ConfigMap label', (kind) => {
    const sidecar = values.grafana.sidecar[kind];
    expect(sidecar).toMatchObject({ enabled: true, searchNamespace: 'ALL' });
    const labelled = findAll(manifests, 'ConfigMap').filter((cm) => cm.metadata.labels?.[sidecar.label] === sidecar.labelValue);
    expect(labelled).toHaveLength(1);
  });

  it('provision the Prometheus datasource with the uid the Grafana alert rules query', () => {
    const { datasources } = values.grafana.sidecar;
    expect(datasources.enabled).toBe(true);
    expect(datasources.uid).toBe(monitoringConfig('default').grafana.datasourceUid);
    const alertsConfigMap = findAll(manifests, 'ConfigMap').find((cm) => cm.metadata.labels?.grafana_alert === '1');
    const data = (alertsConfigMap?.data ?? {}) as Record<string, string>;
    const uids = Object.values(data).flatMap((text) => [...JSON.stringify(parse(text)).matchAll(/"datasourceUid":"([^"]+)"/g)].map((m) => m[1]));
    expect(uids.length).toBeGreaterThan(0);
    // `__expr__` is Grafana's built-in server-side expression datasource (reduce, threshold).
    expect(new Set(uids)).toEqual(new Set([datasources.uid, '__expr__']));
  });
});
