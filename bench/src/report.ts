/** Turns the rounds into medians, ratios and target verdicts, and prints them as Markdown tables. */
import { EVENT_LOOP_BOUND_MS, type EventLoopResult } from './event-loop.js';
import type { LoadResult } from './load.js';
import type { ScrapeSummary } from './probes.js';
import type { RedisMemory } from './redis-usage.js';
import type { ServerLatency } from './server-latency.js';
import { BARE_HTTP, EXPRESS_MINIMAL, PREDICTOR, PREDICTOR_REDIS } from './servers.js';
import type { BenchSettings } from './settings.js';
import { median, medianOf } from './stats.js';

export interface RoundResult {
  /** case → server → result */
  readonly load: Record<string, Record<string, LoadResult>>;
  /** case → the predictor's own request-duration histogram over the measured run */
  readonly serverLatency: Record<string, ServerLatency>;
  readonly scrape: ScrapeSummary;
  readonly eventLoop: EventLoopResult;
  readonly peakRssMb: Record<string, number>;
  readonly redis: RedisUsage;
}

/** What the redis feature store cost Redis. */
export interface RedisUsage {
  /** case → Redis CPU (INFO commandstats usec) per scored transaction */
  readonly microsPerTransaction: Record<string, number>;
  readonly memory: RedisMemory;
}

/** The population the memory figures are scaled to. */
const CUSTOMERS_AT_SCALE = 10_000_000;

export interface Target {
  readonly name: string;
  readonly goal: string;
  readonly measured: number;
  readonly met: boolean;
}

export interface Summary {
  readonly load: Record<string, Record<string, LoadResult>>;
  /**
   * case → predictor req/s divided by each baseline's, and the baseline's CPU per request divided
   * by the predictor's (what the throughput ratio would be with a core to itself)
   */
  readonly ratios: Record<string, { vsExpressMinimal: number; vsBareHttp: number; cpuVsExpressMinimal: number }>;
  readonly batchTransactionsPerSecond: number;
  readonly serverLatency: Record<string, ServerLatency>;
  readonly scrape: ScrapeSummary;
  readonly eventLoop: EventLoopResult;
  readonly peakRssMb: Record<string, number>;
  /**
   * The redis store against the memory store: req/s ratio of single predictions and tx/s ratio of
   * batches (medians of each round's ratio: a round measures both back to back, so a slow spell of
   * the shared machine falls on both), batch tx/s, Redis costs.
   */
  readonly redis: RedisUsage & {
    readonly predictVsMemory: number;
    readonly batchVsMemory: number;
    readonly batchTransactionsPerSecond: number;
    /** Customer rings alone for 10 million customers, in GB. */
    readonly customersAtScaleGb: number;
  };
  readonly targets: readonly Target[];
}

function mapValues<V, W>(record: Record<string, V>, f: (value: V, key: string) => W): Record<string, W> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value, key)]));
}

function medianLoad(rounds: readonly RoundResult[]): Record<string, Record<string, LoadResult>> {
  const first = rounds[0]!.load;
  return mapValues(first, (servers, caseName) =>
    mapValues(servers, (_result, server) => medianOf(rounds.map((round) => round.load[caseName]![server]!))),
  );
}

function atMost(name: string, measured: number, bound: number, unit: string): Target {
  return { name, goal: `< ${bound} ${unit}`, measured, met: measured < bound };
}

function atLeast(name: string, measured: number, bound: number, unit: string): Target {
  return { name, goal: `>= ${bound} ${unit}`, measured, met: measured >= bound };
}

/** The median over rounds of the redis predictor's req/s divided by the memory one's, for a case. */
function medianRatio(rounds: readonly RoundResult[], caseName: string): number {
  return median(rounds.map((round) => round.load[caseName]![PREDICTOR_REDIS]!.requestsPerSecond / round.load[caseName]![PREDICTOR]!.requestsPerSecond));
}

