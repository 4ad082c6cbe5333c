/** The score-drift PSI: its value, its window, and that rejected requests do not move it. */
import { loadModel, type ScoreHistogram } from '@fraudwatch/model';
import { createRandom } from '@fraudwatch/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScoreDrift, MIN_DRIFT_SCORES } from '../src/drift.js';
import { amountModel, FRAUD_AMOUNT, LEGIT_AMOUNT, postJson, scrape, startPredictor, transaction, type TestPredictor } from './helpers.js';

const PSI = 'predictor_score_drift_psi';

/** `n` scores drawn from the histogram's proportions, uniform within each bucket (seeded). */
function sample({ edges, counts }: ScoreHistogram, n: number, seed: number): number[] {
  const random = createRandom(seed);
  const total = counts.reduce((a, b) => a + b, 0);
  return Array.from({ length: n }, () => {
    let u = random.next() * total;
    let bucket = 0;
    while (u >= counts[bucket]! && bucket < counts.length - 1) u -= counts[bucket++]!;
    return random.uniform(edges[bucket]!, edges[bucket + 1]!);
  });
}

describe('createScoreDrift', () => {
  const reference = loadModel().reference.scoreHistogram;
  const window = 5000;

  it('reports nothing until min(window, 500) scores were seen', () => {
    const drift = createScoreDrift({ reference, window });
    for (const s of sample(reference, MIN_DRIFT_SCORES - 1, 1)) drift.observe(s);
    expect(drift.psi()).toBeUndefined();
    drift.observe(0);
    expect(drift.psi()).toBeGreaterThanOrEqual(0);

    const small = createScoreDrift({ reference, window: 100 });
    for (const s of sample(reference, 99, 2)) small.observe(s);
    expect(small.psi()).toBeUndefined();
    small.observe(0);
    expect(small.psi()).toBeDefined();
  });

  it('is small for scores distributed as the reference', () => {
    const drift = createScoreDrift({ reference, window });
    for (const s of sample(reference, window, 3)) drift.observe(s);
    expect(drift.psi()).toBeLessThan(0.05);
  });

  it('is above 0.2 when a tenth of the scores are fraud-like', () => {
    const drift = createScoreDrift({ reference, window });
    const random = createRandom(4);
    for (const s of sample(reference, window, 5)) drift.observe(random.next() < 0.1 ? random.uniform(0.5, 1) : s);
    expect(drift.psi()).toBeGreaterThan(0.2);
  });

  it('is Σ (a − e) · ln(a / e) over the buckets', () => {
    const drift = createScoreDrift({ reference: { edges: [0, 0.5, 1], counts: [50, 50] }, window: 100 });
    for (let i = 0; i < 100; i++) drift.observe(i < 80 ? 0.1 : 0.9);
    expect(drift.psi()).toBeCloseTo((0.8 - 0.5) * Math.log(0.8 / 0.5) + (0.2 - 0.5) * Math.log(0.2 / 0.5), 12);
  });

  it('stays finite when a bucket is empty on either side', () => {
    const drift = createScoreDrift({ reference: { edges: [0, 0.5, 1], counts: [100, 0] }, window: 100 });
    for (let i = 0; i < 100; i++) drift.observe(0.9);
    expect(Number.isFinite(drift.psi())).toBe(true);
    expect(drift.psi()).toBeGreaterThan(0.2);
  });

  it('forgets scores that left the window', () => {
    const drift = createScoreDrift({ reference, window });
    for (let i = 0; i < window; i++) drift.observe(0.95);
    expect(drift.psi()).toBeGreaterThan(1);
    for (const s of sample(reference, window, 6)) drift.observe(s);
    expect(drift.psi()).toBeLessThan(0.05);
  });
});

describe('predictor_score_drift_psi', () => {
  const window = 100;
  let p: TestPredictor;
  beforeAll(async () => {
    p = await startPredictor({ env: { DRIFT_WINDOW: String(window) } });
  });
  afterAll(() => p.close());

  const batch = (n: number, amount: number) => ({ transactions: Array.from({ length: n }, () => transaction({ tx_amount: amount })) });
  const psiSamples = async () => (await scrape(p.url)).samples.filter((s) => s.name === PSI);

  it('appears once the window is full, as the PSI of the scores the predictor answered', async () => {
    const first = await postJson(`${p.url}/v1/predict/batch`, batch(window - 1, LEGIT_AMOUNT));
    const { predictions } = (await first.json()) as { predictions: { fraud_probability: number }[] };
    expect(await psiSamples()).toEqual([]);
    const last = (await (await postJson(`${p.url}/v1/predict`, transaction())).json()) as { fraud_probability: number };

    const direct = createScoreDrift({ reference: amountModel.reference.scoreHistogram, window });
    for (const { fraud_probability } of [...predictions, last]) direct.observe(fraud_probability);
    const [sample, ...others] = await psiSamples();
    expect(others).toEqual([]);
    expect(sample?.labels).toEqual({ model_version: amountModel.card.version });
    expect(sample?.value).toBeCloseTo(direct.psi() ?? Number.NaN, 9);
    expect(sample?.value).toBeLessThan(0.2);
  });

  it('is not moved by rejected requests, and is by a fraud-sized batch', async () => {
    const before = await psiSamples();
    const rejected = { transactions: [...batch(10, FRAUD_AMOUNT).transactions, transaction({ tx_amount: -1 })] };
    expect((await postJson(`${p.url}/v1/predict/batch`, rejected)).status).toBe(400);
    expect(await psiSamples()).toEqual(before);
    expect((await postJson(`${p.url}/v1/predict/batch`, batch(30, FRAUD_AMOUNT))).status).toBe(200);
    expect((await psiSamples())[0]?.value).toBeGreaterThan(0.2);
  });
});
