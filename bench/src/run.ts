/**
 * `pnpm bench`: the predictor against a bare node:http server and a minimal Express handler,
 * each in its own process, driven by autocannon from this one. Every round starts the three
 * servers afresh and runs each case against each server in turn (the order rotating from
 * round to round) so that noise from the shared machine falls on all of them alike.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabelledTransaction } from '@fraudwatch/simulator';
import { startNodeApp, type RunningNodeApp } from '@fraudwatch/stack';
import { populateEverySeries, loadTransactions } from './fixtures.js';
import { measureLoad, type LoadOptions, type LoadResult, type RequestPlan } from './load.js';
import { machine } from './machine.js';
import { measureScrape } from './probes.js';
import { measureEventLoop, type EventLoopResult } from './event-loop.js';
import { peakRssMegabytes } from './proc-stats.js';
import { formatReport, summarise, type RoundResult } from './report.js';
import { serverLatencyRecorder, type ServerLatency } from './server-latency.js';
import { allServerSpecs, PREDICTOR } from './servers.js';
import { benchDir, readSettings, type BenchSettings } from './settings.js';
import { batchPlan, predictPlan, legacyPredictPlan } from './workload.js';

interface LoadCase {
  readonly name: string;
  readonly plan: RequestPlan;
  readonly servers: 'all' | 'predictor';
  readonly options: LoadOptions;
}

function loadCases(settings: BenchSettings, transactions: readonly LabelledTransaction[]): LoadCase[] {
  const base: LoadOptions = {
    durationSeconds: settings.durationSeconds,
    warmupSeconds: settings.warmupSeconds,
    connections: settings.connections,
  };
  return [
    { name: 'predict', plan: predictPlan(transactions), servers: 'all', options: base },
    { name: 'legacy-predict', plan: legacyPredictPlan(transactions), servers: 'all', options: base },
    { name: 'fixed-rate', plan: predictPlan(transactions), servers: 'all', options: { ...base, overallRate: settings.fixedRate } },
    // autocannon paces each connection on its own timer: ten connections at a fixed rate send
    // small bursts, whose queueing lifts even bare-http's p99 (docs/benchmarks.md); one connection does not.
    {
      name: 'fixed-rate-1-connection',
      plan: predictPlan(transactions),
      servers: 'all',
      options: { ...base, connections: 1, overallRate: settings.fixedRate },
    },
    // A few connections keep the server busy with batches; more would only queue.
    { name: 'batch', plan: batchPlan(transactions, settings.batchSize), servers: 'predictor', options: { ...base, connections: 4 } },
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
  try {
    for (const spec of allServerSpecs()) servers.push(await startNodeApp(spec));
    const predictor = servers.find((s) => s.name === PREDICTOR)!;
    const load: Record<string, Record<string, LoadResult>> = {};
    const serverLatency: Record<string, ServerLatency> = {};
    for (const loadCase of cases) {
      const targets = loadCase.servers === 'all' ? rotate(servers, round) : [predictor];
      const byServer: Record<string, LoadResult> = {};
      for (const server of targets) {
        console.error(`round ${round + 1}/${settings.rounds}: ${loadCase.name} on ${server.name}`);
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
    return { load, serverLatency, scrape, eventLoop, peakRssMb };
  } finally {
    for (const server of servers) await server.stop();
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
