/**
 * Runs one scenario with autocannon: each request is the scenario's next one, the run stops by
 * itself after a duration or an amount, and decisions are read back from the response bodies.
 */
import autocannon from 'autocannon';
import { authHeaders, targetPath } from './http.js';
import type { Scenario } from './scenarios/scenario.js';
import { summarise, type DecisionCounts, type RunSummary } from './summary.js';

/** `tty`: autocannon's progress bar and result table; `lines`: one plain line a second; `none`: silent. */
export type ProgressMode = 'tty' | 'lines' | 'none';

export interface RunOptions {
  /** Requests are spread over these, each getting the same number of connections. */
  readonly targets: readonly URL[];
  readonly scenario: Scenario;
  readonly seed: number;
  readonly connections: number;
  /** Seconds; the bound when no amount is given. */
  readonly durationSeconds: number;
  /** Requests; takes precedence over the duration. */
  readonly amount?: number;
  /** Requests per second over all connections; unlimited when absent. */
  readonly rate?: number;
  readonly progress: ProgressMode;
  /** Where progress goes (stderr, so stdout stays the JSON summary). */
  readonly output: NodeJS.WritableStream;
  /** Stops the run early (the drill stops the burst once the alerts fire). */
  readonly signal?: AbortSignal;
  /** The predictor's API key, sent as a bearer token with every request (setup included). */
  readonly apiKey?: string;
}

export async function runScenario(options: RunOptions): Promise<RunSummary> {
  const { scenario, targets } = options;
  const [first] = targets;
  if (first === undefined) throw new Error('no target');
  const auth = authHeaders(options.apiKey);
  // The setup goes to one target: replicas that share their state (FEATURE_STORE=redis) all see it.
  await scenario.prepare?.(first, auth);
  const amount = options.amount ?? scenario.defaultAmount;
  const evenConnections = Math.ceil(options.connections / targets.length) * targets.length;
  const decisions: DecisionCounts = { fraud: 0, legit: 0 };
  let responses = 0;
  const started = Date.now();

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        // autocannon takes several urls and gives connection i to url i mod n (its README); its
        // typings only know one.
        url: targets.map((target) => target.origin) as unknown as string,
        connections: amount === undefined ? evenConnections : Math.min(evenConnections, amount),
        duration: options.durationSeconds,
        ...(amount === undefined ? {} : { amount }),
        ...(options.rate === undefined ? {} : { overallRate: options.rate }),
        headers: { 'content-type': 'application/json', ...auth },
        requests: [
          {
            setupRequest: (request) => {
              const next = scenario.next();
              return { ...request, method: next.method, path: targetPath(first, next.path), body: next.body ?? '' };
            },
            onResponse: (status, body) => {
              responses += 1;
              if (status < 200 || status >= 300) return;
              const decision = scenario.decisionOf(body);
              if (decision !== undefined) decisions[decision] += 1;
            },
          },
        ],
      },
      (error: unknown, finished: autocannon.Result) => (error ? reject(toError(error)) : resolve(finished)),
    );
    const stop = (): void => instance.stop();
    if (options.signal?.aborted) stop();
    options.signal?.addEventListener('abort', stop, { once: true });
    instance.once('done', () => options.signal?.removeEventListener('abort', stop));
    if (options.progress === 'tty') {
      autocannon.track(instance, { outputStream: options.output, renderProgressBar: true, renderResultsTable: true });
    } else if (options.progress === 'lines') {
      instance.on('tick', () => {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        options.output.write(`${scenario.name}: t+${seconds}s ${responses} responses, ${decisions.fraud} fraud decisions\n`);
      });
    }
  });
  return summarise(result, { scenario: scenario.name, seed: options.seed, targets, decisions });
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
