/**
 * `pnpm bench`: the predictor against a bare node:http server and a minimal Express handler,
 * each in its own process, driven by autocannon from this one; and the predictor with its feature
 * store on Redis (a redis-server of the round's own, AOF on) against the in-process store. Every
 * round starts the servers afresh and runs each case against each server in turn (the order
 * rotating from round to round) so that noise from the shared machine falls on all of them alike.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabelledTransaction } from '@fraudwatch/simulator';
import { startNodeApp, startRedisServer, type RedisServer, type RunningNodeApp } from '@fraudwatch/stack';
import { populateEverySeries, loadTransactions } from './fixtures.js';
import { measureLoad, type LoadOptions, type LoadResult, type MeasuredRunHooks, type RequestPlan } from './load.js';
import { machine } from './machine.js';
import { measureScrape } from './probes.js';
import { measureEventLoop, type EventLoopResult } from './event-loop.js';
import { peakRssMegabytes } from './proc-stats.js';
import { formatReport, summarise, type RoundResult } from './report.js';
import { serverLatencyRecorder, type ServerLatency } from './server-latency.js';
import { commandMicros, redisMemory, resetCommandStats } from './redis-usage.js';
import { allServerSpecs, BARE_HTTP, EXPRESS_MINIMAL, PREDICTOR, PREDICTOR_REDIS, redisPredictorSpec } from './servers.js';
import { benchDir, readSettings, type BenchSettings } from './settings.js';
import { batchPlan, idPasses, predictPlan, legacyPredictPlan } from './workload.js';

interface LoadCase {
  readonly name: string;
  readonly plan: RequestPlan;
  readonly servers: 'all' | readonly string[];
  /** Transactions per request (Redis CPU is reported per transaction). */
  readonly transactionsPerRequest: number;
  readonly options: LoadOptions;
}

const WITHOUT_REDIS = [BARE_HTTP, EXPRESS_MINIMAL, PREDICTOR];

function loadCases(settings: BenchSettings, transactions: readonly LabelledTransaction[]): LoadCase[] {
  // One id space for every plan: no request of the run repeats a transaction (see workload.ts).
  const passes = idPasses(transactions);
  const base: LoadOptions = {
    durationSeconds: settings.durationSeconds,
    warmupSeconds: settings.warmupSeconds,
    connections: settings.connections,
  };
  return [
    { name: 'predict', plan: predictPlan(transactions, passes), servers: 'all', transactionsPerRequest: 1, options: base },
    { name: 'legacy-predict', plan: legacyPredictPlan(transactions, passes), servers: WITHOUT_REDIS, transactionsPerRequest: 1, options: base },
    {
      name: 'fixed-rate',
      plan: predictPlan(transactions, passes),
      servers: WITHOUT_REDIS,
      transactionsPerRequest: 1,
      options: { ...base, overallRate: settings.fixedRate },
    },
    // autocannon paces each connection on its own timer: ten connections at a fixed rate send
    // small bursts, whose queueing lifts even bare-http's p99 (docs/benchmarks.md); one connection does not.
    {
      name: 'fixed-rate-1-connection',
      plan: predictPlan(transactions, passes),
      servers: WITHOUT_REDIS,
      transactionsPerRequest: 1,
      options: { ...base, connections: 1, overallRate: settings.fixedRate },
    },
    // A few connections keep the server busy with batches; more would only queue.
    {
      name: 'batch',
      plan: batchPlan(transactions, settings.batchSize, passes),
      servers: [PREDICTOR, PREDICTOR_REDIS],
      transactionsPerRequest: settings.batchSize,
      options: { ...base, connections: 4 },
    },
  ];
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

async function runRound(
  round: number,
  settings: BenchSettings,
  cases: readonly LoadCase[],
  transactions: readonly LabelledTransaction[],
): Promise<RoundResult> {
  const servers: RunningNodeApp[] = [];
  let redis: RedisServer | undefined;
  try {
    redis = await startRedisServer();
    for (const spec of [...allServerSpecs(), redisPredictorSpec(redis.url)]) servers.push(await startNodeApp(spec));
    const predictor = servers.find((s) => s.name === PREDICTOR)!;
    const load: Record<string, Record<string, LoadResult>> = {};
    const serverLatency: Record<string, ServerLatency> = {};
    const redisMicrosPerTransaction: Record<string, number> = {};
    for (const loadCase of cases) {
      const targets = rotate(loadCase.servers === 'all' ? servers : servers.filter((s) => loadCase.servers.includes(s.name)), round);
      const byServer: Record<string, LoadResult> = {};
      for (const server of targets) {
        console.error(`round ${round + 1}/${settings.rounds}: ${loadCase.name} on ${server.name}`);
        if (server.name === PREDICTOR_REDIS) {
          const { port } = redis;
          let micros = 0;
          const hooks: MeasuredRunHooks = {
            before: () => resetCommandStats(port),
            after: async () => {
              micros = await commandMicros(port);
            },
          };
          const result = await measureLoad(server, loadCase.plan, loadCase.options, hooks);
          byServer[server.name] = result;
          redisMicrosPerTransaction[loadCase.name] = micros / (result.completed * loadCase.transactionsPerRequest);
          continue;
        }
        if (server !== predictor) {
          byServer[server.name] = await measureLoad(server, loadCase.plan, loadCase.options);
          continue;
        }
        const { method, path } = loadCase.plan;
        const recorder = serverLatencyRecorder(server.url, { method, route: path, status_code: '200' });
        byServer[server.name] = await measureLoad(server, loadCase.plan, loadCase.options, recorder.hooks);
        serverLatency[loadCase.name] = recorder.result();
      }
      load[loadCase.name] = byServer;
    }
    await populateEverySeries(predictor.url, transactions);
    const scrape = await measureScrape(predictor, settings.scrapes);
    const eventLoop: EventLoopResult = await measureEventLoop(predictor.url, cases.find((c) => c.name === 'batch')!.plan, settings);
    const peakRssMb: Record<string, number> = {};
    for (const server of servers) peakRssMb[server.name] = await peakRssMegabytes(server.pid);
    const redisUsage = { microsPerTransaction: redisMicrosPerTransaction, memory: await redisMemory(redis.port, transactions) };
    return { load, serverLatency, scrape, eventLoop, peakRssMb, redis: redisUsage };
  } finally {
    for (const server of servers) await server.stop();
    await redis?.close();
  }
}

async function main(): Promise<void> {
  const settings = readSettings();
  const transactions = loadTransactions();
  const cases = loadCases(settings, transactions);
  const rounds: RoundResult[] = [];
  for (let round = 0; round < settings.rounds; round += 1) rounds.push(await runRound(round, settings, cases, transactions));
  const results = { date: new Date().toISOString(), machine: machine(), settings, summary: summarise(rounds, settings), rounds };
  console.log(formatReport(results.summary));
  const out = join(benchDir, 'results/latest.json');
  await mkdir(join(benchDir, 'results'), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nresults written to ${out}`);
}

await main();
