/**
 * The feature store alone, no HTTP: 1,000-transaction batches through `scoreTransactions` on the
 * memory store and on the redis store (a redis-server of its own on loopback, AOF on), alternating,
 * in the same run; transactions per second, this process' CPU per transaction, and Redis' time per
 * transaction by command (INFO commandstats, reset before each redis run). `decide` is a cheap
 * stand-in for the model, so the figures are the store's own cost.
 *
 *   pnpm --filter @fraudwatch/bench feature-store   (not `store`: pnpm has a command of that name)
 */
import { performance } from 'node:perf_hooks';
import { createMemoryStore, createRedisStore, scoreTransactions, type AlertCounterRules, type OnlineStore, type StoredPrediction } from '@fraudwatch/feature-store';
import { DAY_MS, type Transaction } from '@fraudwatch/model';
import { pollUntil, startRedisServer } from '@fraudwatch/stack';
import { loadTransactions } from './fixtures.js';
import { commandMicrosByCommand, resetCommandStats } from './redis-usage.js';
import { positiveNumber } from './settings.js';
import { median } from './stats.js';

const RUNS = positiveNumber('STORE_RUNS', 5);
const TRANSACTIONS = positiveNumber('STORE_TRANSACTIONS', 30_000);
const BATCH = 1000;
const LABEL_DELAY_DAYS = 7;
const RULES: AlertCounterRules = { resetTerminalId: 13, mode: 'fraud' };

const txs = loadTransactions(TRANSACTIONS);
const decide = (features: Float64Array): StoredPrediction => ({ probability: features[0]! / 1e4, decision: 'legit' });

interface RunResult {
  readonly txPerSecond: number;
  readonly cpuMicrosPerTx: number;
}

// Each pass is the stream's next days, as live traffic is: every entity's ring moves to a new day,
// which costs Redis more than a transaction on a day already recorded (STORE_REPEAT_DAYS=1 replays
// the same days each pass, the cheaper case).
const repeatDays = process.env.STORE_REPEAT_DAYS === '1';
const times = txs.map((tx) => tx.time);
const daySpanMs = (Math.floor((Math.max(...times) - Math.min(...times)) / DAY_MS) + 1) * DAY_MS;

/** Scores every transaction in batches, ids (and days) shifted by `pass` so that none was recorded before. */
async function scoreAll(store: OnlineStore, pass: number): Promise<RunResult> {
  const shift = repeatDays ? 0 : pass * daySpanMs;
  const shifted: Transaction[] = txs.map((tx) => ({ ...tx, transactionId: tx.transactionId + pass * TRANSACTIONS, time: tx.time + shift }));
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < shifted.length; i += BATCH) await scoreTransactions(store, shifted.slice(i, i + BATCH), LABEL_DELAY_DAYS, decide);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { txPerSecond: shifted.length / seconds, cpuMicrosPerTx: (used.user + used.system) / shifted.length };
}

/** Microseconds per transaction by command since the last reset; a function's inner commands are also inside fcall's. */
async function commandMicrosPerTx(port: number): Promise<Record<string, number>> {
  const byCommand = Object.entries(await commandMicrosByCommand(port)).filter(([name]) => name !== 'config|resetstat');
  return Object.fromEntries(byCommand.map(([name, micros]) => [name, micros / TRANSACTIONS]));
}

const redis = await startRedisServer();
try {
  const memory = createMemoryStore({ maxTransactions: 100_000, alertCounter: RULES });
  const shared = createRedisStore({
    url: redis.url,
    clusterNodes: undefined,
    keyPrefix: 'bench:',
    timeoutMs: 10_000,
    dedupTtlSeconds: 8 * DAY_MS / 1000,
    labelDelayDays: LABEL_DELAY_DAYS,
    alertCounter: RULES,
  });
  await pollUntil(async () => (await shared.health(), true), { what: 'the redis store to be healthy', timeoutMs: 15_000, intervalMs: 50 });
  // A first pass fills both stores: the runs then measure entities that already have state.
  await scoreAll(memory, 0);
  await scoreAll(shared, 0);
  const runs: { memory: RunResult; redis: RunResult; commands: Record<string, number> }[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const onMemory = await scoreAll(memory, run);
    await resetCommandStats(redis.port);
    const onRedis = await scoreAll(shared, run);
    runs.push({ memory: onMemory, redis: onRedis, commands: await commandMicrosPerTx(redis.port) });
  }
  await shared.close();

  const med = (pick: (r: (typeof runs)[number]) => number): number => median(runs.map(pick));
  const days = repeatDays ? 'the same days each run' : `${daySpanMs / DAY_MS} new days each run`;
  console.log(`${TRANSACTIONS} simulated transactions (${days}) in batches of ${BATCH}, median of ${RUNS} runs, memory and redis alternating`);
  console.table({
    memory: { 'tx/s': Math.round(med((r) => r.memory.txPerSecond)), 'client CPU µs/tx': med((r) => r.memory.cpuMicrosPerTx).toFixed(1) },
    redis: { 'tx/s': Math.round(med((r) => r.redis.txPerSecond)), 'client CPU µs/tx': med((r) => r.redis.cpuMicrosPerTx).toFixed(1) },
  });
  console.log(`redis / memory, tx/s: ${(med((r) => r.redis.txPerSecond / r.memory.txPerSecond)).toFixed(2)}x`);
  const commands = Object.keys(runs[0]!.commands).sort();
  console.log('Redis µs per transaction by command (INFO commandstats; fcall includes the commands it calls):');
  console.table(Object.fromEntries(commands.map((name) => [name, { 'µs/tx': med((r) => r.commands[name] ?? 0).toFixed(2) }])));
} finally {
  await redis.close();
}
