/** Reads samples out of a Prometheus text exposition. */

interface Sample {
  readonly labels: readonly string[];
  readonly value: number;
}

/** Every sample of `name` whose labels include `labels`, with its labels as `key="value"` pairs. */
function samples(text: string, name: string, labels: Readonly<Record<string, string>>): Sample[] {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const found: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((pair) => present.includes(pair))) found.push({ labels: present, value: Number(match[3]) });
  }
  return found;
}

/** The value of `name{labels}` in `text`, or undefined when that series is absent. */
export function sampleValue(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  return samples(text, name, labels)[0]?.value;
}

/** The cumulative buckets of histogram `name{labels}`: upper bound → count, in ascending order. */
export function histogramBuckets(text: string, name: string, labels: Readonly<Record<string, string>>): [number, number][] {
  return samples(text, `${name}_bucket`, labels)
    .map((s): [number, number] => {
      const le = s.labels.find((pair) => pair.startsWith('le='))!.slice(4, -1);
      return [le === '+Inf' ? Infinity : Number(le), s.value];
    })
    .sort((a, b) => a[0] - b[0]);
}
