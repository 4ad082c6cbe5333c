/** The JSON summary of one run: what a person or a script reads afterwards. */
import type autocannon from 'autocannon';

export interface DecisionCounts {
  fraud: number;
  legit: number;
}

export interface RunSummary {
  readonly scenario: string;
  readonly seed: number;
  /** The target's URL; several, comma-separated, when the load was spread. */
  readonly target: string;
  readonly durationSeconds: number;
  /** Responses received (any status). */
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number };
  /** Connection errors, timeouts included. */
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Decisions read from 2xx response bodies (routes that answer with one). */
  readonly fraudDecisions: number;
  readonly legitDecisions: number;
}

interface SummaryContext {
  readonly scenario: string;
  readonly seed: number;
  readonly targets: readonly URL[];
  readonly decisions: DecisionCounts;
}

export function summarise(result: autocannon.Result, context: SummaryContext): RunSummary {
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = Number(stats.count ?? 0);
  const requests = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  return {
    scenario: context.scenario,
    seed: context.seed,
    target: context.targets.map((target) => target.href).join(','),
    durationSeconds: result.duration,
    requests,
    // The run's own average: autocannon's per-second samples under-count a short run's last partial second.
    requestsPerSecond: result.duration > 0 ? Math.round((requests / result.duration) * 10) / 10 : 0,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99 },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    fraudDecisions: context.decisions.fraud,
    legitDecisions: context.decisions.legit,
  };
}

/** Why a run should count as failed, or undefined when every request got a 2xx answer. */
export function failureOf(summary: RunSummary): string | undefined {
  if (summary.requests === 0 && summary.errors === 0) return `no request completed against ${summary.target}`;
  if (summary.errors === 0 && summary.non2xx === 0) return undefined;
  const codes = Object.entries(summary.statusCodes)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, count]) => `HTTP ${code}: ${count}`);
  if (summary.errors > 0) codes.push(`connection errors: ${summary.errors} (timeouts: ${summary.timeouts})`);
  return `${summary.non2xx + summary.errors} of ${summary.requests + summary.errors} requests failed against ${summary.target} (${codes.join(', ')})`;
}

/** One plain line for logs and non-terminal output. */
export function formatSummaryLine(summary: RunSummary): string {
  const { latencyMs: l } = summary;
  return (
    `${summary.scenario}: ${summary.requests} requests in ${summary.durationSeconds.toFixed(1)} s ` +
    `(${summary.requestsPerSecond} req/s), latency p50 ${l.p50} ms p90 ${l.p90} ms p99 ${l.p99} ms, ` +
    `fraud decisions ${summary.fraudDecisions}/${summary.fraudDecisions + summary.legitDecisions}, ` +
    `non-2xx ${summary.non2xx}, errors ${summary.errors}`
  );
}
