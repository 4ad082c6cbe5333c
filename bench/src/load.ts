/**
 * One measured load run against one server: a warm-up (discarded), then a timed autocannon run
 * with the server's CPU time read from /proc before and after.
 */
import autocannon from 'autocannon';
import type { RunningNodeApp } from '@fraudwatch/stack';
import { cpuMillis } from './proc-stats.js';

export interface RequestPlan {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** What changes from one request to the next (a different transaction each time). */
  readonly next?: () => { path?: string; body?: string };
}

export interface LoadOptions {
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  /** Fixed request rate over all connections; unset = as fast as the server answers. */
  readonly overallRate?: number;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly cpuMsPerRequest: number;
  readonly completed: number;
}

/** Drives `plan` against `url` for `durationSeconds` with autocannon. */
export function drive(url: string, plan: RequestPlan, options: LoadOptions, durationSeconds: number): Promise<autocannon.Result> {
  const { next } = plan;
  return autocannon({
    url,
    connections: options.connections,
    duration: durationSeconds,
    ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
    requests: [
      {
        method: plan.method,
        path: plan.path,
        headers: plan.method === 'POST' ? { 'content-type': 'application/json' } : {},
        ...(next ? { setupRequest: (request: autocannon.Request) => ({ ...request, ...next() }) } : {}),
      },
    ],
  });
}

/** Fails the run on any error or non-2xx answer: a benchmark of error responses measures nothing. */
function assertAllSucceeded(name: string, plan: RequestPlan, result: autocannon.Result): void {
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${name} ${plan.method} ${plan.path}: ${result.non2xx} non-2xx, ${result.errors} errors, ` +
        `${result.timeouts} timeouts; status codes ${JSON.stringify(result.statusCodeStats)}`,
    );
  }
}

/** Called right before and right after the measured run (the warm-up excluded). */
export interface MeasuredRunHooks {
  before(): Promise<void>;
  after(): Promise<void>;
}

export async function measureLoad(
  server: RunningNodeApp,
  plan: RequestPlan,
  options: LoadOptions,
  hooks?: MeasuredRunHooks,
): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await drive(server.url, plan, options, options.warmupSeconds);
  await hooks?.before();
  const cpuBefore = await cpuMillis(server.pid);
  const result = await drive(server.url, plan, options, options.durationSeconds);
  const cpuAfter = await cpuMillis(server.pid);
  await hooks?.after();
  assertAllSucceeded(server.name, plan, result);
  const completed = result.requests.total;
  return {
    requestsPerSecond: completed / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    cpuMsPerRequest: completed > 0 ? (cpuAfter - cpuBefore) / completed : Number.NaN,
    completed,
  };
}
