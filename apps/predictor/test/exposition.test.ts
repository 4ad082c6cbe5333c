/** /metrics exposes the catalogue exactly (names, types, label names) and keeps labels bounded. */
import { UNMATCHED_ROUTE, catalogue, nodeDefaultMetrics } from '@fraudwatch/metrics';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { valueOf, type Exposition } from '@fraudwatch/metrics/testing';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { createPredictor, type PredictorDeps } from '../src/predictor.js';
import { amountModel, postJson, scrape, startPredictor, transaction, type TestPredictor } from './helpers.js';

let p: TestPredictor;
const DRIFT_WINDOW = 100;
beforeAll(async () => {
  p = await startPredictor({ env: { DRIFT_WINDOW: String(DRIFT_WINDOW) }, defaultMetrics: true });
  // A full drift window, so predictor_score_drift_psi has its series too.
  const transactions = Array.from({ length: DRIFT_WINDOW }, () => transaction());
  expect((await postJson(`${p.url}/v1/predict/batch`, { transactions })).status).toBe(200);
});
afterAll(() => p.close());

function labelSets(exposition: Exposition, name: string): string[][] {
  return exposition.samples.filter((s) => s.name === name).map((s) => Object.keys(s.labels).sort());
}

describe('exposition', () => {
  it.each(Object.values(catalogue))('has $name with its type and label names', async (def) => {
    // One scored request, so the HTTP metrics have series too.
    await postJson(`${p.url}/v1/predict`, transaction());
    const exposition = await scrape(p.url);
    expect(exposition.types.get(def.name)).toBe(def.type);
    const expected = [...def.labelNames].sort();
    const series = def.type === 'histogram' ? [`${def.name}_sum`, `${def.name}_count`] : [def.name];
    for (const name of series) {
      const sets = labelSets(exposition, name);
      expect(sets.length, name).toBeGreaterThan(0);
      for (const set of sets) expect(set).toEqual(expected);
    }
    if (def.type === 'histogram') {
      for (const set of labelSets(exposition, `${def.name}_bucket`)) expect(set).toEqual([...expected, 'le'].sort());
      const les = exposition.samples.filter((s) => s.name === `${def.name}_bucket`).map((s) => s.labels.le);
      expect(new Set(les)).toEqual(new Set([...(def.buckets ?? []).map(String), '+Inf']));
    }
  });

  it('has Node default metrics', async () => {
    const exposition = await scrape(p.url);
    for (const def of nodeDefaultMetrics) expect(exposition.types.get(def.name), def.name).toBe(def.type);
  });

  it('has them by default (as the service runs), and none when they are turned off', async () => {
    const deps: PredictorDeps = { logger: pino({ level: 'silent' }), now: Date.now };
    const names = async (d: PredictorDeps) => {
      const { registry } = await createPredictor(loadConfig({}), amountModel, d);
      return (await registry.getMetricsAsJSON()).map((x) => x.name);
    };
    expect(await names(deps)).toContain('nodejs_version_info');
    expect((await names({ ...deps, defaultMetrics: false })).filter((n) => /^(nodejs|process)_/.test(n))).toEqual([]);
  });

  it('describes the loaded model and the feature store size', async () => {
    await postJson(`${p.url}/v1/predict`, transaction({ customer_id: 770_001, terminal_id: 770_002 }));
    const exposition = await scrape(p.url);
    expect(
      valueOf(exposition, 'predictor_model_info', {
        model_name: 'amount-rule',
        model_version: 'test-1',
        trained_at: '2026-01-01T00:00:00.000Z',
      }),
    ).toBe(1);
    const size = await p.store.entityCounts();
    expect(valueOf(exposition, 'predictor_feature_store_entities', { kind: 'customer' })).toBe(size.customers);
    expect(valueOf(exposition, 'predictor_feature_store_entities', { kind: 'terminal' })).toBe(size.terminals);
  });

  it('labels requests with the route template', async () => {
    await fetch(`${p.url}/predict?tranaction_id=1`);
    const exposition = await scrape(p.url);
    expect(
      valueOf(exposition, 'predictor_http_requests_total', { method: 'GET', route: '/predict', status_code: '400' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('keeps the route label set bounded under 2000 random unknown paths', async () => {
    // The letter first: URLs normalise '.' and '..' segments away, which could land on a real route.
    const segment = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._~%-]{0,11}$/);
    const paths = fc.sample(fc.array(segment, { minLength: 1, maxLength: 4 }), { numRuns: 2000, seed: 7 });
    const methods = ['GET', 'POST', 'DELETE'];
    // Bounded concurrency: 20 requests at a time, 2000 in all.
    for (let i = 0; i < paths.length; i += 20) {
      await Promise.all(
        paths.slice(i, i + 20).map(async (segments, j) => {
          const res = await fetch(`${p.url}/x/${segments.join('/')}`, { method: methods[(i + j) % methods.length] });
          await res.arrayBuffer();
        }),
      );
    }
    const exposition = await scrape(p.url);
    const routes = new Set(
      exposition.samples.filter((s) => s.name === 'predictor_http_requests_total').map((s) => s.labels.route),
    );
    const known = ['/v1/predict', '/v1/predict/batch', '/v1/feedback', '/predict', '/', '/healthz', '/readyz', '/v1/model', '/metrics'];
    expect([...routes].every((r) => r === UNMATCHED_ROUTE || known.includes(r!))).toBe(true);
    const unmatched = exposition.samples
      .filter((s) => s.name === 'predictor_http_requests_total' && s.labels.route === UNMATCHED_ROUTE)
      .reduce((sum, s) => sum + s.value, 0);
    expect(unmatched).toBeGreaterThanOrEqual(2000);
    const series = exposition.samples.filter((s) => s.name === 'predictor_http_requests_total').length;
    expect(series).toBeLessThan(30);
  }, 60_000);
});