export function summarise(rounds: readonly RoundResult[], settings: BenchSettings): Summary {
  const load = medianLoad(rounds);
  const ratios = mapValues(
    Object.fromEntries(Object.entries(load).filter(([, servers]) => EXPRESS_MINIMAL in servers)),
    (servers) => ({
      vsExpressMinimal: servers[PREDICTOR]!.requestsPerSecond / servers[EXPRESS_MINIMAL]!.requestsPerSecond,
      vsBareHttp: servers[PREDICTOR]!.requestsPerSecond / servers[BARE_HTTP]!.requestsPerSecond,
      cpuVsExpressMinimal: servers[EXPRESS_MINIMAL]!.cpuMsPerRequest / servers[PREDICTOR]!.cpuMsPerRequest,
    }),
  );
  const batchTransactionsPerSecond = median(
    rounds.map((round) => round.load.batch![PREDICTOR]!.requestsPerSecond * settings.batchSize),
  );
  const memory = medianOf(rounds.map((round) => round.redis.memory));
  const redis = {
    predictVsMemory: medianRatio(rounds, 'predict'),
    batchVsMemory: medianRatio(rounds, 'batch'),
    batchTransactionsPerSecond: median(rounds.map((round) => round.load.batch![PREDICTOR_REDIS]!.requestsPerSecond * settings.batchSize)),
    microsPerTransaction: mapValues(rounds[0]!.redis.microsPerTransaction, (_micros, caseName) =>
      median(rounds.map((round) => round.redis.microsPerTransaction[caseName]!)),
    ),
    memory,
    customersAtScaleGb: (CUSTOMERS_AT_SCALE * memory.bytesPerCustomer) / 1e9,
  };
  const serverLatency = mapValues(rounds[0]!.serverLatency, (_latency, caseName) =>
    medianOf(rounds.map((round) => round.serverLatency[caseName]!)),
  );
  const scrape = medianOf(rounds.map((round) => round.scrape));
  const eventLoop: EventLoopResult = {
    idle: medianOf(rounds.map((round) => round.eventLoop.idle)),
    duringBatches: medianOf(rounds.map((round) => round.eventLoop.duringBatches)),
    duringScrapes: medianOf(rounds.map((round) => round.eventLoop.duringScrapes)),
  };
  const targets = [
    atLeast('POST /v1/predict req/s, predictor / express-minimal', ratios.predict!.vsExpressMinimal, 0.8, 'x'),
    atLeast('POST /v1/predict CPU per request, express-minimal / predictor', ratios.predict!.cpuVsExpressMinimal, 0.8, 'x'),
    atLeast('batch scoring, transactions/s', batchTransactionsPerSecond, 100_000, 'tx/s'),
    atMost('/metrics scrape p99', scrape.p99Ms, 10, 'ms'),
    atMost(`POST /v1/predict p99 at ${settings.fixedRate} req/s, 10 connections`, load['fixed-rate']![PREDICTOR]!.latencyP99Ms, 5, 'ms'),
    atMost(`POST /v1/predict p99 at ${settings.fixedRate} req/s, 1 connection`, load['fixed-rate-1-connection']![PREDICTOR]!.latencyP99Ms, 5, 'ms'),
    atMost('probe p99 while batches are scored', eventLoop.duringBatches.p99Ms, EVENT_LOOP_BOUND_MS, 'ms'),
    atMost('probe p99 while /metrics is scraped', eventLoop.duringScrapes.p99Ms, EVENT_LOOP_BOUND_MS, 'ms'),
    atLeast('POST /v1/predict req/s, redis store / memory store', redis.predictVsMemory, 0.7, 'x'),
    atLeast('batch scoring with the redis store, transactions/s', redis.batchTransactionsPerSecond, 30_000, 'tx/s'),
  ];
  return {
    load,
    ratios,
    batchTransactionsPerSecond,
    serverLatency,
    scrape,
    eventLoop,
    peakRssMb: mapValues(rounds[0]!.peakRssMb, (_rss, server) => median(rounds.map((round) => round.peakRssMb[server]!))),
    redis,
    targets,
  };
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function formatReport(summary: Summary): string {
  const loadRows = Object.entries(summary.load).flatMap(([caseName, servers]) =>
    Object.entries(servers).map(([server, r]) => {
      const ratio = server === PREDICTOR ? summary.ratios[caseName] : undefined;
      return [
        caseName,
        server,
        fixed(r.requestsPerSecond, 0),
        fixed(r.latencyP50Ms, 0),
        fixed(r.latencyP99Ms, 0),
        fixed(r.cpuMsPerRequest, 3),
        ratio ? fixed(ratio.vsExpressMinimal, 2) : '',
        ratio ? fixed(ratio.vsBareHttp, 2) : '',
        ratio ? fixed(ratio.cpuVsExpressMinimal, 2) : '',
      ];
    }),
  );
  const probe = (name: string, s: { p50Ms: number; p99Ms: number; maxMs: number }): string[] => [
    name,
    fixed(s.p50Ms, 2),
    fixed(s.p99Ms, 2),
    fixed(s.maxMs, 2),
  ];
  return [
    table(
      ['case', 'server', 'req/s', 'p50 ms', 'p99 ms', 'server CPU ms/req', 'req/s vs express-minimal', 'req/s vs bare-http', 'CPU/req, express-minimal / predictor'],
      loadRows,
    ),
    '',
    table(
      ['case', "predictor's own p99 ms (its histogram)", 'answered within 5 ms'],
      Object.entries(summary.serverLatency).map(([caseName, l]) => [caseName, fixed(l.p99Ms, 2), `${fixed(100 * l.within5Ms, 1)} %`]),
    ),
    '',
    `batch scoring: ${fixed(summary.batchTransactionsPerSecond, 0)} transactions/s; ` +
      `with the redis store ${fixed(summary.redis.batchTransactionsPerSecond, 0)} transactions/s`,
    `redis store / memory store (median of the rounds' ratios): POST /v1/predict req/s ${fixed(summary.redis.predictVsMemory, 2)}x, ` +
      `batch tx/s ${fixed(summary.redis.batchVsMemory, 2)}x`,
    `Redis CPU per transaction (INFO commandstats): ` +
      Object.entries(summary.redis.microsPerTransaction)
        .map(([caseName, micros]) => `${caseName} ${fixed(micros, 1)} µs`)
        .join(', '),
    `Redis memory (MEMORY USAGE): ${fixed(summary.redis.memory.bytesPerCustomer, 0)} B per customer, ` +
      `${fixed(summary.redis.memory.bytesPerTerminal, 0)} B per terminal, ${fixed(summary.redis.memory.bytesPerPrediction, 0)} B per prediction kept; ` +
      `${CUSTOMERS_AT_SCALE.toLocaleString('en')} customers' rings ${fixed(summary.redis.customersAtScaleGb, 1)} GB`,
    `/metrics scrape (${summary.scrape.seriesLines} series, ${summary.scrape.bytes} bytes): ` +
      `p50 ${fixed(summary.scrape.p50Ms, 2)} ms, p99 ${fixed(summary.scrape.p99Ms, 2)} ms, ` +
      `server CPU ${fixed(summary.scrape.cpuMsPerScrape, 2)} ms per scrape`,
    '',
    table(['GET /healthz probe', 'p50 ms', 'p99 ms', 'max ms'], [
      probe('idle', summary.eventLoop.idle),
      probe('during batches', summary.eventLoop.duringBatches),
      probe('during scrapes', summary.eventLoop.duringScrapes),
    ]),
    '',
    table(['server', 'peak RSS MB'], Object.entries(summary.peakRssMb).map(([server, mb]) => [server, fixed(mb, 0)])),
    '',
    table(['target', 'goal', 'measured', 'met'], summary.targets.map((t) => [t.name, t.goal, fixed(t.measured, 2), t.met ? 'yes' : 'NO'])),
  ].join('\n');
}
