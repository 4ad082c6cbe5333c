import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { DASHBOARD_UID, GENERATED_PATHS, PART_OF_LABEL, PREDICTOR_JOB, repoPath } from '@fraudwatch/dashboards';
import { ALERT_NAMES, alertNames } from '@fraudwatch/metrics';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  LOCKED_DOWN_CONTAINER,
  fileByFile,
  findAll,
  findOne,
  k8sPath,
  kustomization,
  manifestSets,
  selects,
  type Manifest,
} from './manifests.js';
import { ConfigMap, Deployment, PrometheusRule, Service, ServiceMonitor, validateManifest } from './models.js';

const NAMESPACE = 'fraudwatch';
/** design.md: the predictor listens on 8000 by default. */
const PREDICTOR_DEFAULT_PORT = 8000;
const ALERTS = [...ALERT_NAMES].sort();

const k8sRelative = (repoRelative: string): string => repoRelative.replace(/^k8s\//, '');

describe('kustomization.yaml', () => {
  it('puts everything in namespace fraudwatch and lists the generated monitoring files', () => {
    const k = kustomization();
    expect(k.namespace).toBe(NAMESPACE);
    expect(k.resources).toEqual(
      expect.arrayContaining(
        [GENERATED_PATHS.prometheusRule, GENERATED_PATHS.dashboardConfigMap, GENERATED_PATHS.alertsConfigMap].map(k8sRelative),
      ),
    );
  });

  it.each(['predictor', 'redis'])('lists files that exist, and every manifest under %s/', (dir) => {
    const { resources } = kustomization();
    for (const file of resources) expect(existsSync(k8sPath(file)), file).toBe(true);
    const files = readdirSync(k8sPath(dir)).filter((f) => f.endsWith('.yaml')).map((f) => `${dir}/${f}`);
    expect(files.length).toBeGreaterThan(0);
    expect(resources).toEqual(expect.arrayContaining(files));
  });

  it('leaves the namespace to the kustomization: no file sets its own', () => {
    // kustomize would override one silently; the cluster would then disagree with the file.
    for (const m of fileByFile().manifests) expect(m.metadata.namespace, `${m.kind} ${m.metadata.name}`).toBeUndefined();
  });

  it('adds no labels itself: every file carries its own', () => {
    // Debian's kubectl 1.20 cannot build `labels`; `commonLabels` would also rewrite the selectors.
    expect(Object.keys(kustomization())).not.toContain('labels');
    expect(Object.keys(kustomization())).not.toContain('commonLabels');
  });
});

// Without kubectl every check on a kustomize set fails, saying how to install it.
const sets = manifestSets();
const kustomized = sets[1]!.load;

// What only the real build shows: the namespace the kustomization applies.
describe('kubectl kustomize k8s/', () => {
  it('puts every object but the Namespace in namespace fraudwatch', () => {
    for (const m of kustomized().manifests.filter((x) => x.kind !== 'Namespace')) {
      expect(m.metadata.namespace, `${m.kind} ${m.metadata.name}`).toBe(NAMESPACE);
    }
  });
});

describe.each(sets)('manifests ($name)', ({ load: set }) => {
  const pod = () => new Deployment(findOne(set(), 'Deployment', 'fraudwatch-predictor') as never);
  const container = () => {
    const c = pod().spec?.template.spec?.containers[0];
    if (c === undefined) throw new Error('the Deployment has no container');
    return c;
  };
  const service = () => new Service(findOne(set(), 'Service', 'fraudwatch-predictor') as never);

  it('validates every manifest against its Kubernetes / Prometheus Operator schema', () => {
    expect(set().manifests.length).toBeGreaterThan(0);
    for (const manifest of set().manifests) validateManifest(manifest);
  });

  it('ships exactly the expected objects, with the fraudwatch Namespace', () => {
    const kinds = set().manifests.map((m) => m.kind).sort();
    // No Secret: the API keys' Secret is the operator's (predictor-access.test.ts).
    expect(kinds).toEqual([
      'ConfigMap',
      'ConfigMap',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Namespace',
      'NetworkPolicy',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'PrometheusRule',
      'Service',
      'Service',
      'Service',
      'Service',
      'ServiceMonitor',
      'ServiceMonitor',
      'StatefulSet',
    ]);
    expect(findOne(set(), 'Namespace').metadata.name).toBe(NAMESPACE);
  });

  it('labels every object app.kubernetes.io/part-of: fraudwatch in its own metadata', () => {
    for (const m of set().manifests) expect(m.metadata.labels, `${m.kind} ${m.metadata.name}`).toMatchObject(PART_OF_LABEL);
  });

  it('runs the image apps/predictor/Dockerfile builds, tagged with the predictor version, on the ports it exposes', () => {
    const dockerfile = readFileSync(k8sPath('../apps/predictor/Dockerfile'), 'utf8');
    const version = (JSON.parse(readFileSync(k8sPath('../apps/predictor/package.json'), 'utf8')) as { version: string }).version;
    expect(container().image).toBe(`fraudwatch/predictor:${version}`);
    const exposed = /^EXPOSE (.+)$/m.exec(dockerfile)?.[1]?.split(/\s+/).map(Number);
    expect(exposed).toEqual(container().ports?.map((p) => p.containerPort));
  });

  it('probes liveness on /healthz and readiness on /readyz through the named metrics port', () => {
    const c = container();
    expect(c.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', port: 'metrics' });
    expect(c.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'metrics' });
    expect(c.startupProbe?.httpGet?.port).toBe('metrics');
  });

  it('listens on the predictor default port, and tells the predictor so', () => {
    const c = container();
    const http = c.ports?.find((p) => p.name === 'http');
    expect(http?.containerPort).toBe(PREDICTOR_DEFAULT_PORT);
    expect(c.env?.find((e) => e.name === 'PORT')?.value).toBe(String(http?.containerPort));
    // Probes and the Service reach the pod IP: loopback would make the pod unreachable.
    expect(c.env?.find((e) => e.name === 'HOST')?.value).toBe('0.0.0.0');
    expect(c.env?.find((e) => e.name === 'ALERT_RESET_TERMINAL_ID')?.value).toBe('13');
  });

  it('locks the container down', () => {
    const spec = pod().spec?.template.spec;
    expect(spec?.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec?.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(spec?.automountServiceAccountToken).toBe(false);
    expect(container().securityContext).toEqual(LOCKED_DOWN_CONTAINER);
    // A read-only root needs a writable /tmp.
    const tmp = container().volumeMounts?.find((v) => v.mountPath === '/tmp');
    expect(spec?.volumes?.find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();
  });

  it('requests resources and caps memory', () => {
    const r = container().resources;
    expect(r?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(r?.limits?.memory).toBeDefined();
  });

  it('selects its own pods (Deployment, Service)', () => {
    const d = pod();
    const podLabels = d.spec?.template.metadata?.labels;
    expect(selects(d.spec?.selector.matchLabels, podLabels)).toBe(true);
    expect(selects(service().spec?.selector, podLabels)).toBe(true);
  });

  it('leaves the replica count to the autoscaler, and rolls out by starting a new pod before stopping an old one', () => {
    const d = pod();
    // A count here would reset the autoscaler's at every apply (scaling.test.ts checks the autoscaler).
    expect(d.spec?.replicas).toBeUndefined();
    expect(d.spec?.strategy?.type).toBe('RollingUpdate');
    expect(d.spec?.strategy?.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
  });

  it('exposes a named Service port that targets the container port', () => {
    const port = service().spec?.ports?.find((p) => p.name === 'http');
    expect(port?.port).toBe(PREDICTOR_DEFAULT_PORT);
    expect(container().ports?.map((p) => p.name)).toContain(port?.targetPort);
  });

  it('names the Service after the scrape job the rules and dashboards select', () => {
    // Prometheus Operator sets job=<Service name> for ServiceMonitor targets.
    expect(service().metadata?.name).toBe(PREDICTOR_JOB);
  });

  it('has a ServiceMonitor for kube-prometheus-stack that selects the Service and names one of its ports', () => {
    const sm = new ServiceMonitor(findOne(set(), 'ServiceMonitor', 'fraudwatch-predictor') as never);
    expect(sm.metadata?.labels?.release).toBe('monitoring');
    expect(selects(sm.spec.selector.matchLabels, service().metadata?.labels)).toBe(true);
    const servicePorts = service().spec?.ports?.map((p) => p.name);
    expect(sm.spec.endpoints?.length).toBeGreaterThan(0);
    for (const endpoint of sm.spec.endpoints ?? []) {
      // The API port stops serving /metrics once METRICS_PORT is set.
      expect(endpoint.port).toBe('metrics');
      expect(servicePorts).toContain(endpoint.port);
      expect(endpoint.path).toBe('/metrics');
      expect(endpoint.interval).toMatch(/^\d+s$/);
    }
  });

  it('has the PrometheusRule with every alert, labelled for kube-prometheus-stack, selecting the predictor job', () => {
    const rule = new PrometheusRule(findOne(set(), 'PrometheusRule') as never);
    expect(rule.metadata?.labels?.release).toBe('monitoring');
    const alerting = rule.spec.groups?.flatMap((g) => g.rules ?? []).filter((r) => r.alert !== undefined) ?? [];
    expect(alerting.map((r) => r.alert).sort()).toEqual(ALERTS);
    for (const r of alerting) expect(String(r.expr), String(r.alert)).toContain(`job="${PREDICTOR_JOB}"`);
  });

  it('has one dashboard ConfigMap for the Grafana sidecar holding the generated dashboard', () => {
    const cm = configMapWithLabel(set(), 'grafana_dashboard');
    expect(cm.metadata?.labels?.grafana_dashboard).toBe('1');
    const entries = Object.entries(cm.data ?? {});
    expect(entries).toHaveLength(1);
    const [, json] = entries[0]!;
    expect((JSON.parse(json) as { uid: string }).uid).toBe(DASHBOARD_UID);
    expect(JSON.parse(json)).toEqual(JSON.parse(readFileSync(repoPath(GENERATED_PATHS.dashboardJson), 'utf8')));
  });

  it('has an alerts ConfigMap for the Grafana sidecar in file-provisioning format', () => {
    const cm = configMapWithLabel(set(), 'grafana_alert');
    expect(cm.metadata?.labels?.grafana_alert).toBe('1');
    const files = Object.values(cm.data ?? {}).map((text) => parse(text) as { apiVersion: number; groups: { rules: { title: string }[] }[] });
    expect(files.length).toBeGreaterThan(0);
    const titles = files.flatMap((f) => {
      expect(f.apiVersion).toBe(1);
      return f.groups.flatMap((g) => g.rules.map((r) => r.title));
    });
    expect(titles).toContain(alertNames.alertCounterHigh);
  });
});

function configMapWithLabel(set: { manifests: readonly Manifest[]; name: string }, label: string) {
  const found = findAll(set, 'ConfigMap').filter((m) => m.metadata.labels?.[label] !== undefined);
  if (found.length !== 1) throw new Error(`${set.name}: expected one ConfigMap labelled ${label}, found ${found.length}`);
  return new ConfigMap(found[0] as never);
}
