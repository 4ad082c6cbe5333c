/** Prometheus/Grafana duration strings (`1m30s`) to and from seconds. */

const UNITS: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
const DURATION = /^(?:\d+[wdhms])+$/;

export function durationSeconds(text: string): number {
  if (!DURATION.test(text)) throw new Error(`not a duration: "${text}"`);
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([wdhms])/g)) total += Number(n) * (UNITS[unit ?? ''] ?? 0);
  return total;
}

export function formatDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`not a whole number of seconds: ${seconds}`);
  if (seconds === 0) return '0s';
  let rest = seconds;
  let out = '';
  for (const unit of ['h', 'm', 's'] as const) {
    const size = UNITS[unit] ?? 1;
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) out += `${n}${unit}`;
  }
  return out;
}
