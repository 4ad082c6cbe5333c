/** The operations listener: metrics and probes with no key, nothing of the API. */
import { catalogue } from '@fraudwatch/metrics';
import { createMemoryStore } from '@fraudwatch/feature-store';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScoreDrift } from '../src/drift.js';
import { createMetrics } from '../src/metrics.js';
import { createOperationsApp } from '../src/operations-app.js';
import { createReadiness, type Readiness } from '../src/readiness.js';
import { boundAddress, listen } from '../src/server.js';
import { amountModel } from './helpers.js';

let server: Server;
let url: string;
let readiness: Readiness;
beforeAll(async () => {
  const store = createMemoryStore({ maxTransactions: 10, alertCounter: { resetTerminalId: 13, mode: 'fraud' } });
  const drift = createScoreDrift({ reference: amountModel.reference.scoreHistogram, window: 100 });
  readiness = createReadiness({ storeHealth: () => store.health(), healthCacheMs: 0 });
  const metrics = createMetrics({ card: amountModel.card, featureStore: store, isReady: () => readiness.isReady(), scoreDrift: drift, defaultMetrics: false });
  server = await listen(createOperationsApp({ readiness, metrics, logger: pino({ level: 'silent' }) }), 0, '127.0.0.1');
  url = `http://127.0.0.1:${boundAddress(server).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the operations app', () => {
  it('reports the readiness it is given on /readyz, and liveness on /healthz', async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    readiness.markReady();
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('serves the catalogue on /metrics, counting its own requests', async () => {
    await fetch(`${url}/healthz`);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-powered-by')).toBeNull();
    const text = await res.text();
    expect(text).toContain(`# TYPE ${catalogue.alertCounterResetsRefused.name} counter`);
    expect(text).toMatch(new RegExp(`${catalogue.httpRequests.name}\\{method="GET",route="/healthz",status_code="200"\\} [1-9]`));
  });

  it.each([
    ['POST', '/v1/predict'],
    ['GET', '/predict'],
    ['GET', '/v1/model'],
  ])('does not serve the API: %s %s is a 404', async (method, path) => {
    const res = await fetch(`${url}${path}`, { method });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ details: [{ field: 'path' }] });
  });
});
