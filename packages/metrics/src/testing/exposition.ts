/**
 * A small parser of the Prometheus text exposition format, for tests that check what a /metrics
 * endpoint says (the predictor's own tests, the loadgen's). npm has no well-kept parser: the one
 * there (parse-prometheus-text-format) has had no release since 2019 and no types.
 */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Exposition {
  /** Metric family name → declared TYPE. */
  readonly types: ReadonlyMap<string, string>;
  readonly samples: readonly Sample[];
}

const TYPE_LINE = /^# TYPE (\S+) (\S+)$/;
/** `name{labels} value [timestamp]`: prom-client writes no timestamps, other exporters may. */
const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/;
const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** Parses a whole exposition; a line that is none of HELP, TYPE, sample or blank is an error. */
export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP')) continue;
    const type = TYPE_LINE.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    const sample = SAMPLE_LINE.exec(line);
    if (!sample) throw new Error(`unparseable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    // The format's escapes (\\, \", \n) are JSON's.
    for (const [, key, value] of (sample[2] ?? '').matchAll(LABEL_PAIR)) labels[key!] = JSON.parse(`"${value}"`) as string;
    samples.push({ name: sample[1]!, labels, value: parseValue(sample[3]!) });
  }
  return { types, samples };
}

function matching(exposition: Exposition, name: string, labels: Readonly<Record<string, string>>): Sample[] {
  return exposition.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The value of the one sample named `name` whose labels include `labels` (it must exist). */
export function valueOf(exposition: Exposition, name: string, labels: Readonly<Record<string, string>> = {}): number {
  const found = matching(exposition, name, labels);
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]!.value;
}

/** The sum over every sample named `name` whose labels include `labels` (0 when there is none). */
export function sumOf(exposition: Exposition, name: string, labels: Readonly<Record<string, string>> = {}): number {
  return matching(exposition, name, labels).reduce((sum, s) => sum + s.value, 0);
}

/** The cumulative buckets of histogram `name` whose labels include `labels`: [upper bound, count], ascending. */
export function bucketsOf(exposition: Exposition, name: string, labels: Readonly<Record<string, string>> = {}): [number, number][] {
  return matching(exposition, `${name}_bucket`, labels)
    .map((s): [number, number] => [parseValue(s.labels.le ?? 'NaN'), s.value])
    .sort((a, b) => a[0] - b[0]);
}
