/**
 * A rough measurement, not a test: streams simulated transactions (1000-transaction batches,
 * labels fed back per batch) through the redis store on a fresh local redis-server, then reads
 * Redis' own CPU time per command (INFO commandstats) and the memory of the keys (MEMORY USAGE).
 * Run: pnpm --filter @fraudwatch/feature-store measure
 */
import { simulate, type SimulationOptions } from '@fraudwatch/simulator';
import { pollUntil, redisCli, startRedisServer } from '@fraudwatch/stack';
import { createRedisStore, scoreTransactions, type OnlineStore } from '../src/index.js';

const DELAY = 7;
const BATCH = 1000;

function commandStats(info: string): Map<string, { calls: number; usec: number }> {
  const stats = new Map<string, { calls: number; usec: number }>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) stats.set(match[1]!, { calls: Number(match[2]), usec: Number(match[3]) });
  return stats;
}

function cpuSeconds(info: string): number {
  const field = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

async function memoryUsage(port: number, pattern: string, sample: number): Promise<number> {
  const keys = (await redisCli(port, ['--scan', '--pattern', pattern])).split('\n').filter(Boolean).slice(0, sample);
  let total = 0;
  for (const key of keys) total += Number((await redisCli(port, ['memory', 'usage', key, 'samples', '0'])).trim());
  return total / keys.length;
}

async function stream(port: number, keyPrefix: string, simulation: Partial<SimulationOptions>): Promise<OnlineStore> {
  const store = createRedisStore({
    url: `redis://127.0.0.1:${port}`,
    clusterNodes: undefined,
    keyPrefix,
    timeoutMs: 2000,
    dedupTtlSeconds: 8 * 86_400,
    labelDelayDays: DELAY,
    alertCounter: { resetTerminalId: 13, mode: 'fraud' },
  });
  await pollUntil(async () => (await store.health(), true), { what: 'the store', timeoutMs: 10_000, intervalMs: 50 });
  const txs = [...simulate(simulation)];
  await redisCli(port, ['config', 'resetstat']);
  const cpuBefore = cpuSeconds(await redisCli(port, ['info', 'cpu']));
  const started = performance.now();
  for (let start = 0; start < txs.length; start += BATCH) {
    const batch = txs.slice(start, start + BATCH);
    await scoreTransactions(store, batch, DELAY, (f) => ({ probability: f[0]! > 220 ? 0.9 : 0.1, decision: f[0]! > 220 ? 'fraud' : 'legit' }));
    await store.applyLabels(batch.map((tx) => ({ ...tx, isFraud: tx.isFraud })));
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(await redisCli(port, ['info', 'cpu'])) - cpuBefore;
  const stats = commandStats(await redisCli(port, ['info', 'commandstats']));
  const total = [...stats.entries()].filter(([name]) => name !== 'info' && name !== 'config|resetstat');
  const usec = total.reduce((sum, [, s]) => sum + s.usec, 0);
  console.log(`${JSON.stringify(simulation)}: ${txs.length} transactions (+ as many labels) in ${seconds.toFixed(1)} s, ${(txs.length / seconds).toFixed(0)} tx/s scored and labelled by 1 client`);
  console.log(`  Redis CPU per transaction (lookup + commit + label), INFO cpu, network I/O included: ${((cpu * 1e6) / txs.length).toFixed(1)} µs`);
  // commandstats times are wall-clock: on a loaded machine a preempted command counts the wait too.
  console.log(`  Redis time per transaction in commands, INFO commandstats: ${(usec / txs.length).toFixed(1)} µs`);
  for (const [name, s] of total) console.log(`    ${name}: ${s.calls} calls, ${(s.usec / s.calls).toFixed(2)} µs/call, ${(s.usec / txs.length).toFixed(2)} µs/tx`);
  return store;
}

const server = await startRedisServer();
try {
  // The handbook's population over a few days: lookups and commits go in runs of ~80.
  await (await stream(server.port, 'cpu:', { customers: 5000, terminals: 10_000, days: 3, seed: 1 })).close();
  // Few enough entities that their 30-day rings fill within the stream.
  const store = await stream(server.port, 'fw:', { customers: 200, terminals: 400, days: 40, seed: 1 });
  console.log(`MEMORY USAGE per customer key: ${(await memoryUsage(server.port, 'fw:{c:*}', 50)).toFixed(0)} B`);
  console.log(`MEMORY USAGE per terminal key: ${(await memoryUsage(server.port, 'fw:{t:*}', 50)).toFixed(0)} B`);
  console.log(`MEMORY USAGE per prediction record: ${(await memoryUsage(server.port, 'fw:{c:*}:tx:*', 50)).toFixed(0)} B`);
  console.log(`MEMORY USAGE per label record: ${(await memoryUsage(server.port, 'fw:{t:*}:label:*', 50)).toFixed(0)} B`);
  console.log(`entity counts (HyperLogLog): ${JSON.stringify(await store.entityCounts())}`);
  await store.close();
} finally {
  await server.close();
}
