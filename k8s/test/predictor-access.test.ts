/**
 * Who reaches the predictor: the NetworkPolicy (API port from caller namespaces only, metrics
 * port from Prometheus only, egress to DNS and Redis only), the operations port the probes and the
 * ServiceMonitor use, and the API keys read from a Secret mounted read-only.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROMETHEUS_PEER, findOne, k8sPath, manifestSets, podSpecOf, selects } from './manifests.js';
import { Deployment, NetworkPolicy, Service, ServiceMonitor } from './models.js';

const CALLER_PEER = { namespaceSelector: { matchLabels: { 'fraudwatch.io/caller': 'true' } } };
const DNS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};
/** The label and port the shared feature store's Redis pods must carry. */
const REDIS_PEER = { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } } };
const REDIS_PORT = 6379;

describe.each(manifestSets())('access to the predictor ($name)', ({ load: set }) => {
  const deployment = () => new Deployment(findOne(set(), 'Deployment', 'fraudwatch-predictor') as never);
  const podSpec = () => podSpecOf(deployment());
  const container = () => podSpec().containers[0]!;
  const env = (name: string) => container().env?.find((e) => e.name === name)?.value;
  const containerPort = (name: string) => container().ports?.find((p) => p.name === name)?.containerPort;
  const policy = () => new NetworkPolicy(findOne(set(), 'NetworkPolicy', 'fraudwatch-predictor') as never);

  it('serves metrics and probes on their own named port, and tells the predictor so', () => {
    expect(containerPort('metrics')).toBeGreaterThan(0);
    expect(containerPort('metrics')).not.toBe(containerPort('http'));
    expect(env('METRICS_PORT')).toBe(String(containerPort('metrics')));
    const servicePort = new Service(findOne(set(), 'Service', 'fraudwatch-predictor') as never).spec?.ports?.find((p) => p.name === 'metrics');
    expect(servicePort?.targetPort).toBe('metrics');
    const sm = new ServiceMonitor(findOne(set(), 'ServiceMonitor', 'fraudwatch-predictor') as never);
    expect(sm.spec.endpoints?.map((e) => e.port)).toEqual(['metrics']);
  });

  it('reads the API keys from a Secret, mounted read-only as a directory so that updates reach the pod', () => {
    const file = env('API_KEYS_FILE') ?? '';
    const mount = container().volumeMounts?.find((m) => m.mountPath === dirname(file));
    expect(mount, `a volume mounted at ${dirname(file)}`).toBeDefined();
    expect(mount?.readOnly).toBe(true);
    // A subPath mount would never see a rotated key.
    expect(mount?.subPath).toBeUndefined();
    const volume = podSpec().volumes?.find((v) => v.name === mount?.name);
    expect(volume?.secret?.secretName).toBe('fraudwatch-predictor-api-keys');
    const mode = volume?.secret?.defaultMode ?? 0o644;
    expect(mode & 0o027, 'no write for the group, nothing for others').toBe(0);
    // Owned by root: the predictor (runAsUser, not root) reads it through the fsGroup.
    expect(mode & 0o040).toBe(0o040);
    expect(podSpec().securityContext?.fsGroup).toBe(podSpec().securityContext?.runAsGroup);
    // k8s/README.md creates the Secret from a file under the name the predictor reads.
    const readme = readFileSync(k8sPath('README.md'), 'utf8');
    expect(readme).toContain(`create secret generic ${volume?.secret?.secretName} --from-file=${basename(file)}=`);
  });

  it('has a NetworkPolicy for the predictor pods, on ingress and egress', () => {
    const p = policy();
    expect(selects(p.spec?.podSelector.matchLabels, deployment().spec?.template.metadata?.labels)).toBe(true);
    expect(p.spec?.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  it('admits the API port from caller namespaces only, the metrics port from Prometheus only, and nothing else', () => {
    const rules = policy().spec?.ingress ?? [];
    expect(rules.map((r) => ({ from: r.from, ports: r.ports }))).toEqual([
      { from: [CALLER_PEER], ports: [{ port: 'http', protocol: 'TCP' }] },
      { from: [PROMETHEUS_PEER], ports: [{ port: 'metrics', protocol: 'TCP' }] },
    ]);
    // Every admitted port is one the container has; the probes and the scrape use the Prometheus one.
    for (const rule of rules) for (const port of rule.ports ?? []) expect(containerPort(String(port.port))).toBeDefined();
    expect(container().readinessProbe?.httpGet?.port).toBe('metrics');
  });

  it('lets the predictor connect to DNS and Redis only', () => {
    expect(policy().spec?.egress?.map((r) => ({ to: r.to, ports: r.ports }))).toEqual([
      { to: [DNS_PEER], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
      { to: [REDIS_PEER], ports: [{ port: REDIS_PORT, protocol: 'TCP' }] },
    ]);
  });
});

describe('k8s/api-keys.example.json', () => {
  it('shows the format with placeholder hashes that no token can match', () => {
    const entries = JSON.parse(readFileSync(k8sPath('api-keys.example.json'), 'utf8')) as { name: string; sha256: string; roles: string[] }[];
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(Object.keys(e).sort()).toEqual(['name', 'roles', 'sha256']);
      // One hex digit 64 times: a SHA-256 no one can find a token for.
      expect(e.sha256).toMatch(/^([0-9a-f])\1{63}$/);
    }
    expect(new Set(entries.flatMap((e) => e.roles))).toEqual(new Set(['score', 'feedback', 'alert-reset']));
  });
});
