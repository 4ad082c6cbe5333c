/** Benchmark settings: defaults for the recorded run, overridable from the environment for a quick look. */
import { fileURLToPath } from 'node:url';

/** A positive number from the environment variable `name`, or `fallback` when it is unset. */
export function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export interface BenchSettings {
  /** Rounds over every case and server; results are the medians over rounds. */
  readonly rounds: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  /** The fixed rate at which p99 is held to its target. */
  readonly fixedRate: number;
  readonly batchSize: number;
  readonly scrapes: number;
  /** How long each event-loop condition (idle, batches, scrapes) is probed. */
  readonly probeSeconds: number;
}

export function readSettings(): BenchSettings {
  return {
    rounds: positiveNumber('BENCH_ROUNDS', 3),
    durationSeconds: positiveNumber('BENCH_DURATION', 5),
    warmupSeconds: positiveNumber('BENCH_WARMUP', 1),
    connections: positiveNumber('BENCH_CONNECTIONS', 10),
    fixedRate: positiveNumber('BENCH_FIXED_RATE', 1000),
    batchSize: positiveNumber('BENCH_BATCH_SIZE', 1000),
    scrapes: positiveNumber('BENCH_SCRAPES', 50),
    probeSeconds: positiveNumber('BENCH_PROBE_SECONDS', 3),
  };
}

export const benchDir = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
