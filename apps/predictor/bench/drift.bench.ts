/**
 * Micro-benchmark: what score-drift monitoring adds to each score (observe: bucket search and ring
 * buffer) beside a baseline loop over the same scores, and what a scrape pays (psi: the sum over
 * the buckets), with the default artifact's reference and the default window. Also the heap growth
 * over the observe runs, which stays flat if observe allocates nothing.
 *
 *   pnpm --filter @fraudwatch/predictor bench
 */
import { loadModel } from '@fraudwatch/model';
import { createScoreDrift } from '../src/drift.js';

const RUNS = 7;
const CALLS = 5_000_000;
const SCRAPES = 100_000;

// Mostly low scores, a few high ones, as the reference has them; a power of two for cheap indexing.
const scores = Float64Array.from({ length: 4096 }, (_, i) => (i % 97 === 0 ? 0.7 : (i % 13) / 1300));
const drift = createScoreDrift({ reference: loadModel().reference.scoreHistogram, window: 5000 });

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median ns per call of `body` over RUNS runs of `calls` calls. */
function measure(calls: number, body: (i: number) => number): number {
  const samples: number[] = [];
  let sink = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) sink += body(i);
    samples.push(Number(process.hrtime.bigint() - start) / calls);
  }
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the loops from being optimised away');
  return median(samples);
}

const baseline = measure(CALLS, (i) => scores[i & 4095]!);
const heapBefore = process.memoryUsage().heapUsed;
const observe = measure(CALLS, (i) => {
  drift.observe(scores[i & 4095]!);
  return 0;
});
const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
const psi = measure(SCRAPES, () => drift.psi() ?? 0);

console.log(`observe: ${observe.toFixed(1)} ns per score (baseline loop ${baseline.toFixed(1)} ns)`);
console.log(`psi:     ${psi.toFixed(0)} ns per scrape (value ${drift.psi()?.toFixed(3)})`);
console.log(`heap growth over ${RUNS * CALLS} observe calls: ${(heapGrowth / 1024).toFixed(0)} KiB`);
