/**
 * Micro-benchmark of @fraudwatch/model: nanoseconds per transaction for the serving hot path
 * (features + record + predict with the default artifact), beside a baseline loop over the same
 * transactions and the feature step alone, measured in the same run; then the memory cost per
 * tracked entity.
 *
 *   pnpm --filter @fraudwatch/bench score
 */
import { createFeatureStore, loadModel, type Transaction } from '@fraudwatch/model';
import { simulate } from '@fraudwatch/simulator';

const RUNS = 7;
const DAYS = 20;

const txs: Transaction[] = [...simulate({ days: DAYS, seed: 1 })];
const model = loadModel();

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Runs `body` over all transactions RUNS times; returns the median ns per transaction. */
function measure(body: (txs: readonly Transaction[]) => number): number {
  const samples: number[] = [];
  let sink = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    sink += body(txs);
    samples.push(Number(process.hrtime.bigint() - start) / txs.length);
  }
  // Using the result keeps the JIT from dropping the work.
  if (Number.isNaN(sink)) console.log(sink);
  return median(samples);
}

const baseline = measure((list) => {
  let sum = 0;
  for (const tx of list) sum += tx.amount * tx.customerId;
  return sum;
});
const featuresOnly = measure((list) => {
  const store = createFeatureStore();
  let sum = 0;
  for (const tx of list) {
    sum += store.features(tx)[14]!;
    store.record(tx);
  }
  return sum;
});
const full = measure((list) => {
  const store = createFeatureStore();
  let sum = 0;
  for (const tx of list) {
    sum += model.predict(store.features(tx));
    store.record(tx);
  }
  return sum;
});

console.log(`${txs.length} transactions (${DAYS} simulated days, 5000 customers, 10000 terminals), median of ${RUNS} runs`);
console.log(`model: ${model.card.algorithm}, ${model.card.version}`);
console.table({
  'baseline loop': { 'ns/tx': baseline.toFixed(1) },
  'features + record': { 'ns/tx': featuresOnly.toFixed(1) },
  'features + record + predict': { 'ns/tx': full.toFixed(1) },
  'predict alone (difference)': { 'ns/tx': (full - featuresOnly).toFixed(1) },
});

/** Bytes per entity: memory growth while tracking `count` customers and as many terminals. */
function memoryPerEntity(count: number): { customer: number; terminal: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  const used = (): number => {
    gc?.();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const t = Date.UTC(2020, 0, 1, 12);
  const customers = createFeatureStore({ maxCustomers: count, maxTerminals: 1 });
  const before = used();
  for (let i = 0; i < count; i++) customers.record({ transactionId: i, time: t, customerId: i, terminalId: 0, amount: 1 });
  const customer = (used() - before) / count;
  const terminals = createFeatureStore({ maxCustomers: 1, maxTerminals: count });
  const middle = used();
  for (let i = 0; i < count; i++) terminals.record({ transactionId: i, time: t, customerId: 0, terminalId: i, amount: 1 });
  const terminal = (used() - middle) / count;
  // Keep both stores alive until measured.
  if (customers.size().customers + terminals.size().terminals !== 2 * count) throw new Error('store lost entities');
  return { customer, terminal };
}

const entities = 100_000;
const memory = memoryPerEntity(entities);
console.log(
  `memory per entity (${entities} tracked${(globalThis as { gc?: unknown }).gc ? ', after gc' : ', run with --expose-gc for exact figures'}): ` +
    `customer ${memory.customer.toFixed(0)} B, terminal ${memory.terminal.toFixed(0)} B`,
);
