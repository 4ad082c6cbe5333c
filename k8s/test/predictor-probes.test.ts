/**
 * The probes and the scrape path in the manifests must be routes the predictor really serves, on
 * the ports they name: run the built predictor with the container's environment and call them,
 * its shared store a real redis-server on loopback in place of the in-cluster Service.
 */
import { catalogue } from '@fraudwatch/metrics';
import { freePort, startNodeApp, startRedisServer, type RedisServer, type RunningNodeApp } from '@fraudwatch/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deployment, ServiceMonitor } from './models.js';
import { fileByFile, findOne, k8sPath } from './manifests.js';

const manifests = fileByFile();
const container = new Deployment(findOne(manifests, 'Deployment') as never).spec?.template.spec?.containers[0];
const serviceMonitor = new ServiceMonitor(findOne(manifests, 'ServiceMonitor', 'fraudwatch-predictor') as never);

describe('the predictor serves what the manifests point at', () => {
  let predictor: RunningNodeApp;
  let redis: RedisServer;
  /** Base URL by container port name; startNodeApp chooses the `http` one. */
  const bases = new Map<string, string>();
  const base = (portName: unknown) => bases.get(String(portName)) ?? `no port named ${String(portName)}`;

  beforeAll(async () => {
    const metricsPort = await freePort();
    redis = await startRedisServer();
    // The container's own environment, with a free loopback port for each listener and the
    // example keys for the Secret. No drain delay: it exists for kube-proxy to catch up, and
    // would only make each stop wait 5 s here.
    const env = {
      ...Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value ?? ''])),
      METRICS_PORT: String(metricsPort),
      API_KEYS_FILE: k8sPath('api-keys.example.json'),
      REDIS_URL: redis.url,
      SHUTDOWN_DRAIN_DELAY_MS: '0',
    };
    predictor = await startNodeApp({ name: 'predictor', entry: import.meta.resolve('@fraudwatch/predictor/main'), env });
    bases.set('http', predictor.url).set('metrics', `http://127.0.0.1:${metricsPort}`);
  }, 40_000);

  afterAll(async () => {
    await predictor?.stop();
    await redis?.close();
  });

  it.each([
    ['liveness', () => container?.livenessProbe?.httpGet],
    ['readiness', () => container?.readinessProbe?.httpGet],
    ['startup', () => container?.startupProbe?.httpGet],
  ])('%s probe path answers 200 on its port', async (_, probe) => {
    const response = await fetch(`${base(probe()?.port)}${probe()?.path ?? '/missing-probe'}`);
    expect(response.status).toBe(200);
  });

  it('the ServiceMonitor port and path serve the catalogue metrics, and the API port does not', async () => {
    const endpoint = serviceMonitor.spec.endpoints?.[0];
    const path = endpoint?.path ?? '/missing-path';
    const response = await fetch(`${base(endpoint?.port)}${path}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain(`# TYPE ${catalogue.alertCounter.name} gauge`);
    expect(text).toContain(`# TYPE ${catalogue.ready.name} gauge`);
    expect((await fetch(`${base('http')}${path}`)).status).toBe(404);
  });

  it('uses the shared store the Deployment names', () => {
    expect(container?.env?.find((e) => e.name === 'FEATURE_STORE')?.value).toBe('redis');
  });

  it('turns the API keys on: a prediction without a key is refused', async () => {
    const response = await fetch(`${base('http')}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });
});
