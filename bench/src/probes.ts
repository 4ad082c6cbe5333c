/**
 * Latency probes timed from the client with sub-millisecond resolution (autocannon's
 * histograms hold whole milliseconds): the /metrics scrape and the event-loop check.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningNodeApp } from '@fraudwatch/stack';
import { cpuMillis } from './proc-stats.js';
import { quantile } from './stats.js';

export interface LatencySummary {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function summarise(latencies: readonly number[]): LatencySummary {
  return {
    samples: latencies.length,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    maxMs: latencies.length ? Math.max(...latencies) : Number.NaN,
  };
}

/** Time of one GET, body fully read; throws on a non-2xx answer. */
export async function timedGet(url: string): Promise<{ ms: number; body: string }> {
  const start = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  const ms = performance.now() - start;
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return { ms, body };
}

export interface ScrapeSummary extends LatencySummary {
  readonly bytes: number;
  readonly seriesLines: number;
  /** The server's own CPU time per scrape: the part of a scrape's latency no neighbour adds to. */
  readonly cpuMsPerScrape: number;
}

/** `count` sequential scrapes of /metrics. */
export async function measureScrape(server: RunningNodeApp, count: number): Promise<ScrapeSummary> {
  const latencies: number[] = [];
  let body = '';
  const cpuBefore = await cpuMillis(server.pid);
  for (let i = 0; i < count; i += 1) {
    const scrape = await timedGet(`${server.url}/metrics`);
    latencies.push(scrape.ms);
    body = scrape.body;
  }
  const cpuMsPerScrape = ((await cpuMillis(server.pid)) - cpuBefore) / count;
  const seriesLines = body.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
  return { ...summarise(latencies), bytes: Buffer.byteLength(body), seriesLines, cpuMsPerScrape };
}

/**
 * Sends GET `path` one at a time, `intervalMs` apart, until `signal` aborts, and returns each
 * request's latency: a request that waits behind a blocked event loop shows up here.
 */
export async function probeLatencies(baseUrl: string, path: string, intervalMs: number, signal: AbortSignal): Promise<number[]> {
  const latencies: number[] = [];
  while (!signal.aborted) {
    latencies.push((await timedGet(baseUrl + path)).ms);
    await sleep(intervalMs);
  }
  return latencies;
}
