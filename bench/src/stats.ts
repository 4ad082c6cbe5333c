/** Summaries over repeated runs: medians resist the odd run that a shared machine spoils. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-quantile (0..1) of samples, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Field-by-field median of several runs of the same measurement. */
export function medianOf<T extends object>(runs: readonly T[]): T {
  const first = runs[0];
  if (!first) throw new Error('no runs to summarise');
  const field = (run: T, key: string): number => (run as Record<string, number>)[key]!;
  return Object.fromEntries(Object.keys(first).map((key) => [key, median(runs.map((run) => field(run, key)))])) as T;
}
