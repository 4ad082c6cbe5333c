/**
 * The probes and the scrape path in the manifests must be routes the predictor really serves:
 * run the built predictor and call them.
 */
import { catalogue } from '@fraudwatch/metrics';
import { startNodeApp, type RunningNodeApp } from '@fraudwatch/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deployment, ServiceMonitor } from './models.js';
import { fileByFile, findOne } from './manifests.js';

const manifests = fileByFile();
const container = new Deployment(findOne(manifests, 'Deployment') as never).spec?.template.spec?.containers[0];
const serviceMonitor = new ServiceMonitor(findOne(manifests, 'ServiceMonitor') as never);

describe('the predictor serves what the manifests point at', () => {
  let predictor: RunningNodeApp;
  let base: string;

  beforeAll(async () => {
    // The container's own environment; startNodeApp swaps the port for a free one on loopback.
    // No drain delay: it exists for kube-proxy to catch up, and would only make each stop wait 5 s here.
    const env = { ...Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value ?? ''])), SHUTDOWN_DRAIN_DELAY_MS: '0' };
    predictor = await startNodeApp({ name: 'predictor', entry: import.meta.resolve('@fraudwatch/predictor/main'), env });
    base = predictor.url;
  }, 40_000);

  afterAll(async () => {
    await predictor?.stop();
  });

  it.each([
    ['liveness', () => container?.livenessProbe?.httpGet?.path],
    ['readiness', () => container?.readinessProbe?.httpGet?.path],
    ['startup', () => container?.startupProbe?.httpGet?.path],
  ])('%s probe path answers 200', async (_, path) => {
    const response = await fetch(`${base}${path() ?? '/missing-probe'}`);
    expect(response.status).toBe(200);
  });

  it('the ServiceMonitor path serves the catalogue metrics', async () => {
    const path = serviceMonitor.spec.endpoints?.[0]?.path ?? '/missing-path';
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain(`# TYPE ${catalogue.alertCounter.name} gauge`);
    expect(text).toContain(`# TYPE ${catalogue.ready.name} gauge`);
  });
});
