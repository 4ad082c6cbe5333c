/**
 * The shared feature store: one Valkey server in a StatefulSet with its append-only file on a
 * PersistentVolumeClaim, redis_exporter beside it, the Services and the ServiceMonitor that reach
 * them, the NetworkPolicy that admits only the predictors and Prometheus, and the predictors'
 * configuration pointing at it. Cross-checks of names, ports and selectors, on both views.
 */
import { describe, expect, it } from 'vitest';
import { LOCKED_DOWN_CONTAINER, PROMETHEUS_PEER, findAll, findOne, manifestSets, podSpecOf, selects } from './manifests.js';
import { Deployment, NetworkPolicy, Service, ServiceMonitor, StatefulSet } from './models.js';

const REDIS_PORT = 6379;

/** A flag's value in a server's argument list (`--name value`). */
function flag(args: readonly string[] | undefined, name: string): string | undefined {
  const i = (args ?? []).indexOf(`--${name}`);
  return i < 0 ? undefined : args?.[i + 1];
}

/** Bytes of a Kubernetes quantity (`1Gi`) or a Redis memory size (`600mb`). */
function bytes(size: string): number {
  const units: Record<string, number> = { '': 1, kb: 1e3, mb: 1e6, gb: 1e9, ki: 2 ** 10, mi: 2 ** 20, gi: 2 ** 30 };
  const match = /^(\d+)([a-z]*)$/i.exec(size);
  const unit = units[match?.[2]?.toLowerCase() ?? 'none'];
  if (!match || unit === undefined) throw new Error(`not a size: ${size}`);
  return Number(match[1]) * unit;
}

