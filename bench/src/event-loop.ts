/**
 * The event-loop check: a cheap request (GET /healthz) probed while the predictor is idle,
 * while it scores batches back to back, and while it is scraped back to back. A large batch or
 * a scrape that held the event loop for long would show up as probe latency.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { drive, type RequestPlan } from './load.js';
import { probeLatencies, summarise, timedGet, type LatencySummary } from './probes.js';
import type { BenchSettings } from './settings.js';

export interface EventLoopResult {
  readonly idle: LatencySummary;
  readonly duringBatches: LatencySummary;
  readonly duringScrapes: LatencySummary;
}

/**
 * The documented bound on the probe's p99 while batches or scrapes run (docs/benchmarks.md):
 * a probe may wait behind the slice of a batch being scored and the next batch being parsed,
 * but never much longer.
 */
export const EVENT_LOOP_BOUND_MS = 50;

const PROBE_PATH = '/healthz';
const PROBE_INTERVAL_MS = 5;

async function probeWhile(url: string, seconds: number, background: (signal: AbortSignal) => Promise<unknown>): Promise<LatencySummary> {
  const controller = new AbortController();
  const stop = setTimeout(() => controller.abort(), seconds * 1000);
  try {
    const [latencies] = await Promise.all([
      probeLatencies(url, PROBE_PATH, PROBE_INTERVAL_MS, controller.signal),
      background(controller.signal),
    ]);
    return summarise(latencies);
  } finally {
    clearTimeout(stop);
  }
}

async function scrapeUntil(url: string, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) await timedGet(`${url}/metrics`);
}

export async function measureEventLoop(url: string, batch: RequestPlan, settings: BenchSettings): Promise<EventLoopResult> {
  const seconds = settings.probeSeconds;
  return {
    idle: await probeWhile(url, seconds, () => sleep(seconds * 1000)),
    duringBatches: await probeWhile(url, seconds, () =>
      drive(url, batch, { durationSeconds: seconds, warmupSeconds: 0, connections: 2 }, seconds),
    ),
    duringScrapes: await probeWhile(url, seconds, (signal) => scrapeUntil(url, signal)),
  };
}
