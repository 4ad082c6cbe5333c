/**
 * Each scenario against the real predictor: it sends what it claims, and the summary says so.
 * Runs are bounded by amount (or by a short duration) and finish on their own.
 */
import { catalogue } from '@fraudwatch/metrics';
import { startNodeApp } from '@fraudwatch/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, type RunOptions } from '../src/run.js';
import { createScenario, simulatedStream, type ScenarioName } from '../src/scenarios/index.js';
import { LABELS_PER_REQUEST } from '../src/scenarios/feedback.js';
import type { RunSummary } from '../src/summary.js';
import { readMetric } from './helpers/metrics-text.js';
import { predictorForThisFile } from './helpers/predictor.js';

const SEED = 7;
const predictor = predictorForThisFile();
/** The predictor's URL. */
const target = (): URL => new URL(predictor().url);

let runs = 0;

/**
 * Each run sends transactions of its own (another id base, as each drill does): the predictor
 * answers a transaction it has already scored with its first answer and counts nothing again.
 */
function run(name: ScenarioName, bound: Partial<RunOptions>): Promise<RunSummary> {
  runs += 1;
  return runScenario({
    targets: [target()],
    scenario: createScenario(name, { stream: simulatedStream(SEED, runs * 2 ** 22), seed: SEED, fraudShare: 0.5, resetTerminalId: 13 }),
    seed: SEED,
    connections: 4,
    durationSeconds: 10,
    progress: 'none',
    output: process.stderr,
    ...bound,
  });
}

const fraudShare = (s: RunSummary): number => s.fraudDecisions / (s.fraudDecisions + s.legitDecisions);

describe('scenarios against the real predictor', () => {
  /** A 400-request baseline run, shared: its own test checks it, and the burst is compared with it. */
  let baseline: RunSummary;
  let predictionsBefore: number;
  let predictionsAfter: number;
  beforeAll(async () => {
    predictionsBefore = await readMetric(target(), catalogue.predictions.name);
    baseline = await run('baseline', { amount: 400 });
    predictionsAfter = await readMetric(target(), catalogue.predictions.name);
  });

  it('baseline scores simulated transactions and summarises the run', () => {
    expect(predictionsAfter).toBe(predictionsBefore + 400);
    expect(baseline).toMatchObject({ scenario: 'baseline', seed: SEED, target: target().href, requests: 400 });
    expect(baseline.statusCodes).toEqual({ '200': 400 });
    expect([baseline.errors, baseline.timeouts, baseline.non2xx]).toEqual([0, 0, 0]);
    expect(baseline.fraudDecisions + baseline.legitDecisions).toBe(400);
    expect(baseline.durationSeconds).toBeGreaterThan(0);
    expect(baseline.requestsPerSecond).toBeGreaterThan(0);
    const { p50, p90, p99 } = baseline.latencyMs;
    expect(p50).toBeGreaterThanOrEqual(0);
    expect(p90).toBeGreaterThanOrEqual(p50);
    expect(p99).toBeGreaterThanOrEqual(p90);
  });

  it('fraud-burst feeds terminal-risk history, then makes the model flag a far larger share than baseline', async () => {
    const feedbackBefore = await readMetric(target(), catalogue.feedback.name);
    const burst = await run('fraud-burst', { amount: 400 });

    // The history: 3 compromised terminals x 8 labelled frauds, posted before the burst.
    expect(await readMetric(target(), catalogue.feedback.name)).toBe(feedbackBefore + 24);
    expect(burst.statusCodes).toEqual({ '200': 400 });
    expect(fraudShare(burst)).toBeGreaterThan(0.25);
    expect(fraudShare(burst)).toBeGreaterThan(5 * Math.max(fraudShare(baseline), 0.01));
    expect(await readMetric(target(), catalogue.alertCounter.name)).toBeGreaterThan(5);
  });

  it('reset sends one transaction at terminal 13 and brings alert_counter to 0', async () => {
    // A short burst first, so there is a count to reset whatever ran before.
    await run('fraud-burst', { amount: 40 });
    expect(await readMetric(target(), catalogue.alertCounter.name)).toBeGreaterThan(0);
    const resetsBefore = await readMetric(target(), catalogue.alertCounterResets.name);
    const reset = await run('reset', {});

    expect(reset.statusCodes).toEqual({ '200': 1 });
    expect(await readMetric(target(), catalogue.alertCounter.name)).toBe(0);
    expect(await readMetric(target(), catalogue.alertCounterResets.name)).toBe(resetsBefore + 1);
  });

  it('legacy hits the legacy GET /predict and reads its decisions', async () => {
    const route = { method: 'GET', route: '/predict', status_code: '200' };
    const before = await readMetric(target(), catalogue.httpRequests.name, route);
    const legacy = await run('legacy', { amount: 50 });

    expect(await readMetric(target(), catalogue.httpRequests.name, route)).toBe(before + 50);
    expect(legacy.statusCodes).toEqual({ '200': 50 });
    expect(legacy.fraudDecisions + legacy.legitDecisions).toBe(50);
  });

  it('feedback posts batches of labels and gets 202s', async () => {
    const before = await readMetric(target(), catalogue.feedback.name);
    const feedback = await run('feedback', { amount: 3 });

    expect(feedback.statusCodes).toEqual({ '202': 3 });
    expect(await readMetric(target(), catalogue.feedback.name)).toBe(before + 3 * LABELS_PER_REQUEST);
    expect(feedback.fraudDecisions + feedback.legitDecisions).toBe(0);
  });

  it('spreads a run over several targets', async () => {
    const other = await startNodeApp({ name: 'predictor-2', entry: import.meta.resolve('@fraudwatch/predictor/main') });
    try {
      const targets = [target(), new URL(other.url)];
      const before = await Promise.all(targets.map((t) => readMetric(t, catalogue.predictions.name)));
      const spread = await run('baseline', { targets, amount: 40, connections: 2 });
      const after = await Promise.all(targets.map((t) => readMetric(t, catalogue.predictions.name)));
      const scored = after.map((n, i) => n - before[i]!);

      expect(spread.target).toBe(targets.map((t) => t.href).join(','));
      expect(spread.statusCodes).toEqual({ '200': 40 });
      expect(scored[0]! + scored[1]!).toBe(40);
      for (const n of scored) expect(n).toBeGreaterThan(0);
    } finally {
      await other.stop();
    }
  });

  it('a run bounded by duration stops by itself, within the rate', async () => {
    const timed = await run('baseline', { durationSeconds: 1, rate: 40 });

    expect(timed.durationSeconds).toBeGreaterThanOrEqual(0.9);
    expect(timed.durationSeconds).toBeLessThan(5);
    expect(timed.requests).toBeGreaterThan(0);
    // 40/s for about a second (autocannon's rate window may let one more second's worth through).
    expect(timed.requests).toBeLessThanOrEqual(80);
  });

  it('an aborted run stops early and still summarises what it sent', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const stopped = await run('baseline', { durationSeconds: 30, rate: 50, signal: abort.signal });

    expect(stopped.durationSeconds).toBeLessThan(5);
    expect(stopped.errors).toBe(0);
  });
});
