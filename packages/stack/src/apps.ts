/**
 * The FraudWatch apps as processes: the predictor started on a free loopback port, the loadgen
 * CLI run to completion. Spawned from their built entry points, never imported (nothing imports
 * an app).
 */
import { existsSync } from 'node:fs';
import { repoPath } from '@fraudwatch/dashboards';
import { freePort, LOOPBACK } from './ports.js';
import { waitForHttpOk } from './poll.js';
import { runToCompletion, startProcess, type ManagedProcess, type RunResult } from './process.js';

export const APP_ENTRY_POINTS = {
  predictor: 'apps/predictor/dist/main.js',
  loadgen: 'apps/loadgen/dist/cli.js',
} as const;

function builtEntryPoint(app: keyof typeof APP_ENTRY_POINTS): string {
  const path = repoPath(APP_ENTRY_POINTS[app]);
  if (!existsSync(path)) throw new Error(`${path} does not exist: build first (\`pnpm exec turbo run build\`)`);
  return path;
}

export interface RunningPredictor {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** `host:port`, the scrape target and the Prometheus `instance` label. */
  readonly address: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

export interface StartPredictorOptions {
  /** Extra environment (ALERT_COUNTER_MODE, LOG_LEVEL, …); PORT and HOST are chosen here. */
  readonly env?: Record<string, string>;
  readonly readyTimeoutMs?: number;
  readonly echo?: NodeJS.WritableStream;
}

/** Starts the built predictor on a free 127.0.0.1 port and resolves once `/readyz` answers 200. */
export async function startPredictor(options: StartPredictorOptions = {}): Promise<RunningPredictor> {
  const port = await freePort();
  const address = `${LOOPBACK}:${port}`;
  const url = `http://${address}`;
  const proc = startProcess({
    name: 'predictor',
    command: process.execPath,
    args: [builtEntryPoint('predictor')],
    env: { ...process.env, LOG_LEVEL: 'warn', ...options.env, PORT: String(port), HOST: LOOPBACK },
    ...(options.echo ? { echo: options.echo } : {}),
  });
  try {
    await waitForHttpOk(`${url}/readyz`, {
      timeoutMs: options.readyTimeoutMs ?? 30_000,
      what: `the predictor to be ready at ${url}`,
      abortIf: () => proc.assertRunning(),
    });
  } catch (error) {
    await proc.stop();
    throw new Error(`predictor did not start: ${(error as Error).message}\npredictor output:\n${proc.logs()}`);
  }
  return { url, address, process: proc, stop: () => proc.stop() };
}

export interface RunLoadgenOptions {
  readonly timeoutMs: number;
  /** Show the loadgen's progress and timeline (stderr) here as it happens. */
  readonly stderrTo?: NodeJS.WritableStream;
  /** Stops the run early (as the timeout does). */
  readonly signal?: AbortSignal;
}

/** Runs `fraudwatch-loadgen <args>` to completion; its JSON summary or drill report is on stdout. */
export function runLoadgen(args: readonly string[], options: RunLoadgenOptions): Promise<RunResult> {
  return runToCompletion({
    command: process.execPath,
    args: [builtEntryPoint('loadgen'), ...args],
    timeoutMs: options.timeoutMs,
    ...(options.stderrTo ? { stderrTo: options.stderrTo } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
