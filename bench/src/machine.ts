/** Where a benchmark ran: results mean little without it. */
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

export function machine(): Record<string, string | number> {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cpus: availableParallelism(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    loadAverage1m: loadavg()[0] ?? Number.NaN,
  };
}