describe.each(manifestSets())('the Redis feature store ($name)', ({ load: set }) => {
  const statefulSet = () => new StatefulSet(findOne(set(), 'StatefulSet', 'fraudwatch-redis') as never);
  const podSpec = () => podSpecOf(statefulSet());
  const podLabels = () => statefulSet().spec?.template.metadata?.labels;
  const container = (name: string) => {
    const c = podSpec().containers.find((x) => x.name === name);
    if (c === undefined) throw new Error(`no container ${name}`);
    return c;
  };
  const server = () => container('redis');
  const exporter = () => container('metrics');
  const containerPort = (c: ReturnType<typeof container>, name: string) => c.ports?.find((p) => p.name === name)?.containerPort;
  const service = (name: string) => new Service(findOne(set(), 'Service', name) as never);
  const redisServices = () => findAll(set(), 'Service').map((s) => new Service(s as never)).filter((s) => selects(s.spec?.selector, podLabels()));
  const predictorPod = () => new Deployment(findOne(set(), 'Deployment', 'fraudwatch-predictor') as never).spec?.template;

  it('runs one server from a pinned Valkey image, with a pinned redis_exporter beside it', () => {
    expect(statefulSet().spec?.replicas).toBe(1);
    expect(server().image).toMatch(/^valkey\/valkey:\d+\.\d+\.\d+$/);
    expect(server().command).toEqual(['valkey-server']);
    expect(exporter().image).toMatch(/^oliver006\/redis_exporter:v\d+\.\d+\.\d+$/);
  });

  it('keeps its data on a ReadWriteOnce claim from volumeClaimTemplates, mounted where the server writes', () => {
    const [claim, ...others] = statefulSet().spec?.volumeClaimTemplates ?? [];
    expect(others).toEqual([]);
    expect(claim?.spec?.accessModes).toEqual(['ReadWriteOnce']);
    expect(bytes(String(claim?.spec?.resources?.requests?.['storage']))).toBeGreaterThan(0);
    const mount = server().volumeMounts?.find((m) => m.name === claim?.metadata?.name);
    expect(mount?.mountPath).toBe(flag(server().args, 'dir'));
    // Nothing else is writable: the root filesystem is read-only.
    expect(podSpec().volumes ?? []).toEqual([]);
  });

  it('logs every write to the append-only file, fsynced every second, and refuses writes rather than evict', () => {
    const args = server().args;
    expect(flag(args, 'appendonly')).toBe('yes');
    expect(flag(args, 'appendfsync')).toBe('everysec');
    expect(flag(args, 'maxmemory-policy')).toBe('noeviction');
    // maxmemory leaves room under the limit for an AOF rewrite's copy-on-write pages.
    const limit = bytes(String(server().resources?.limits?.['memory']));
    expect(bytes(flag(args, 'maxmemory') ?? '')).toBeLessThanOrEqual(0.6 * limit);
  });

  it("listens on its named port 6379, where the predictors' NetworkPolicy lets them reach its pods", () => {
    expect(containerPort(server(), 'redis')).toBe(REDIS_PORT);
    expect(flag(server().args, 'port')).toBe(String(REDIS_PORT));
    const predictorPolicy = new NetworkPolicy(findOne(set(), 'NetworkPolicy', 'fraudwatch-predictor') as never);
    const toRedis = predictorPolicy.spec?.egress?.filter((rule) =>
      rule.to?.some((peer) => peer.namespaceSelector === undefined && selects(peer.podSelector?.matchLabels, podLabels())),
    );
    expect(toRedis?.flatMap((rule) => rule.ports ?? [])).toEqual([{ port: REDIS_PORT, protocol: 'TCP' }]);
  });

  it('pings that port: alive while loading its data, ready only once it answers PONG', () => {
    const live = server().livenessProbe?.exec?.command?.join(' ') ?? '';
    const ready = server().readinessProbe?.exec?.command?.join(' ') ?? '';
    for (const probe of [live, ready]) expect(probe).toContain(`valkey-cli -p ${REDIS_PORT} ping`);
    expect(live).toMatch(/PONG\|LOADING/);
    expect(ready).toMatch(/= PONG$/);
  });

  it('has the exporter read the server over loopback and serve its named port, probed there', () => {
    const args = exporter().args ?? [];
    expect(args).toContain(`--redis.addr=redis://127.0.0.1:${containerPort(server(), 'redis')}`);
    expect(args).toContain(`--web.listen-address=:${containerPort(exporter(), 'metrics')}`);
    expect(exporter().livenessProbe?.httpGet).toMatchObject({ path: '/health', port: 'metrics' });
  });

  it('locks the pod and both containers down', () => {
    const spec = podSpec();
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.securityContext?.runAsUser).toBeGreaterThan(0);
    // The volume is writable to the server's group.
    expect(spec.securityContext?.fsGroup).toBe(spec.securityContext?.runAsGroup);
    expect(spec.automountServiceAccountToken).toBe(false);
    for (const c of spec.containers) expect(c.securityContext, c.name).toEqual(LOCKED_DOWN_CONTAINER);
  });

  it('requests CPU and memory in both containers and caps their memory', () => {
    for (const c of podSpec().containers) {
      expect(c.resources?.requests, c.name).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      expect(c.resources?.limits?.['memory'], c.name).toBeDefined();
    }
  });

  it('selects its pods from the StatefulSet and three Services, the headless one governing the StatefulSet', () => {
    expect(selects(statefulSet().spec?.selector.matchLabels, podLabels())).toBe(true);
    expect(redisServices().map((s) => s.metadata?.name).sort()).toEqual([
      'fraudwatch-redis',
      'fraudwatch-redis-headless',
      'fraudwatch-redis-metrics',
    ]);
    const headless = service(statefulSet().spec?.serviceName ?? '');
    expect(headless.spec?.clusterIP).toBe('None');
    expect(headless.spec?.publishNotReadyAddresses).toBe(true);
    // Every Service port targets a named port of a container of the pod.
    const names = podSpec().containers.flatMap((c) => c.ports?.map((p) => p.name) ?? []);
    for (const s of redisServices()) for (const p of s.spec?.ports ?? []) expect(names, `${s.metadata?.name} ${p.name}`).toContain(p.targetPort);
  });

  it('points the predictors at the client Service on the Redis port', () => {
    const env = Object.fromEntries((predictorPod()?.spec?.containers[0]?.env ?? []).map((e) => [e.name, e.value]));
    expect(env['FEATURE_STORE']).toBe('redis');
    const url = new URL(env['REDIS_URL'] ?? '');
    expect(url.protocol).toBe('redis:');
    const client = service(url.hostname);
    expect(client.spec?.clusterIP).toBeUndefined();
    const port = client.spec?.ports?.find((p) => p.port === Number(url.port));
    expect(port?.targetPort).toBe('redis');
  });

  it("has a ServiceMonitor for kube-prometheus-stack selecting the exporter's Service alone, on its metrics port", () => {
    const sm = new ServiceMonitor(findOne(set(), 'ServiceMonitor', 'fraudwatch-redis') as never);
    expect(sm.metadata?.labels?.['release']).toBe('monitoring');
    const selected = findAll(set(), 'Service').filter((s) => selects(sm.spec.selector.matchLabels, s.metadata.labels));
    expect(selected.map((s) => s.metadata.name)).toEqual(['fraudwatch-redis-metrics']);
    const ports = service('fraudwatch-redis-metrics').spec?.ports ?? [];
    expect(sm.spec.endpoints?.map((e) => e.port)).toEqual(['metrics']);
    expect(sm.spec.endpoints?.[0]?.path).toBe('/metrics');
    expect(ports.find((p) => p.name === 'metrics')?.targetPort).toBe(exporter().ports?.[0]?.name);
  });

  it('admits only the predictors on the Redis port and Prometheus on the exporter port, and opens no connection', () => {
    const policy = new NetworkPolicy(findOne(set(), 'NetworkPolicy', 'fraudwatch-redis') as never);
    expect(selects(policy.spec?.podSelector.matchLabels, podLabels())).toBe(true);
    expect(policy.spec?.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec?.egress).toEqual([]);
    const [fromPredictors, fromPrometheus, ...others] = policy.spec?.ingress ?? [];
    expect(others).toEqual([]);
    expect(fromPredictors?.from).toHaveLength(1);
    expect(selects(fromPredictors?.from?.[0]?.podSelector?.matchLabels, predictorPod()?.metadata?.labels)).toBe(true);
    expect(fromPredictors?.ports).toEqual([{ port: 'redis', protocol: 'TCP' }]);
    expect(fromPrometheus?.from).toEqual([PROMETHEUS_PEER]);
    expect(fromPrometheus?.ports).toEqual([{ port: 'metrics', protocol: 'TCP' }]);
    // Named ports resolve on the selected pods' containers.
    expect(containerPort(server(), 'redis')).toBeDefined();
    expect(containerPort(exporter(), 'metrics')).toBeDefined();
  });
});
