/** Kubernetes objects for kube-prometheus-stack: the PrometheusRule and Grafana's sidecar ConfigMaps. */
import { PREDICTOR_JOB } from '../config.js';
import type { PrometheusRuleGroup } from './prometheus-rules.js';

/** kube-prometheus-stack's Prometheus selects rules by its Helm release label. */
export const RELEASE_LABEL = { release: 'monitoring' } as const;
/** Grafana's sidecars load ConfigMaps carrying these labels. */
export const DASHBOARD_SIDECAR_LABEL = { grafana_dashboard: '1' } as const;
export const ALERT_SIDECAR_LABEL = { grafana_alert: '1' } as const;

/**
 * Every FraudWatch object carries this label in its own metadata (k8s/kustomization.yaml adds no
 * labels: Debian's kubectl 1.20 cannot build its `labels` field); the k8s tests check the
 * hand-written manifests against it.
 */
export const PART_OF_LABEL = { 'app.kubernetes.io/part-of': 'fraudwatch' } as const;

const COMMON_LABELS = {
  'app.kubernetes.io/name': PREDICTOR_JOB,
  ...PART_OF_LABEL,
  'app.kubernetes.io/managed-by': 'fraudwatch-dashboards',
} as const;

// Namespaces are left to kustomize (k8s/kustomization.yaml sets one for everything).

export function prometheusRule(groups: PrometheusRuleGroup[]) {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: `${PREDICTOR_JOB}-rules`, labels: { ...COMMON_LABELS, ...RELEASE_LABEL } },
    spec: { groups },
  };
}

export function configMap(name: string, labels: Readonly<Record<string, string>>, data: Record<string, string>) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels: { ...COMMON_LABELS, ...labels } },
    data,
  };
}
