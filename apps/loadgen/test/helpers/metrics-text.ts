/** Reads samples out of the predictor's /metrics exposition, by catalogue name and labels. */
import { getText } from '../../src/http.js';

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Sum of the samples of `name` whose labels include `labels`. */
export function sumSamples(exposition: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  let sum = 0;
  for (const line of exposition.split('\n')) {
    const match = SAMPLE.exec(line);
    if (match?.[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) sum += Number(match[3]);
  }
  return sum;
}

export async function readMetric(target: URL, name: string, labels: Readonly<Record<string, string>> = {}): Promise<number> {
  return sumSamples(await getText(target, '/metrics'), name, labels);
}
